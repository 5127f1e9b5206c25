"""`mdprune` leaves out inline patterns a document cannot match: the HTML must not change."""

from __future__ import annotations

import random

import markdown
import pytest

from guongsang import mdprune
from mdstories import story as _story

PAGE = {"extensions": ["toc", "tables", "attr_list", "admonition"],
        "extension_configs": {"toc": {"permalink": True}}}
RADIO = {"extensions": ["tables", "fenced_code", "sane_lists"]}
OTHERS = {"extensions": ["tables", "footnotes", "smarty", "nl2br", "md_in_html", "def_list",
                         "abbr"]}

@pytest.mark.parametrize("options", [PAGE, RADIO, OTHERS], ids=["page", "radio", "others"])
def test_same_html_with_and_without_pruning(options: dict) -> None:
    rng = random.Random(20261130)
    plain = markdown.Markdown(**options)
    pruned = mdprune.install(markdown.Markdown(**options))
    inline = pruned.treeprocessors["inline"]
    left_out = 0
    for _ in range(3000):
        story = _story(rng)
        assert pruned.reset().convert(story) == plain.reset().convert(story), story
        left_out += len(inline.inlinePatterns) < len(pruned.inlinePatterns)
    if options is not OTHERS:  # the comparison is about pruned conversions, not only full ones
        assert left_out > 300


def test_plain_prose_needs_no_inline_pattern() -> None:
    md = mdprune.install(markdown.Markdown(**PAGE))
    md.convert("## Thành tích\n\nGiúp 33 hộ thoát nghèo (30%).\n\n- một\n- hai\n")
    assert len(md.treeprocessors["inline"].inlinePatterns) == 0
    md.reset().convert("Giúp **33 hộ** thoát nghèo.")
    assert [p.__class__.__name__ for p in md.treeprocessors["inline"].inlinePatterns] == [
        "DelimiterProcessor"]


@pytest.mark.parametrize("extension", ["footnotes", "md_in_html"])
def test_unchecked_processors_before_the_patterns_keep_every_pattern(extension: str) -> None:
    md = mdprune.install(markdown.Markdown(extensions=["tables", extension]))
    md.convert("Giúp 33 hộ thoát nghèo.")
    assert len(md.treeprocessors["inline"].inlinePatterns) == len(md.inlinePatterns)


def test_unknown_patterns_are_always_tried() -> None:
    md = mdprune.install(markdown.Markdown(extensions=["nl2br"]))
    md.convert("Giúp 33 hộ thoát nghèo.")
    assert "nl" in md.treeprocessors["inline"].inlinePatterns
    assert "link" not in md.treeprocessors["inline"].inlinePatterns
