"""Random Markdown stories for the tests that compare two ways of converting one."""

from __future__ import annotations

import random

# Pieces of stories: plain Vietnamese prose and every piece of syntax a pattern waits for.
WORDS = ["Bà", "Nguyễn", "Thị", "Hoa", "giúp", "33", "hộ", "thoát", "nghèo", "năm", "2024,",
         "xã", "Đồng", "Hới.", "nông", "thôn", "mới:", "(tỷ", "lệ", "30%)", "—", "…"]
INLINE = ["**đậm**", "*nghiêng*", "_gạch_", "__đôi__", "***ba***", "* ", " _ ", "`mã`",
          "``a`b``", "\\*", "\\\\", "\\`", "[liên kết](https://x.vn/a_b)", "![ảnh](a.png)",
          "[tham chiếu][r]", "[r]", "![r]", "<b>x</b>", "<https://x.vn>", "<a@b.vn>",
          "&amp;", "&#123;", "&copy;", "&", "<", "[", "]", "!", "  \n", "\t\n", "   \r\n",
          "{: .x }", "{#id}", "*[HTML]", "a*b*c", "a_b_c", "**", "__"]
BLOCKS = ["# Tiêu đề", "## Thành tích {#tt}", "- một\n- hai", "1. một\n2. hai",
          "> trích dẫn", "| a | b |\n|---|---|\n| c | *d* |", "```\nmã *x* [y]\n```",
          "    thụt lề *x*", '!!! note "Ghi chú"\n    nội dung', "!!! tip\n    *x*",
          "[r]: https://x.vn/r", "Thuật ngữ\n:   định nghĩa", "---", "<div>khối *x*</div>",
          "Dòng một  \nDòng hai", "Tab\tgiữa\tdòng", "Kết quả:\n- một\n- hai",
          "1. một\n- hai", "- một\n\n    tiếp theo", "* một\n    * con", "Tiêu đề\n===",
          "- một\n\n1. hai", "+ **một**\n+ [hai](b.md#c)"]
# What a story with none of them may hold: `radio.reusable` stories, most of them.
UNLIKE_PAGES = ("<", "&", "\\", "```", "~~~", "!!!", "{")


def story(rng: random.Random, plain: bool = False) -> str:
    """A story of random blocks; `plain`: none of `UNLIKE_PAGES`' forms."""
    inline = [x for x in INLINE if not plain or not any(f in x for f in UNLIKE_PAGES)]
    block = [x for x in BLOCKS if not plain or not any(f in x for f in UNLIKE_PAGES)]
    blocks = []
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.3:
            blocks.append(rng.choice(block))
            continue
        words = []
        for _ in range(rng.randint(1, 25)):
            words.append(rng.choice(inline) if rng.random() < 0.15 else rng.choice(WORDS))
        blocks.append(" ".join(words))
    ends = ["\n\n", "\n"] if plain else ["\n\n", "\n", "\r\n\r\n"]
    return rng.choice(ends).join(blocks) + rng.choice(["", "\n", "\n\n"])
