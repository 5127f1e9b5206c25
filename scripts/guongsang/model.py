"""Typed, validated content objects. Built only by `validate.py`; read by every output."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from .schema import AWARD_LEVELS, DEFAULT_FIELDS, KINDS


@dataclass(frozen=True)
class MediaRef:
    src: str  # as written by the editor
    rel: str  # path inside content/media/, posix ("exemplars/an.jpg")
    path: Path  # absolute file


@dataclass(frozen=True)
class Photo:
    media: MediaRef
    alt: str
    credit: str = ""


@dataclass(frozen=True)
class Audio:
    media: MediaRef
    duration: str = ""


@dataclass(frozen=True)
class Person:
    birth_year: int | None = None
    hometown: str = ""
    position: str = ""
    minor: bool = False


@dataclass(frozen=True)
class Consent:
    date: dt.date
    by: str
    scope: frozenset[str]
    guardian: str = ""


@dataclass(frozen=True)
class Award:
    title: str
    level: str
    decision: str = ""
    date: dt.date | None = None
    revoked: dt.date | None = None

    @property
    def level_label(self) -> str:
        return AWARD_LEVELS[self.level]


@dataclass(frozen=True)
class Exemplar:
    slug: str
    id: str
    title: str
    kind: str
    summary: str
    field: str
    locality: str
    year: int
    status: str
    body: str
    source: str  # file shown to editors
    body_line: int = 1  # where the story starts in `source`
    campaigns: tuple[str, ...] = ()
    unit: str = ""
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    withdrawn_reason: str = ""
    photo: Photo | None = None
    person: Person | None = None
    consent: Consent | None = None
    awards: tuple[Award, ...] = ()
    tags: tuple[str, ...] = ()
    featured: bool = False
    audio: Audio | None = None
    aliases: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def is_public(self, now: dt.datetime) -> bool:
        """Only `published` profiles whose date has come reach readers."""
        return self.status == "published" and self.published is not None \
            and self.published <= now

    def consented(self, detail: str) -> bool:
        """Collectives are not personal data; people's details need consent in scope."""
        if self.kind == "collective":
            return True
        return self.consent is not None and detail in self.consent.scope

    @property
    def public_photo(self) -> Photo | None:
        return self.photo if self.photo and self.consented("photo") else None

    @property
    def public_audio(self) -> Audio | None:
        return self.audio if self.audio and self.consented("audio") else None

    @property
    def birth_year(self) -> int | None:
        p = self.person
        return p.birth_year if p and self.consented("birth_year") else None

    @property
    def hometown(self) -> str:
        p = self.person
        return p.hometown if p and self.consented("hometown") else ""

    @property
    def position(self) -> str:
        return self.person.position if self.person else ""

    @property
    def visible_awards(self) -> tuple[Award, ...]:
        """Revoked awards are never shown; oldest first, as a timeline reads."""
        shown = [a for a in self.awards if a.revoked is None]
        return tuple(sorted(shown, key=lambda a: (a.date or dt.date.min, a.title)))


@dataclass(frozen=True)
class Campaign:
    slug: str
    title: str
    lead: str
    start: int
    end: int
    body: str
    source: str
    short_title: str = ""
    partners: tuple[str, ...] = ()
    targets: dict[str, int] = field(default_factory=dict)
    hashtags: tuple[str, ...] = ()
    status: str = "active"

    @property
    def name(self) -> str:
        return self.short_title or self.title


@dataclass(frozen=True)
class PrintOptions:
    """Which print and screen outputs a build makes (`print:` in mkdocs.yml)."""

    booklets: bool = True
    posters: bool = True
    slides: bool = True
    paper: str = "A5"

    @property
    def any(self) -> bool:
        return self.booklets or self.posters or self.slides


@dataclass(frozen=True)
class Settings:
    site_url: str
    site_name: str
    owner: str
    localities: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    radio: dict = field(default_factory=dict)
    facebook: dict = field(default_factory=dict)
    feeds_limit: int = 50
    admin: dict = field(default_factory=dict)
    timezone: str = "Asia/Ho_Chi_Minh"
    prints: PrintOptions = field(default_factory=PrintOptions)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
