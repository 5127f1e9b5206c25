"""The validated graph of a site and the questions every output asks of it.

Only `Site.public` (published, date reached) feeds readers' outputs; the other
statuses exist here so that their absence can be enforced in one place.
"""

from __future__ import annotations

import datetime as dt
import heapq
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

from slugify import slugify

from .model import Campaign, Exemplar, Settings
from .schema import KINDS


def build_time(tz: dt.tzinfo) -> dt.datetime:
    """'Now' for embargoes; SOURCE_DATE_EPOCH pins it so a build can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz)
    return dt.datetime.now(tz)


@lru_cache(maxsize=4096)  # asked for on every card of every page; slugify is slow
def locality_slug(name: str) -> str:
    return slugify(name) or "khac"


@dataclass(frozen=True)
class Group:
    """A browse page: a key, its label, its address and its exemplars (newest first)."""

    key: str
    label: str
    url: str
    exemplars: tuple[Exemplar, ...]


def newest_first(items: list[Exemplar]) -> tuple[Exemplar, ...]:
    return tuple(sorted(items, key=lambda e: (e.published, e.id), reverse=True))


class Site:
    def __init__(self, settings: Settings, exemplars: list[Exemplar],
                 campaigns: dict[str, Campaign], now: dt.datetime | None = None) -> None:
        self.settings = settings
        self.all = exemplars
        self.campaigns = dict(sorted(campaigns.items(),
                                     key=lambda kv: (kv[1].status != "active", -kv[1].end,
                                                     kv[1].title)))
        self.now = now or build_time(settings.tz)

    # -- who reaches readers

    @cached_property
    def public(self) -> tuple[Exemplar, ...]:
        return newest_first([e for e in self.all if e.is_public(self.now)])

    @cached_property
    def withdrawn(self) -> tuple[Exemplar, ...]:
        return tuple(sorted((e for e in self.all if e.status == "withdrawn"),
                            key=lambda e: e.slug))

    @cached_property
    def featured(self) -> tuple[Exemplar, ...]:
        return tuple(e for e in self.public if e.featured)

    def exemplar_url(self, e: Exemplar) -> str:
        return f"dien-hinh/{e.slug}/"

    # -- browse groups

    @cached_property
    def by_field(self) -> list[Group]:
        groups = defaultdict(list)
        for e in self.public:
            groups[e.field].append(e)
        return [Group(k, label, f"linh-vuc/{k}/", newest_first(groups[k]))
                for k, label in self.settings.fields.items() if groups[k]]

    @cached_property
    def by_locality(self) -> list[Group]:
        groups = defaultdict(list)
        for e in self.public:
            groups[e.locality].append(e)
        names = list(self.settings.localities) or sorted(groups)
        names += sorted(n for n in groups if n not in names)
        return [Group(locality_slug(n), n, f"dia-ban/{locality_slug(n)}/",
                      newest_first(groups[n])) for n in names if groups[n]]

    @cached_property
    def by_year(self) -> list[Group]:
        groups = defaultdict(list)
        for e in self.public:
            groups[e.year].append(e)
        return [Group(str(y), f"Năm {y}", f"nam/{y}/", newest_first(groups[y]))
                for y in sorted(groups, reverse=True)]

    KIND_SLUGS = {"individual": "ca-nhan", "collective": "tap-the", "household": "ho-gia-dinh"}

    @cached_property
    def by_kind_groups(self) -> list[Group]:
        return [Group(self.KIND_SLUGS[k], label, f"loai/{self.KIND_SLUGS[k]}/", tuple(items))
                for k, label, items in self.by_kind(self.public)]

    @cached_property
    def by_campaign(self) -> list[Group]:
        return [Group(c.slug, c.title, f"phong-trao/{c.slug}/tat-ca/", self.in_campaign(c.slug))
                for c in self.campaigns.values() if self.in_campaign(c.slug)]

    def in_campaign(self, slug: str) -> tuple[Exemplar, ...]:
        return tuple(e for e in self.public if slug in e.campaigns)

    def by_kind(self, items: tuple[Exemplar, ...]) -> list[tuple[str, str, list[Exemplar]]]:
        return [(k, label, [e for e in items if e.kind == k]) for k, label in KINDS.items()
                if any(e.kind == k for e in items)]

    def progress(self, slug: str) -> list[tuple[str, str, int, int | None]]:
        """(kind, label, count, target) for each kind with a target or an exemplar."""
        c = self.campaigns[slug]
        items = self.in_campaign(slug)
        rows = []
        for k, label in KINDS.items():
            count = sum(1 for e in items if e.kind == k)
            target = c.targets.get(k)
            if target is not None or count:
                rows.append((k, label, count, target))
        return rows

    # Related exemplars are looked for among the newest this many of each campaign and field:
    # scanning the whole site for every page made a build quadratic in the number of profiles.
    RELATED_WINDOW = 256

    @cached_property
    def _public_groups(self) -> dict[tuple[str, str], list[tuple[int, Exemplar]]]:
        """("c", slug) / ("f", field) → (position in `public`, exemplar), newest first."""
        groups: dict[tuple[str, str], list[tuple[int, Exemplar]]] = defaultdict(list)
        for i, o in enumerate(self.public):
            for key in {("c", c) for c in o.campaigns} | {("f", o.field)}:
                if len(groups[key]) < self.RELATED_WINDOW:
                    groups[key].append((i, o))
        return groups

    @cached_property
    def _campaign_sets(self) -> dict[str, frozenset[str]]:
        return {o.id: frozenset(o.campaigns) for o in self.public}

    def related(self, e: Exemplar, limit: int = 4) -> tuple[Exemplar, ...]:
        """Same campaign first, then same field; newest first within each."""
        # The ranking depends only on the campaigns and the field: profiles that share
        # both share it (less themselves), so it is worked out once for all of them.
        ranked = self._ranked(frozenset(e.campaigns), e.field, limit + 1)
        return tuple(o for o in ranked if o.id != e.id)[:limit]

    def _ranked(self, mine: frozenset[str], field: str, limit: int) -> tuple[Exemplar, ...]:
        memo = self._ranked_memo
        if (mine, field, limit) not in memo:
            memo[mine, field, limit] = self._rank(mine, field, limit)
        return memo[mine, field, limit]

    @cached_property
    def _ranked_memo(self) -> dict[tuple, tuple[Exemplar, ...]]:
        return {}

    def _rank(self, mine: frozenset[str], field: str, limit: int) -> tuple[Exemplar, ...]:
        sets = self._campaign_sets
        pool: dict[int, Exemplar] = {}
        for key in [("c", c) for c in sorted(mine)] + [("f", field)]:
            pool.update(self._public_groups.get(key, ()))
        # One set per exemplar, built once: this runs for every page of a big site.
        ranked = heapq.nsmallest(limit, (
            (-len(mine & sets[o.id]), o.field != field, i, o)
            for i, o in pool.items()), key=lambda t: t[:3])
        return tuple(t[3] for t in ranked)

    def field_label(self, key: str) -> str:
        return self.settings.fields.get(key, key)

    def campaigns_of(self, e: Exemplar) -> list[Campaign]:
        return [self.campaigns[s] for s in e.campaigns if s in self.campaigns]
