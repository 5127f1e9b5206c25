"""Raw records → validated model objects, with every problem reported at once.

`check_mapping` applies the declarations of `schema.py` (types, required keys, choices,
unknown keys); the functions below it add the rules that span keys and files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import checkcache, media
from .load import BadValue, LDict, LList, Source, display_path, read_source, read_tree
from .model import (
    Audio,
    Award,
    Campaign,
    Consent,
    Exemplar,
    MediaRef,
    Person,
    Photo,
    PrintOptions,
    Settings,
)
from .pagecache import stable
from .problems import Problem, Problems, closest, suggest
from .schema import (
    CAMPAIGN_KEYS,
    DEFAULT_FIELDS,
    EXEMPLAR_KEYS,
    ID_PATTERN,
    SETTINGS_KEYS,
    SLUG_PATTERN,
    Key,
)
from .text import find_personal_identifiers

_MARKDOWN = re.compile(r"\*\*|__|`|\[[^\]]*\]\([^)]*\)|<[a-zA-Z/][^>]*>|^\s*#", re.M)
_TYPE_NAMES = {"str": "chuỗi chữ", "text": "chuỗi chữ", "int": "số nguyên",
               "bool": "true hoặc false", "date": "ngày dạng YYYY-MM-DD", "list": "danh sách",
               "map": "nhóm khóa con", "enum": "một giá trị trong danh sách"}

_MISSING = object()


@dataclass
class Ctx:
    """Where we are (file) and what values are valid there (fields, campaigns, localities)."""

    file: str
    problems: Problems
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def error(self, line: int, key: str, message: str, hint: str = "") -> None:
        self.problems.add(self.file, line, key, message, hint)

    def warn(self, line: int, key: str, message: str, hint: str = "") -> None:
        self.problems.warn(self.file, line, key, message, hint)


def check_mapping(data: LDict, keys: tuple[Key, ...], ctx: Ctx, prefix: str = "",
                  owner_line: int | None = None) -> dict:
    """Check one mapping against its declared keys; return only the values that passed.

    Missing keys are reported at `owner_line` (the line of the key that holds the mapping)."""
    known = {k.name: k for k in keys}
    out: dict[str, Any] = {}
    for name, value in data.items():
        line = data.line_of(name)
        path = f"{prefix}{name}"
        key = known.get(name)
        if key is None:
            near = closest(name, known)
            hint = f"Có phải ý bạn là “{prefix}{near[0]}”?" if near else \
                "Các khóa hợp lệ: " + ", ".join(known) + "."
            ctx.error(line, path, f"khóa “{name}” không có trong quy định", hint)
            continue
        if value is None:
            continue  # `key:` with nothing after it counts as absent
        checked = check_value(value, key, ctx, path, line)
        if checked is not _MISSING:
            out[name] = checked
    for key in keys:
        if key.required is True and data.get(key.name) is None:
            ctx.error(owner_line or data.line, f"{prefix}{key.name}",
                      f"thiếu khóa bắt buộc “{key.name}”",
                      f"Thêm dòng “{key.name}: …” ({key.label.lower()}). {key.help}".strip())
    return out


def check_value(value: Any, key: Key, ctx: Ctx, path: str, line: int) -> Any:
    if isinstance(value, BadValue):
        # YAML read it as a date that does not exist (its reason is in English).
        ctx.error(line, path, f"“{value.text}” không phải ngày có thật",
                  "Kiểm tra lại ngày, tháng: ví dụ 2024-02-29 chỉ có trong năm nhuận.")
        return _MISSING
    wrong = f"“{path}” phải là {_TYPE_NAMES.get(key.type, key.type)}"
    t = key.type
    if t == "any":
        return value
    if t == "map":
        if not isinstance(value, LDict):
            ctx.error(line, path, wrong, "Viết các khóa con thụt vào hai dấu cách ở dòng dưới.")
            return _MISSING
        return check_mapping(value, key.keys, ctx, prefix=f"{path}.", owner_line=line)
    if t == "list":
        items = value if isinstance(value, LList) else None
        if items is None:
            if isinstance(value, (LDict, bool)):
                ctx.error(line, path, wrong, f"Viết dạng danh sách: {path}: [a, b].")
                return _MISSING
            items = LList([value])
            items.line, items.lines = line, [line]
        out = []
        for i, item in enumerate(items):
            checked = check_value(item, key.item, ctx, f"{path}[{i + 1}]", items.line_of(i))
            if checked is not _MISSING:
                out.append(checked)
        return out
    if t == "bool":
        if not isinstance(value, bool):
            ctx.error(line, path, wrong, "Ghi true (có) hoặc false (không).")
            return _MISSING
        return value
    if t == "int":
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.error(line, path, f"{wrong}, đang là “{value}”", "Ghi số, ví dụ 2024.")
            return _MISSING
        if (key.minimum is not None and value < key.minimum) or \
                (key.maximum is not None and value > key.maximum):
            ctx.error(line, path, f"{value} nằm ngoài khoảng {key.minimum}–{key.maximum}")
            return _MISSING
        return value
    if t == "date":
        return _date(value, ctx, path, line)
    # str, text, enum
    if isinstance(value, (bool, LDict, LList)):
        ctx.error(line, path, f"{wrong}, đang là “{value}”",
                  "Đặt giá trị trong ngoặc kép nếu cần, ví dụ \"…\".")
        return _MISSING
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    text = str(value).strip()
    if key.min_len is not None and len(text) < key.min_len:
        ctx.error(line, path, f"quá ngắn ({len(text)} ký tự, cần ít nhất {key.min_len})",
                  key.help)
        return _MISSING
    if key.max_len is not None and len(text) > key.max_len:
        ctx.error(line, path, f"quá dài ({len(text)} ký tự, tối đa {key.max_len})",
                  "Rút gọn còn một hai câu; phần chi tiết viết trong thân bài.")
        return _MISSING
    if t == "text" and _MARKDOWN.search(text):
        ctx.error(line, path, "không được dùng Markdown hay HTML trong mục này",
                  "Viết chữ thường, bỏ các ký hiệu **, [ ](…), `, <…>.")
        return _MISSING
    if key.pattern and not re.fullmatch(key.pattern, text):
        if key.pattern in (ID_PATTERN, SLUG_PATTERN):
            hint = "Chỉ dùng chữ thường không dấu (a-z), số và dấu gạch nối, ví dụ nguyen-van-an."
        else:
            hint = " ".join(filter(None, [key.help, key.example and f"Ví dụ: {key.example}"]))
        ctx.error(line, path, f"“{text}” không đúng dạng", hint)
        return _MISSING
    choices = ctx.choices.get(key.choices) if isinstance(key.choices, str) else key.choices
    if choices and text not in choices:
        what = {"fields": "lĩnh vực", "campaigns": "mã phong trào",
                "localities": "địa bàn"}.get(key.choices if isinstance(key.choices, str) else "",
                                              "giá trị")
        ctx.error(line, path, f"“{text}” không phải {what} hợp lệ", suggest(text, choices, what))
        return _MISSING
    return text


def _date(value: Any, ctx: Ctx, path: str, line: int) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            try:
                return dt.datetime.fromisoformat(value.strip())
            except ValueError:
                pass
    ctx.error(line, path, f"“{value}” không phải ngày hợp lệ",
              "Ghi ngày dạng năm-tháng-ngày, ví dụ 2024-05-19.")
    return _MISSING


def as_datetime(value: dt.date | dt.datetime | None, tz: ZoneInfo) -> dt.datetime | None:
    """A date means midnight of that day in the site's time zone."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return dt.datetime(value.year, value.month, value.day, tzinfo=tz)


# ---------------------------------------------------------------- settings


def check_settings(options: dict, site_url: str | None, site_name: str, ctx: Ctx,
                   line: int = 0) -> Settings | None:
    data = options if isinstance(options, LDict) else _as_ldict(options, line)
    values = check_mapping(data, SETTINGS_KEYS, ctx)
    if not site_url:
        ctx.error(1, "site_url", "thiếu “site_url” trong mkdocs.yml",
                  "Nguồn tin và Open Graph cần địa chỉ tuyệt đối, ví dụ "
                  "site_url: https://guongsang.camlam.gov.vn/")
    fields = dict(DEFAULT_FIELDS)
    if "fields" in values:
        raw = values["fields"]
        if isinstance(raw, dict) and raw and all(
                isinstance(k, str) and re.fullmatch(SLUG_PATTERN, k) and isinstance(v, str)
                and v.strip() for k, v in raw.items()):
            fields = {k: v.strip() for k, v in raw.items()}
        else:
            ctx.error(data.line_of("fields"), "fields",
                      "“fields” phải là danh sách “khóa: tên lĩnh vực”",
                      "Ví dụ:\n      fields:\n        agriculture: Nông nghiệp, nông thôn mới")
    tz = values.get("timezone", "Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        ctx.error(data.line_of("timezone"), "timezone", f"múi giờ “{tz}” không tồn tại",
                  "Dùng Asia/Ho_Chi_Minh.")
        tz = "Asia/Ho_Chi_Minh"
    localities = tuple(values.get("localities", ()))
    for name in {n for n in localities if localities.count(n) > 1}:
        ctx.error(data.line_of("localities"), "localities", f"địa bàn “{name}” bị lặp")
    if "owner" not in values or not site_url:
        return None
    return Settings(
        site_url=site_url.rstrip("/") + "/", site_name=site_name, owner=values["owner"],
        localities=tuple(dict.fromkeys(localities)), fields=fields,
        radio=values.get("radio", {}), facebook=values.get("facebook", {}),
        feeds_limit=values.get("feeds", {}).get("limit", 50), timezone=tz,
        admin=values.get("admin", {}),
        prints=PrintOptions(**values.get("print", {})))


def _as_ldict(data: dict, line: int) -> LDict:
    out = LDict(data or {})
    out.line, out.lines = line, {}
    return out


# ---------------------------------------------------------------- campaigns


def check_campaign(src: Source, ctx: Ctx) -> Campaign | None:
    slug = Path(src.rel).stem
    if not re.fullmatch(SLUG_PATTERN, slug):
        ctx.error(1, "", f"tên tệp “{slug}.md” không hợp lệ làm mã phong trào",
                  "Đổi tên tệp: chữ thường không dấu, số và gạch nối, ví dụ nong-thon-moi.md.")
    if src.data is None:
        return None
    v = check_mapping(src.data, CAMPAIGN_KEYS, ctx)
    period = v.get("period", {})
    if "start" in period and "end" in period and period["end"] < period["start"]:
        ctx.error(src.data.line_of("period"), "period.end",
                  f"năm kết thúc {period['end']} trước năm bắt đầu {period['start']}")
        return None
    needed = ("title", "lead")
    if any(k not in v for k in needed) or "start" not in period or "end" not in period:
        return None
    return Campaign(
        slug=slug, title=v["title"], lead=v["lead"], start=period["start"], end=period["end"],
        body=src.body, source=src.rel, short_title=v.get("short_title", ""),
        partners=tuple(v.get("partners", ())), targets=dict(v.get("targets", {})),
        hashtags=tuple(v.get("hashtags", ())), status=v.get("status", "active"))


# ---------------------------------------------------------------- exemplars


_PLACEHOLDER = re.compile(r"^…(\s*\(.*\))?$")  # what `guongsang new` leaves to be filled


def _check_placeholders(data: LDict, src: Source, ctx: Ctx, publishing: bool) -> None:
    """Spots of the `guongsang new` template still unfilled: an error once the profile is to
    be published, a reminder while it is a draft."""
    report = ctx.error if publishing else ctx.warn
    hint = "Điền nội dung thật vào chỗ “…” (hoặc xóa dòng/mục đó nếu không dùng)."

    def walk(node: object, path: str, line: int) -> None:
        if isinstance(node, LDict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else k, node.line_of(k))
        elif isinstance(node, LList):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i + 1}]", node.line_of(i))
        elif isinstance(node, str) and _PLACEHOLDER.match(node.strip()):
            report(line, path, "mục này vẫn còn chỗ “…” của mẫu, chưa điền", hint)

    walk(data, "", data.line)
    for n, text in enumerate(src.body.split("\n"), start=src.body_line):
        if _PLACEHOLDER.match(text.strip()):
            report(n, "", "câu chuyện vẫn còn chỗ “…” của mẫu, chưa điền", hint)


def check_exemplar(src: Source, ctx: Ctx, settings: Settings | None,
                   media_dir: Path) -> Exemplar | None:
    slug = Path(src.rel).stem
    if not re.fullmatch(SLUG_PATTERN, slug):
        from slugify import slugify

        ctx.error(1, "", f"tên tệp “{slug}.md” không hợp lệ làm địa chỉ trang",
                  f"Đổi tên tệp thành “{slugify(slug) or 'ten-ho-so'}.md”: chữ thường không dấu, "
                  "số và dấu gạch nối.")
    data = src.data
    if data is None:
        return None
    v = check_mapping(data, EXEMPLAR_KEYS, ctx)
    tz = settings.tz if settings else ZoneInfo("Asia/Ho_Chi_Minh")
    kind, status = v.get("kind"), v.get("status")
    line = data.line_of
    published = as_datetime(v.get("published"), tz)
    updated = as_datetime(v.get("updated"), tz)

    _check_placeholders(data, src, ctx, status == "published")
    if status == "published" and published is None and "published" not in data:
        ctx.error(line("status"), "published", "hồ sơ công bố nhưng thiếu ngày “published”",
                  "Thêm dòng “published: YYYY-MM-DD” (ngày bắt đầu công bố).")
    if status == "withdrawn" and not v.get("withdrawn_reason"):
        ctx.error(line("status"), "withdrawn_reason", "hồ sơ đã gỡ phải ghi lý do gỡ",
                  "Thêm “withdrawn_reason: …”; lý do được lưu trong kho, không công bố.")
    if published and updated and updated < published:
        ctx.error(line("updated"), "updated", "ngày cập nhật trước ngày công bố",
                  "Ngày “updated” phải bằng hoặc sau ngày “published”.")

    person = None
    if "person" in v:
        if kind == "collective":
            ctx.error(line("person"), "person", "tập thể không có thông tin cá nhân “person”",
                      "Xóa khối person, hoặc sửa kind thành individual/household.")
        else:
            p = v["person"]
            person = Person(birth_year=p.get("birth_year"), hometown=p.get("hometown", ""),
                            position=p.get("position", ""), minor=p.get("minor", False))

    consent = None
    if "consent" in v:
        c = v["consent"]
        if {"date", "by", "scope"} <= c.keys():
            consent = Consent(date=c["date"] if isinstance(c["date"], dt.date) else c["date"],
                              by=c["by"], scope=frozenset(c["scope"]),
                              guardian=c.get("guardian", ""))
    personal = kind in ("individual", "household")
    if personal and status == "published":
        if "consent" not in data:
            ctx.error(line("kind"), "consent",
                      "cá nhân/hộ gia đình được công bố phải có văn bản đồng ý “consent”",
                      "Thêm khối consent với date, by, scope (Luật Bảo vệ dữ liệu cá nhân "
                      "91/2025/QH15), hoặc để status: draft cho đến khi có văn bản đồng ý.")
        elif consent is not None:
            cline = data["consent"].line_of("scope") if isinstance(data["consent"], LDict) \
                else line("consent")
            for needed, label in (("name", "họ tên"), ("story", "câu chuyện")):
                if needed not in consent.scope:
                    ctx.error(cline, "consent.scope",
                              f"phạm vi đồng ý không có “{needed}” ({label}) nên không thể công bố",
                              f"Bổ sung {needed} vào scope nếu người được nêu gương đã đồng ý.")
            if published and isinstance(consent.date, dt.date) and \
                    as_datetime(consent.date, tz) > published:
                ctx.error(data["consent"].line_of("date"), "consent.date",
                          "ngày đồng ý sau ngày công bố",
                          "Chỉ công bố sau khi có văn bản đồng ý: sửa ngày published hoặc "
                          "consent.date.")
    if person and person.minor and (consent is None or not consent.guardian):
        where = data.line_of("consent") if "consent" in data \
            else data["person"].line_of("minor")
        ctx.error(where, "consent.guardian",
                  "người chưa thành niên phải có người đại diện hợp pháp cùng đồng ý",
                  "Thêm “guardian: …” (cha, mẹ hoặc người giám hộ) vào khối consent; "
                  "trẻ từ đủ 7 tuổi thì chính em cũng phải đồng ý (consent.by).")
    if "consent" in v and kind == "collective":
        ctx.warn(line("consent"), "consent", "tập thể không cần khối consent")

    photo = _photo(v, data, ctx, media_dir)
    audio = _audio(v, data, ctx, media_dir)

    awards = tuple(Award(title=a["title"], level=a["level"], decision=a.get("decision", ""),
                         date=a.get("date"), revoked=a.get("revoked"))
                   for a in v.get("awards", ()) if "title" in a and "level" in a)

    if personal and src.body:
        for issue in find_personal_identifiers(src.body):
            ctx.error(src.body_line + issue.line - 1, "", issue.message)
    if status == "published" and not src.body.strip():
        ctx.warn(src.body_line, "", "hồ sơ chưa có nội dung câu chuyện",
                 "Viết câu chuyện dưới dòng --- thứ hai: Sơ lược lý lịch, Thành tích tiêu biểu…")
    if v.get("year") and published and v["year"] > published.year:
        ctx.warn(line("year"), "year", "năm được công nhận sau năm công bố")

    required = ("id", "title", "kind", "summary", "field", "locality", "year", "status")
    if any(k not in v for k in required) or (status == "published" and published is None):
        return None
    if ctx.problems and any(p.file == ctx.file and p.level == "error" for p in ctx.problems):
        return None
    return Exemplar(
        slug=slug, id=v["id"], title=v["title"], kind=kind, summary=v["summary"],
        field=v["field"], locality=v["locality"], year=v["year"], status=status,
        body=src.body, source=src.rel, body_line=src.body_line,
        campaigns=tuple(dict.fromkeys(v.get("campaigns", ()))),
        unit=v.get("unit", ""), published=published, updated=updated,
        withdrawn_reason=v.get("withdrawn_reason", ""), photo=photo, person=person,
        consent=consent, awards=awards, tags=tuple(v.get("tags", ())),
        featured=v.get("featured", False), audio=audio, aliases=tuple(v.get("aliases", ())))


def _media_ref(v: dict, data: LDict, key: str, ctx: Ctx, media_dir: Path) -> MediaRef | None:
    block = v.get(key)
    if not block or "src" not in block:
        return None
    line = data[key].line_of("src") if isinstance(data.get(key), LDict) else data.line_of(key)
    try:
        rel, path = media.resolve(block["src"], media_dir)
    except media.MediaError as exc:
        ctx.error(line, f"{key}.src", exc.message, exc.hint)
        return None
    return MediaRef(block["src"], rel, path)


def _photo(v: dict, data: LDict, ctx: Ctx, media_dir: Path) -> Photo | None:
    ref = _media_ref(v, data, "photo", ctx, media_dir)
    if ref is None:
        return None
    try:
        media.check_image(ref.path)
    except media.MediaError as exc:
        ctx.error(data["photo"].line_of("src"), "photo.src",
                  f"content/media/{ref.rel}: {exc.message}", exc.hint)
        return None
    if "alt" not in v["photo"]:
        return None
    return Photo(ref, v["photo"]["alt"], v["photo"].get("credit", ""))


# Players and encoders round differently; more than this is a wrong file or a typo.
DURATION_TOLERANCE = 5.0


def _audio(v: dict, data: LDict, ctx: Ctx, media_dir: Path) -> Audio | None:
    ref = _media_ref(v, data, "audio", ctx, media_dir)
    if ref is None:
        return None
    try:
        length = media.check_audio(ref.path)
    except media.MediaError as exc:
        ctx.error(data["audio"].line_of("src"), "audio.src",
                  f"content/media/{ref.rel}: {exc.message}", exc.hint)
        return None
    actual = media.format_duration(length)
    written = v["audio"].get("duration")
    if written is None:
        return Audio(ref, actual)
    declared = media.parse_duration(written)
    if declared is None:
        ctx.error(data["audio"].line_of("duration"), "audio.duration",
                  f"thời lượng “{written}” không đọc được",
                  f"Viết dạng mm:ss, ví dụ {actual} (độ dài thật của tệp).")
    elif abs(declared - length) > DURATION_TOLERANCE:
        ctx.error(data["audio"].line_of("duration"), "audio.duration",
                  f"thời lượng ghi {written} nhưng tệp content/media/{ref.rel} dài {actual}",
                  f"Sửa thành duration: \"{actual}\" (hoặc bỏ dòng này, Gương sáng tự đo).")
    return Audio(ref, actual)


# ---------------------------------------------------------------- the whole site


@dataclass
class Content:
    settings: Settings | None
    exemplars: list[Exemplar]
    campaigns: dict[str, Campaign]
    pages: list[Source]
    problems: Problems
    pending: list[Callable[[], None]] = field(default_factory=list)  # see `finish`

    def finish(self) -> None:
        """Write what `load_content(…, later=True)` left for later (the checked profiles'
        cache): a build does it while its search index is made, not before its pages."""
        while self.pending:
            self.pending.pop(0)()


# Derived files kept between builds (images, radio scripts), beside mkdocs.yml.
CACHE_DIR = ".cache/guongsang"


def load_content(site_root: Path, docs_dir: Path, options: dict, site_url: str | None,
                 site_name: str, config_file: str = "mkdocs.yml",
                 options_line: int = 0, radio_scripts: str = "check",
                 later: bool = False) -> Content:
    """Read and check everything under docs_dir; never raises for bad content.
    `radio_scripts`: "check" makes every radio script now to warn about long ones; a build
    passes "skip" (its page workers make the scripts with the pages, `radio_length_problems`
    checks them afterwards), as do commands that need no script. `later`: the checked
    profiles' cache is written by `Content.finish`, which the caller must call."""
    from . import radio

    radio.use_cache(site_root / CACHE_DIR / "scripts")
    media.use_cache(site_root / CACHE_DIR)
    problems = Problems()
    settings = check_settings(options, site_url, site_name, Ctx(config_file, problems),
                              options_line)
    fields = tuple(settings.fields) if settings else tuple(DEFAULT_FIELDS)
    localities = settings.localities if settings else ()

    campaign_sources = read_tree(docs_dir / "campaigns", site_root, problems)
    campaigns: dict[str, Campaign] = {}
    for src in campaign_sources:
        if not src.ok:
            continue
        c = check_campaign(src, Ctx(src.rel, problems))
        if c is None:
            continue
        if c.slug in campaigns:
            problems.add(src.rel, 1, "", f"trùng mã phong trào “{c.slug}” với "
                         f"{campaigns[c.slug].source}", "Đổi tên một trong hai tệp.")
            continue
        campaigns[c.slug] = c
    # Campaign slugs are known from file names even when a campaign file has errors,
    # so its exemplars are not flagged a second time for a campaign that exists.
    campaign_slugs = tuple(sorted({Path(s.rel).stem for s in campaign_sources}))

    choices = choices_for(fields, campaign_slugs, localities)
    sources, exemplars, keep = _check_exemplars(docs_dir / "exemplars", site_root, problems,
                                                choices, settings, docs_dir / "media",
                                                site_root / CACHE_DIR / "checked.json")
    _check_unique(sources, exemplars, problems)
    if radio_scripts == "check":
        _check_radio_length(exemplars, settings, problems)
        radio.save_cache("check")
    pages = [p for p in read_tree(docs_dir / "pages", site_root, problems) if p.ok]
    media.save_cache()
    content = Content(settings, exemplars, campaigns, pages, problems, [keep])
    if not later:
        content.finish()
    return content


def choices_for(fields: tuple[str, ...], campaigns: tuple[str, ...],
                localities: tuple[str, ...]) -> dict:
    """The lists a profile's field, campaigns and locality must come from (no locality list:
    any locality)."""
    choices: dict = {"fields": fields, "campaigns": campaigns}
    if localities:
        choices["localities"] = localities
    return choices


def check_one(path: Path, site_root: Path, choices: dict, settings: Settings,
              media_dir: Path) -> tuple[Exemplar | None, Problems]:
    """One profile read and checked on its own, as `load_content` checks each file."""
    checked = _read_and_check([path], site_root, choices, settings, media_dir)[0]
    problems = Problems([*checked.read_problems, *checked.check_problems])
    return checked.exemplar, problems


PARALLEL_FROM = 400  # profiles to check; fewer are checked faster than a pool starts


def _check_exemplars(folder: Path, site_root: Path, problems: Problems, choices: dict,
                     settings: Settings | None, media_dir: Path, kept: Path | None = None,
                     ) -> tuple[list[Source], list[Exemplar], Callable[[], None]]:
    """Read and check every profile: a file unchanged since the last check is taken from
    `kept` (see `checkcache`), the others are checked on all cores when there are many (each
    file on its own; `_check_unique` then looks across them). Problems keep the one-process
    order: reading problems of every file first, then checking problems. The last value
    returned writes `kept` (half a second per 5,000 profiles checked: left to the caller)."""
    paths = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    rels = [display_path(p, site_root) for p in paths]
    store = None
    if kept is not None and settings is not None:
        parts = [stable(settings), stable(choices), str(site_root), str(media_dir)]
        store = checkcache.Store(kept, checkcache.context(parts, media_dir))
    found = [store.get(rel, path) if store else None for rel, path in zip(rels, paths,
                                                                            strict=True)]
    fresh = iter(_check_files([p for p, f in zip(paths, found, strict=True) if f is None],
                              site_root, choices, settings, media_dir))
    files: list[_File] = []
    checked_now: list[tuple[str, list[int] | None, _File]] = []
    for rel, path, entry in zip(rels, paths, found, strict=True):
        if entry is not None:
            files.append(_File.from_kept(entry, path, rel))
            continue
        checked = next(fresh)
        media.remember(checked.media)
        checked_now.append((rel, checkcache.stamp(path), checked))
        files.append(checked)

    def keep() -> None:
        if store is None:
            return
        for rel, stamp, checked in checked_now:
            with contextlib.suppress(checkcache.NotKept):
                store.put(rel, stamp, checked.to_kept())
        store.keep_only(set(rels))
        with contextlib.suppress(OSError):  # a cache that cannot be written: slower next time
            store.save()

    for f in files:
        problems.extend(f.read_problems)
    for f in files:
        problems.extend(f.check_problems)
    return ([f.source for f in files], [f.exemplar for f in files if f.exemplar is not None],
            keep)


def _check_files(paths: list[Path], site_root: Path, choices: dict, settings: Settings | None,
                 media_dir: Path) -> list[_File]:
    check = partial(_read_and_check, site_root=site_root, choices=choices, settings=settings,
                    media_dir=media_dir)
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return check(paths)
    size = -(-len(paths) // (workers * 4))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return [f for part in pool.map(check, chunks) for f in part]


@dataclass
class _File:
    """One profile as read and checked."""

    source: Source  # without its body (the exemplar holds it)
    exemplar: Exemplar | None
    read_problems: list[Problem]
    check_problems: list[Problem]
    media: dict = field(default_factory=dict)  # what was learnt of its photo and recording

    def to_kept(self) -> dict:
        data = self.source.data
        ident = data.get("id") if data is not None else None
        return {"ok": self.source.ok,
                "data": None if data is None else {
                    "line": data.line, "id": ident if isinstance(ident, str) else None,
                    "id_line": data.line_of("id")},
                "exemplar": checkcache.encode(self.exemplar),
                "read": checkcache.encode(self.read_problems),
                "check": checkcache.encode(self.check_problems)}

    @classmethod
    def from_kept(cls, entry: dict, path: Path, rel: str) -> _File:
        data = None
        if entry["data"] is not None:  # what `_check_unique` reads: the id and its line
            data = LDict({"id": entry["data"]["id"]} if entry["data"]["id"] else {})
            data.line, data.lines = entry["data"]["line"], {"id": entry["data"]["id_line"]}
        return cls(Source(path, rel, data, ok=entry["ok"]), checkcache.decode(entry["exemplar"]),
                   checkcache.decode(entry["read"]), checkcache.decode(entry["check"]))


def _read_and_check(paths: list[Path], site_root: Path, choices: dict,
                    settings: Settings | None, media_dir: Path) -> list[_File]:
    out = []
    for path in paths:
        read_problems, check_problems = Problems(), Problems()
        src = read_source(path, display_path(path, site_root), read_problems)
        e = check_exemplar(src, Ctx(src.rel, check_problems, choices), settings,
                           media_dir) if src.ok else None
        used = [m.media.path for m in (e.photo, e.audio) if m is not None] if e else []
        src.body = ""
        out.append(_File(src, e, list(read_problems), list(check_problems),
                         media.entries(used)))
    return out


def radio_length_problems(exemplars: list[Exemplar], settings: Settings) -> Problems:
    """The radio check of a build, once the pages are made (see `load_content`)."""
    problems = Problems()
    _check_radio_length(exemplars, settings, problems)
    return problems


def _check_radio_length(exemplars: list[Exemplar], settings: Settings | None,
                        problems: Problems) -> None:
    """Commune radio slots are short: warn when a script would run over three minutes."""
    from .radio import RadioOptions, duration_label, prepare_scripts, script_seconds, seconds_known

    options = RadioOptions.from_settings(settings.radio if settings else {})
    published = [e for e in exemplars if e.status == "published"]
    # The page workers hand back the seconds their pages showed: only the others need a script.
    prepare_scripts([e for e in published if not seconds_known(e, options)], options)
    for e in published:
        seconds = script_seconds(e, options)
        if seconds > 180:
            problems.warn(e.source, e.body_line, "",
                          f"kịch bản phát thanh dài khoảng {duration_label(seconds)} "
                          "(quá 3 phút)", "Rút gọn câu chuyện để đài truyền thanh đọc dưới "
                          "3 phút, hoặc gửi kèm bản ghi âm.")


def _check_unique(sources: list[Source], exemplars: list[Exemplar], problems: Problems) -> None:
    """ids, slugs and aliases identify pages and feed items: each must be unique."""
    by_id: dict[str, list[Source]] = defaultdict(list)
    by_slug: dict[str, list[Source]] = defaultdict(list)
    for src in sources:
        by_slug[Path(src.rel).stem].append(src)
        if src.data is not None and isinstance(src.data.get("id"), str):
            by_id[src.data["id"]].append(src)
    bad: set[str] = set()
    for what, table, key in (("mã id", by_id, "id"), ("tên tệp (địa chỉ trang)", by_slug, "")):
        for value, group in table.items():
            if len(group) < 2:
                continue
            for src in group:
                others = ", ".join(o.rel for o in group if o is not src)
                line = src.data.line_of("id") if key and src.data is not None else 1
                problems.add(src.rel, line, key, f"trùng {what} “{value}” với {others}",
                             "Mỗi hồ sơ phải có id và tên tệp riêng; id đã công bố thì không đổi, "
                             "hãy đổi id của hồ sơ mới.")
                bad.add(src.rel)
    slugs = {e.slug: e for e in exemplars}
    seen: dict[str, Exemplar] = {}
    for e in exemplars:
        for alias in e.aliases:
            clash = slugs.get(alias) or seen.get(alias)
            if clash is not None and clash is not e:
                problems.add(e.source, 1, "aliases",
                             f"địa chỉ cũ “{alias}” trùng với hồ sơ {clash.source}",
                             "Xóa địa chỉ cũ này khỏi aliases.")
                bad.add(e.source)
            seen[alias] = e
    exemplars[:] = [e for e in exemplars if e.source not in bad]


# The CLI validates before it builds (to print the report itself); it hands the result
# to the plugin so that one build reads and checks the content once.
_PRELOADED: dict[Path, Content] = {}


def preload(docs_dir: Path, content: Content) -> None:
    _PRELOADED[docs_dir.resolve()] = content


def take_preloaded(docs_dir: Path) -> Content | None:
    return _PRELOADED.pop(docs_dir.resolve(), None)
