"""Radio scripts: written Vietnamese forms become what an announcer or a TTS engine says."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.model import Award, Consent, Exemplar
from guongsang.radio import (
    DEFAULT_ABBREVIATIONS,
    RadioOptions,
    duration_label,
    markdown_to_radio,
    number_to_words,
    radio_script,
    reading_seconds,
    script_for,
    spoken_text,
)

DIGITS = RadioOptions()
WORDS = RadioOptions(numbers="words")


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"), (1, "một"), (5, "năm"), (10, "mười"), (11, "mười một"), (14, "mười bốn"),
    (15, "mười lăm"), (20, "hai mươi"), (21, "hai mươi mốt"), (24, "hai mươi tư"),
    (25, "hai mươi lăm"), (41, "bốn mươi mốt"), (100, "một trăm"), (101, "một trăm linh một"),
    (105, "một trăm linh năm"), (110, "một trăm mười"), (115, "một trăm mười lăm"),
    (1005, "một nghìn không trăm linh năm"), (1010, "một nghìn không trăm mười"),
    (2021, "hai nghìn không trăm hai mươi mốt"), (12_500, "mười hai nghìn năm trăm"),
    (105_000, "một trăm linh năm nghìn"), (1_000_000, "một triệu"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_250_000_000, "một tỷ hai trăm năm mươi triệu"),
    (2_000_000_021, "hai tỷ không trăm hai mươi mốt"),
    (1_000_000_000_000, "một nghìn tỷ"), (-5, "âm năm"),
])
def test_number_to_words(n: int, words: str) -> None:
    assert number_to_words(n) == words


@pytest.mark.parametrize(("written", "spoken"), [
    # dates
    ("13/5/2021", "ngày 13 tháng 5 năm 2021"),
    ("13/05/2021", "ngày 13 tháng 5 năm 2021"),
    ("ngày 13/5/2021", "ngày 13 tháng 5 năm 2021"),
    ("Ngày 13/5/2021, xã tổ chức", "Ngày 13 tháng 5 năm 2021, xã tổ chức"),
    ("2021-05-13", "ngày 13 tháng 5 năm 2021"),
    ("13.05.2021", "ngày 13 tháng 5 năm 2021"),
    ("5/2021", "tháng 5 năm 2021"),
    ("tháng 5/2021", "tháng 5 năm 2021"),
    ("ngày 2/9", "ngày 2 tháng 9"),
    ("Xong. 13/5/2021 là ngày vui", "Xong. Ngày 13 tháng 5 năm 2021 là ngày vui"),
    # ranges
    ("2021-2025", "2021 đến 2025"),
    ("2021 – 2025", "2021 đến 2025"),
    ("2021–2025", "2021 đến 2025"),
    ("giai đoạn 2021-2025", "giai đoạn 2021 đến 2025"),
    ("từ 10-15 tấn", "từ 10 đến 15 tấn"),
    ("tăng 10-15%", "tăng 10 đến 15 phần trăm"),
    # percentages and decimals
    ("95%", "95 phần trăm"),
    ("12,5%", "12 phẩy 5 phần trăm"),
    ("1,2 tỷ đồng", "1 phẩy 2 tỷ đồng"),
    ("2,5 ha", "2 phẩy 5 héc-ta"),
    # units, only after a number
    ("300 m2", "300 mét vuông"), ("300 m²", "300 mét vuông"),
    ("5 m3", "5 mét khối"), ("5 m³", "5 mét khối"),
    ("12 km", "12 ki-lô-mét"), ("3 km2", "3 ki-lô-mét vuông"),
    ("120 ha", "120 héc-ta"), ("40 kg", "40 ki-lô-gam"), ("28 tấn", "28 tấn"),
    ("40 m tường", "40 mét tường"), ("15 cm", "15 xăng-ti-mét"),
    ("20 l nước", "20 lít nước"), ("20 lít nước", "20 lít nước"), ("3 sào", "3 sào"),
    ("mã m và l", "mã m và l"),
    # money and large numbers
    ("1.250.000.000 đồng", "1 tỷ 250 triệu đồng"),
    ("350.000.000 đồng", "350 triệu đồng"),
    ("12.500.000 đ", "12 triệu 500 nghìn đồng"),
    ("50.000 đồng", "50 nghìn đồng"),
    ("50.000 VNĐ", "50 nghìn đồng"),
    ("50.000 VND", "50 nghìn đồng"),
    ("1,2 tỷ VNĐ", "1 phẩy 2 tỷ đồng"),
    ("12.500 m2", "12 nghìn 500 mét vuông"),
    ("từ 10.000-15.000 đồng", "từ 10 nghìn đến 15 nghìn đồng"),
    # slashes, symbols, ordinals
    ("28 tấn/ha", "28 tấn trên héc-ta"),
    ("50 người/năm", "50 người mỗi năm"),
    ("20.000 đồng/kg", "20 nghìn đồng mỗi ki-lô-gam"),
    ("lần thứ 2", "lần thứ 2"),
    ("Nông dân & HTX", "Nông dân và hợp tác xã"),
    ("Còn nữa...", "Còn nữa…"),
    ("đạt ~5 tấn", "đạt khoảng 5 tấn"),
    # document numbers: the code suffix is not read
    ("Quyết định số 1234/QĐ-UBND", "Quyết định số 1234"),
    ("Quyết định số 1234/QĐ-UBND ngày 13/5/2021",
     "Quyết định số 1234 ngày 13 tháng 5 năm 2021"),
    ("Nghị định số 15/2021/NĐ-CP", "Nghị định số 15 năm 2021"),
    ("Nghị quyết số 45-NQ/TW", "Nghị quyết số 45"),
    ("QĐ-UBND", "quyết định - Ủy ban nhân dân"),
])
def test_spoken_forms(written: str, spoken: str) -> None:
    assert spoken_text(written, DIGITS) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("UBND xã", "Ủy ban nhân dân xã"),
    ("HĐND, MTTQ", "Hội đồng nhân dân, Mặt trận Tổ quốc"),
    ("thành viên (HTX)", "thành viên (hợp tác xã)"),
    ("Xong. HTX tiếp tục", "Xong. Hợp tác xã tiếp tục"),
    ("của HTX.", "của hợp tác xã."),
    ("Trường THCS và THPT", "Trường trung học cơ sở và trung học phổ thông"),
    ("TP. Nha Trang, TX. Ninh Hòa, TT. Cam Đức",
     "thành phố Nha Trang, thị xã Ninh Hòa, thị trấn Cam Đức"),
    ("TP.Nha Trang", "thành phố Nha Trang"),
    ("CB, CC, VC", "cán bộ, công chức, viên chức"),
    ("CBCCVC", "cán bộ, công chức, viên chức"),
    ("theo QĐ, NQ và KH", "theo quyết định, nghị quyết và kế hoạch"),
    ("BCH, BTV", "Ban Chấp hành, Ban Thường vụ"),
    ("ĐTN xã; ĐTNCS", "Đoàn Thanh niên Cộng sản xã; Đoàn Thanh niên Cộng sản"),
    ("Đoàn TNCS Hồ Chí Minh", "Đoàn thanh niên cộng sản Hồ Chí Minh"),
    ("Hội CCB", "Hội cựu chiến binh"), ("xây dựng NTM", "xây dựng nông thôn mới"),
    ("ứng dụng KHKT, CNTT", "ứng dụng khoa học kỹ thuật, công nghệ thông tin"),
    ("giữ ANTT", "giữ an ninh trật tự"), ("cải cách TTHC", "cải cách thủ tục hành chính"),
    ("BHYT, BHXH", "bảo hiểm y tế, bảo hiểm xã hội"),
    ("Phòng GD&ĐT", "Phòng giáo dục và đào tạo"),
    ("Phòng LĐTB&XH", "Phòng lao động, thương binh và xã hội"),
    ("đội PCCC", "đội phòng cháy chữa cháy"), ("Đài VH-TT", "Đài văn hóa - thông tin"),
    # not inside longer words, and case-sensitive
    ("HTXV và Htx", "HTXV và Htx"),
])
def test_abbreviations(written: str, spoken: str) -> None:
    assert spoken_text(written, DIGITS) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("95%", "chín mươi lăm phần trăm"),
    ("1.250.000.000 đồng", "một tỷ hai trăm năm mươi triệu đồng"),
    ("13/5/2021", "ngày mười ba tháng năm năm hai nghìn không trăm hai mươi mốt"),
    ("12,5%", "mười hai phẩy năm phần trăm"),
    ("1,05 ha", "một phẩy không năm héc-ta"),
    ("tháng 4/2023", "tháng tư năm hai nghìn không trăm hai mươi ba"),
    ("từ 10-15 tấn", "từ mười đến mười lăm tấn"),
    ("Cách mạng 4.0", "Cách mạng bốn chấm không"),
    ("gọi 0912345678", "gọi không chín một hai ba bốn năm sáu bảy tám"),
])
def test_numbers_in_words(written: str, spoken: str) -> None:
    assert spoken_text(written, WORDS) == spoken


def test_site_abbreviations_extend_the_defaults() -> None:
    options = RadioOptions.from_settings({
        "abbreviations": {"HTX": "hợp-tác-xã", "ĐTC": "Đồng Tâm", "KH": ""},
        "numbers": "words"})
    assert spoken_text("HTX ĐTC, UBND 2 xã theo KH", options) == \
        "hợp-tác-xã Đồng Tâm, Ủy ban nhân dân hai xã theo KH"
    assert DEFAULT_ABBREVIATIONS["HTX"] == "hợp tác xã"  # the defaults are not changed
    assert RadioOptions(abbreviations={"X": "ích"}).abbreviations["UBND"] == "Ủy ban nhân dân"
    assert RadioOptions.from_settings({"numbers": "roman"}).numbers == "digits"
    with pytest.raises(ValueError):
        RadioOptions(numbers="roman")


STORY = """# Hợp tác xã **Đồng Tâm**

## Thành tích tiêu biểu

Năm 2023, **HTX** đạt *doanh thu* 4,8 tỷ đồng ([xem báo cáo](https://example.gov.vn/bc.pdf)),
xem thêm tại https://camlam.gov.vn/tin-tuc.
Kết quả giai đoạn 2021-2025:
- Năng suất 7 tấn/ha;
- Kiên cố 3,5 km kênh mương:
  - trong đó 1 km bê tông
- Giúp 15 hộ thoát nghèo.

1. Thứ nhất, đạt _95%_
2. Thứ hai

| Năm | Sản lượng |
|---|---|
| 2022 | 11 tấn |

![Ảnh vườn xoài](anh.jpg)

Liên hệ https://camlam.gov.vn hoặc htx@camlam.vn <b>ngay</b> &amp; `sớm`

> Ông An nói: "Làm giàu không khó"

```
mã [nội bộ]
```
"""

STORY_ON_AIR = (
    "Hợp tác xã Đồng Tâm.\n\n"
    "Thành tích tiêu biểu.\n\n"
    "Năm 2023, hợp tác xã đạt doanh thu 4 phẩy 8 tỷ đồng (xem báo cáo). "
    "Kết quả giai đoạn 2021 đến 2025: Năng suất 7 tấn trên héc-ta; "
    "Kiên cố 3 phẩy 5 ki-lô-mét kênh mương: trong đó 1 ki-lô-mét bê tông; "
    "Giúp 15 hộ thoát nghèo.\n\n"
    "Thứ nhất, đạt 95 phần trăm; Thứ hai.\n\n"
    "Liên hệ ngay và sớm.\n\n"
    "Ông An nói: \"Làm giàu không khó\"."
)


def test_markdown_becomes_plain_speech() -> None:
    text = markdown_to_radio(STORY, DIGITS)
    assert text == STORY_ON_AIR
    for ch in "#*_`|<>[]":
        assert ch not in text
    for gone in ("11 tấn", "http", "www", "@", "camlam", "Ảnh", "nội bộ"):
        assert gone not in text


@pytest.mark.parametrize(("story", "on_air"), [
    ("## Kết quả:\n\nTốt", "Kết quả.\n\nTốt."),
    ("Như sau:\n\nTốt", "Như sau.\n\nTốt."),  # a colon with no list after it
    ("Câu hỏi?\n\nĐúng!", "Câu hỏi?\n\nĐúng!"),
    ("- Một\n\n- Hai\n", "Một; Hai."),  # loose list items are still one list
    ("- Một việc.\n- Hai việc", "Một việc. Hai việc."),
    ("Gửi qua email <a@b.vn> cho xã.", "Gửi qua email cho xã."),
    ("Đăng trên trang web www.camlam.gov.vn của xã.", "Đăng trên trang web của xã."),
    ("Tốt. Xem thêm tại <https://x.vn>.", "Tốt."),  # the pointer goes with the address
    ("Giữ mối liên hệ.", "Giữ mối liên hệ."),
    ("Diện tích 300 m<sup>2</sup>.", "Diện tích 300 mét vuông."),
    ("HTX đạt giải.", "Hợp tác xã đạt giải."),
    ("", ""),
])
def test_markdown_blocks(story: str, on_air: str) -> None:
    assert markdown_to_radio(story, DIGITS) == on_air


def test_radio_script() -> None:
    options = RadioOptions(intro="Kính thưa quý vị", outro="Xin cảm ơn quý vị.")
    script = radio_script("HTX Nông nghiệp Cam Hải Tây", "Tập thể có doanh thu 4,8 tỷ đồng",
                          "Năm 2023 đạt 95%.", options, kind_label="Tập thể",
                          locality="xã Cam Hải Tây")
    assert script == (
        "Kính thưa quý vị.\n\n"
        "Gương điển hình tập thể: hợp tác xã Nông nghiệp Cam Hải Tây, xã Cam Hải Tây.\n\n"
        "Tập thể có doanh thu 4 phẩy 8 tỷ đồng.\n\n"
        "Năm 2023 đạt 95 phần trăm.\n\n"
        "Xin cảm ơn quý vị."
    )
    assert radio_script("Nguyễn Văn An", "", "", DIGITS) == "Gương điển hình: Nguyễn Văn An."


def _exemplar(**changes: object) -> Exemplar:
    base = dict(slug="an", id="nguyen-van-an", title="Nguyễn Văn An", kind="individual",
                summary="Nông dân giỏi.", field="agriculture", locality="Xã Cam Tân",
                year=2023, status="published", body="Trồng 2,5 ha xoài.", source="an.md",
                consent=Consent(dt.date(2023, 1, 1), "Nguyễn Văn An",
                                frozenset({"name", "story"})),
                awards=(Award("Giấy khen của Chủ tịch UBND xã", "commune"),
                        Award("Bằng khen bị thu hồi", "province",
                              revoked=dt.date(2024, 1, 1))))
    base.update(changes)
    return Exemplar(**base)  # type: ignore[arg-type]


def test_script_for_follows_consent_and_awards() -> None:
    script = script_for(_exemplar(), DIGITS)
    assert script == (
        "Gương điển hình cá nhân: Nguyễn Văn An, Xã Cam Tân.\n\n"
        "Nông dân giỏi.\n\n"
        "Trồng 2 phẩy 5 héc-ta xoài.\n\n"
        "Các hình thức khen thưởng đã nhận: Giấy khen của Chủ tịch Ủy ban nhân dân xã."
    )
    no_story = _exemplar(consent=Consent(dt.date(2023, 1, 1), "An", frozenset({"name"})))
    assert "xoài" not in script_for(no_story, DIGITS)


@pytest.mark.parametrize(("text", "seconds"), [
    ("", 0), ("một " * 160, 60), ("một " * 161, 61), ("một " * 80, 30),
    ("văn hóa - thông tin", 2),  # a lone dash is not read: 4 words
])
def test_reading_seconds(text: str, seconds: int) -> None:
    assert reading_seconds(text) == seconds


def test_reading_seconds_pace_and_label() -> None:
    assert reading_seconds("một " * 150, words_per_minute=150) == 60
    assert duration_label(45) == "45 giây"
    assert duration_label(120) == "2 phút"
    assert duration_label(208) == "3 phút 28 giây"


def _kept_scripts(site) -> list[str]:
    from guongsang.packs import Packs

    packs = Packs(site.root / ".cache" / "guongsang" / "scripts")
    return [packs.get(key)["text"] for key in sorted(packs.where)]


def test_scripts_are_kept_between_builds_until_their_profile_changes(
        site, monkeypatch: pytest.MonkeyPatch) -> None:
    from guongsang import radio

    site.exemplar("nguyen-van-an", site.person())
    radio._SCRIPTS.clear()  # scripts made by earlier tests in this process
    code, out = site.validate()
    assert code == 0, out
    kept = _kept_scripts(site)
    assert len(kept) == 1 and "Nguyễn Văn An" in kept[0]

    made = []
    real = radio.radio_script
    monkeypatch.setattr(radio, "radio_script", lambda *a, **k: made.append(a) or real(*a, **k))
    radio._SCRIPTS.clear()  # a new process: only the disk cache remains
    assert site.validate()[0] == 0
    assert made == []
    site.exemplar("nguyen-van-an", site.person(summary="Tóm tắt mới về ông An, nông dân giỏi."))
    radio._SCRIPTS.clear()
    old_layout = site.root / ".cache" / "guongsang" / "radio" / "ab" / "ab12.txt"
    old_layout.parent.mkdir(parents=True)
    old_layout.write_text("một kịch bản của bản cũ", "utf-8")
    assert site.validate()[0] == 0
    assert len(made) == 1
    kept = _kept_scripts(site)  # the old script is dropped, as is the old one-file-each layout
    assert len(kept) == 1 and "Tóm tắt mới" in kept[0]
    assert not old_layout.parent.parent.exists()


def test_many_scripts_are_made_on_all_cores_and_match_the_serial_ones(site) -> None:
    from guongsang import radio
    from guongsang.config import read_site
    from guongsang.validate import load_content

    for i in range(70):
        site.exemplar(f"nguoi-{i}", site.person(id=f"nguoi-{i}", title=f"Nguyễn Văn An {i}"))
    si = read_site(site.root / "mkdocs.yml")
    radio._SCRIPTS.clear()
    content = load_content(si.site_root, si.docs_dir, si.options, si.site_url, si.site_name)
    assert not content.problems.errors, content.problems.report()
    assert len(_kept_scripts(site)) == 70
    options = radio.RadioOptions.from_settings(content.settings.radio)
    for e in content.exemplars[:5]:
        _, args = radio._job(e, options)
        assert radio.script_for(e, options) == radio.radio_script(*args)


def test_scripts_made_with_the_pages_or_for_the_feed_give_the_same_site(
        site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A build makes the radio scripts with the pages that show them; when the pages come
    from the page cache and the scripts' cache is gone, the feed's scripts are made on all
    cores before it. The site is byte-identical either way, and the over-three-minutes
    warning still comes (after the pages)."""
    import shutil

    from conftest import BODY
    from guongsang import radio

    long_story = BODY + "\n\n" + " ".join(["Anh vận động bà con làm đường bê tông."] * 120)
    for i in range(70):
        site.exemplar(f"nguoi-{i}", site.person(id=f"nguoi-{i}", title=f"Nguyễn Văn An {i}"),
                      body=long_story if i == 3 else BODY)
    outputs = []
    made_here: list[str] = []
    real = radio.radio_script
    monkeypatch.setattr(radio, "radio_script", lambda *a: made_here.append(a[0]) or real(*a))
    monkeypatch.setattr(radio.os, "cpu_count", lambda: 2)
    for run in ("cold", "pages kept"):
        radio._SCRIPTS.clear()
        gone = site.root / ".cache" / ("guongsang/scripts" if run == "pages kept" else "")
        shutil.rmtree(gone, ignore_errors=True)
        made_here.clear()
        caplog.clear()
        code, out, site_dir = site.build()
        assert code == 0, out
        if run == "cold":  # a small site renders its pages in this process
            assert len(set(made_here)) == 70
        else:  # in other processes, before the radio feed
            assert made_here == []
        assert any("nguoi-3.md" in r.getMessage() and "quá 3 phút" in r.getMessage()
                   for r in caplog.records)
        outputs.append({p.relative_to(site_dir): p.read_bytes()
                        for p in sorted(site_dir.rglob("*")) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []
    assert (site_dir / "feeds" / "radio" / "nguoi-69.txt").is_file()


def test_radio_blocks_from_the_page_tree_are_the_same() -> None:
    """A profile's radio script reads its page's tree (`radio.StoryCapture`) when the story
    has nothing the two converters read differently; the script must not change."""
    import random

    import markdown
    from mkdocs.utils.meta import get_data

    from guongsang import mdprune, radio
    from mdstories import story

    page = mdprune.install(markdown.Markdown(
        extensions=["toc", "tables", "fenced_code", "attr_list", "admonition"],  # as MkDocs
        extension_configs={"toc": {"permalink": True}}))
    capture = radio.install_capture(page)
    assert capture is not None
    rng = random.Random(20261130)
    reused = 0
    for n in range(4000):
        body = story(rng, plain=n % 4 != 0)
        if n % 8 == 1:  # a plain story with one form the two converters read differently
            cut = rng.randrange(len(body) + 1)
            body = body[:cut] + rng.choice([
                "\\*", "\\[x\\]", "{: .x }", "&amp;", "<b>x</b>", "\n\n```\nx\n```\n\n",
                "\n\n!!! note\n    x\n\n", "~~~"]) + body[cut:]
        awards = ["Bằng khen của Chủ tịch UBND tỉnh", "Chiến sĩ thi đua [cơ sở]"][:n % 3]
        text = body + (radio.AWARDS_LEAD + "\n".join(f"- {a}" for a in awards) if awards
                       else "")
        text = "\n" * (n % 3) + text  # a story starts after the front matter's blank line
        radio._CAPTURED.last = None
        expected = radio.story_blocks(text)
        shown = get_data("\n" * (n % 3) + body)[0]  # the page's Markdown, as MkDocs reads it
        radio.want_story(shown)
        capture.source = shown
        page.reset().convert(shown)
        capture.source = None
        reused += radio._reused_blocks(text) is not None
        assert radio.story_blocks(text) == expected, text
    assert reused > 1500
    radio._CAPTURED.last = None


def test_a_page_converter_with_other_extensions_is_not_read() -> None:
    import markdown

    from guongsang import radio

    for extensions in (["tables", "md_in_html"], ["tables", "def_list"], ["pymdownx.tilde"]):
        assert radio.install_capture(markdown.Markdown(extensions=extensions)) is None


def test_a_step_skipped_for_want_of_its_characters_could_not_have_matched() -> None:
    """A spoken-form step runs only if its hint is found, and the hint is only looked for in
    a text holding one of the characters it names: those must be in every match of it."""
    import random

    from guongsang.radio import _STEPS, _Found

    rnd = random.Random(3)
    alphabet = list("0123456789/-.,%đĐ~–—: \n\tAZaz\u00a0") + ["19", "20", "QĐ", "tháng "]
    checked = 0
    for pattern, _repl, hint in _STEPS:
        if not isinstance(hint, _Found) or not hint.chars:
            continue
        for _ in range(4000):
            text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
            m = hint.pattern.search(text)
            if m is not None:
                checked += 1
                assert any(c in m[0] for c in hint.chars), (hint.pattern.pattern, text)
                assert hint(text)
            if pattern.search(text) is not None:  # the hint is found wherever the step is
                assert hint(text), (pattern.pattern, text)
    assert checked > 500


def test_steps_looked_for_from_digits_and_ends_replace_as_their_patterns_do() -> None:
    """The units step is looked for at the digits, the percentage step before each "%", the
    amount step's hint from each "đồng": each gives what its plain pattern gives."""
    import random
    import re

    from guongsang.radio import _STEPS, UNITS, _AfterDigit, _digits_before, _EndingAt

    rnd = random.Random(11)
    alphabet = list("0123456789 ,.%\n\t\u00a0²³°C") + [
        "m", "m2", "km", "km2", "ha", "kWh", "đồng", "đồngx", "١", "  ", "5%", "12,5 %", "12345"]
    units = next(p for p, _r, _h in _STEPS if isinstance(p, _AfterDigit))
    percent = next(p for p, _r, _h in _STEPS if isinstance(p, _EndingAt))
    amount = re.compile(r"\d(?<![\d.,]\d)\d{4,}(?=\s*đồng\b)")
    hint = _digits_before("đồng", 5)
    found = 0
    for _ in range(30_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        assert units.sub(lambda m: "<" + UNITS[m[1]] + ">", text) == units.whole.sub(
            lambda m: "<" + UNITS[m[1]] + ">", text), text
        assert percent.sub(r"<\1>", text) == percent.pattern.sub(r"<\1>", text), text
        if amount.search(text):
            found += 1
            assert hint(text), text
    assert found > 50


def test_words_counted_as_the_one_pattern_counted_them() -> None:
    """Runs of punctuation are found in two passes (led by punctuation, led by "_"): the same
    count as one pattern for both, on random text (60 words a minute: seconds = words)."""
    import random
    import re

    one = re.compile(r"(?:[^\w\s]|_)(?<!\S(?s:.))(?:[^\w\s]|_)*(?!\S)")
    rnd = random.Random(5)
    alphabet = list("ab _-–.,!?…\n\t\u00a0\u2003xyz12_—()«»") + ["đ", "ố", "__", " - "]
    for _ in range(50_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        words = len(text.split()) - len(one.findall(text))
        assert reading_seconds(text, words_per_minute=60) == words, repr(text)
