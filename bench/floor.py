"""The Python floor: what the least a Python static site generator must do per profile —
read the file, parse its front matter, render its Markdown, fill one Jinja template, write
the page. No validation, no theme, no listings, feeds or search; one process.

    python bench/floor.py SRC_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import markdown
import yaml
from markupsafe import Markup

PAGE = jinja2.Template("""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>{{ body }}</main></body></html>
""", autoescape=True)


def main(argv: list[str]) -> int:
    src, out = Path(argv[0]), Path(argv[1])
    md = markdown.Markdown(extensions=["toc", "tables"])
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted((src / "content" / "exemplars").glob("*.md")):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        data = yaml.load(front, Loader=loader)  # a safe loader (C or Python): no tags run
        html = md.reset().convert(body)
        page = out / path.stem / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.render(title=data["title"], body=Markup(html)),
                        "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
