"""Python-Markdown without the inline patterns a document cannot match: same tree, fewer tries.

Python-Markdown tries each of its inline patterns (code, escapes, five kinds of link, autolinks,
line breaks, HTML, entities, emphasis) on every run of text, and that is half the time of
converting a story. Each of these patterns needs a character — a backtick, a backslash, '[',
'<', '&', '*' or '_', two spaces before a line end — and the plain prose most stories are made
of has none of them: a pattern whose characters the document lacks cannot match anywhere in
it, so it is left out for that document. The text the patterns see is cut from the document
(block processors split and strip it, they add none of these characters), so the result is
the same, byte for byte.

Only the patterns listed below, by class and expression, are ever left out; any other (a site's
own extension) is always tried. And nothing is left out when a processor that runs before the
inline patterns comes from an extension not checked here (one that could add text).
"""

from __future__ import annotations

from markdown import Markdown
from markdown import inlinepatterns as ip
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry

# (class, expression) → the strings one of which every match contains.
_NEEDS: dict[tuple[type, str], tuple[str, ...]] = {
    (ip.BacktickInlineProcessor, ip.BACKTICK_RE): ("`",),
    (ip.EscapeInlineProcessor, ip.ESCAPE_RE): ("\\",),
    (ip.ReferenceInlineProcessor, ip.REFERENCE_RE): ("[",),
    (ip.LinkInlineProcessor, ip.LINK_RE): ("[",),
    (ip.ImageInlineProcessor, ip.IMAGE_LINK_RE): ("[",),
    (ip.ImageReferenceInlineProcessor, ip.IMAGE_REFERENCE_RE): ("[",),
    (ip.ShortReferenceInlineProcessor, ip.REFERENCE_RE): ("[",),
    (ip.ShortImageReferenceInlineProcessor, ip.IMAGE_REFERENCE_RE): ("[",),
    (ip.AutolinkInlineProcessor, ip.AUTOLINK_RE): ("<",),
    (ip.AutomailInlineProcessor, ip.AUTOMAIL_RE): ("<",),
    (ip.SubstituteTagInlineProcessor, ip.LINE_BREAK_RE): ("  \n",),
    (ip.HtmlInlineProcessor, ip.HTML_RE): ("<",),
    (ip.HtmlInlineProcessor, ip.ENTITY_RE): ("&",),
}

# Where the processors that run before the inline patterns may come from: Python-Markdown's
# own and these extensions' only split, strip or set aside the document's text.
_CHECKED = frozenset({
    "markdown.preprocessors", "markdown.blockprocessors", "markdown.treeprocessors",
    "markdown.extensions.tables", "markdown.extensions.fenced_code",
    "markdown.extensions.admonition", "markdown.extensions.attr_list",
    "markdown.extensions.toc", "markdown.extensions.sane_lists",
    "markdown.extensions.def_list", "markdown.extensions.abbr",
    "mkdocs.structure.pages", __name__,
})
PRIORITY = 29  # right after 'normalize_whitespace' (30): tabs expanded, line ends "\n"


def _needs(pattern: object) -> tuple[str, ...] | None:
    """What the pattern needs, or None: not one of ours, always tried."""
    if isinstance(pattern, ip.DelimiterProcessor) and type(pattern) is ip.DelimiterProcessor:
        return tuple(pattern.tokens)  # '*' and '_' (emphasis)
    return _NEEDS.get((type(pattern), getattr(pattern, "pattern", None)))


def _checked(md: Markdown, inline_priority: float) -> bool:
    before = [md.preprocessors, md.parser.blockprocessors]
    if any(type(p).__module__ not in _CHECKED for reg in before for p in reg):
        return False
    return all(type(md.treeprocessors[item.name]).__module__ in _CHECKED
               for item in md.treeprocessors._priority if item.priority > inline_priority)


class _Prune(Preprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.made: dict[tuple[int, ...], Registry] = {}

    def run(self, lines: list[str]) -> list[str]:
        md = self.md
        full = md.inlinePatterns
        if "inline" not in md.treeprocessors:
            return lines
        inline = md.treeprocessors["inline"]
        if type(inline) is not InlineProcessor:
            return lines
        priority = next(i.priority for i in md.treeprocessors._priority if i.name == "inline")
        if not _checked(md, priority):
            inline.inlinePatterns = full
            return lines
        text = "\n".join(lines)
        ordered = list(full)  # iterating sorts the registry: `_priority` is now in order too
        kept = []
        for item, pattern in zip(full._priority, ordered, strict=True):
            needs = _needs(pattern)
            if needs is None or any(s in text for s in needs):
                kept.append((item, pattern))
        key = tuple(id(p) for _, p in kept)
        patterns = self.made.get(key)
        if patterns is None:
            if len(self.made) > 64:
                self.made.clear()
            patterns = self.made[key] = Registry()
            for item, pattern in kept:  # in the full list's order, so ties keep their order
                patterns.register(pattern, item.name, item.priority)
        inline.inlinePatterns = patterns
        return lines


class PruneExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_Prune(md), "guongsang_prune", PRIORITY)


def install(md: Markdown) -> Markdown:
    """Add the pruning to a converter (once: it stays through `reset`)."""
    if "guongsang_prune" not in md.preprocessors:
        PruneExtension().extendMarkdown(md)
    return md
