"""Share metadata in every page's <head>: Open Graph, Twitter card and JSON-LD.

Facebook, Zalo and search engines read these; everything is escaped for its context
(attribute values with html.escape, JSON-LD with `<` written as \\u003c).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from .model import Campaign, Exemplar
from .site import Site

SHARE_SIZE = (1200, 630)


@dataclass(frozen=True)
class PageMeta:
    url: str  # absolute
    title: str
    description: str
    image: str  # absolute
    exemplar: Exemplar | None = None
    campaign: Campaign | None = None


def share_path(kind: str, slug: str) -> str:
    """Where a share image lives: share/dien-hinh/<slug>.jpg, share/phong-trao/<slug>.jpg."""
    return f"share/{kind}/{slug}.jpg"


def _meta(prop: str, content: str, attr: str = "property") -> str:
    return f'<meta {attr}="{prop}" content="{html.escape(content, quote=True)}">'


def head_html(site: Site, m: PageMeta) -> str:
    e = m.exemplar
    lines = [
        _meta("og:site_name", site.settings.site_name),
        _meta("og:locale", "vi_VN"),
        _meta("og:type", "article" if e else "website"),
        _meta("og:title", m.title),
        _meta("og:description", m.description),
        _meta("og:url", m.url),
        _meta("og:image", m.image),
        _meta("og:image:type", "image/jpeg"),
        _meta("og:image:width", str(SHARE_SIZE[0])),
        _meta("og:image:height", str(SHARE_SIZE[1])),
        _meta("og:image:alt", m.title),
        _meta("twitter:card", "summary_large_image", "name"),
        _meta("twitter:title", m.title, "name"),
        _meta("twitter:description", m.description, "name"),
        _meta("twitter:image", m.image, "name"),
    ]
    if e is not None and e.published is not None:
        lines.append(_meta("article:published_time", e.published.isoformat()))
        lines.append(_meta("article:modified_time", (e.updated or e.published).isoformat()))
        lines.append(_meta("article:section", site.field_label(e.field)))
        lines.append(json_ld(site, m, e))
    return "\n".join(lines)


def json_ld(site: Site, m: PageMeta, e: Exemplar) -> str:
    about: dict = {
        "@type": "Person" if e.kind == "individual" else "Organization",
        "name": e.title,
        "description": e.summary,
        "address": {"@type": "PostalAddress", "addressLocality": e.locality,
                    "addressCountry": "VN"},
    }
    if e.kind == "household":
        about["additionalType"] = "Hộ gia đình"
    if e.kind == "individual" and e.position:
        about["jobTitle"] = e.position
    if e.unit:
        key = "worksFor" if e.kind == "individual" else "parentOrganization"
        about[key] = {"@type": "Organization", "name": e.unit}
    awards = [a.title for a in e.visible_awards]
    if awards:
        about["award"] = awards
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": e.title,
        "description": e.summary,
        "url": m.url,
        "mainEntityOfPage": m.url,
        "image": {"@type": "ImageObject", "url": m.image, "width": SHARE_SIZE[0],
                  "height": SHARE_SIZE[1]},
        "inLanguage": "vi",
        "datePublished": e.published.isoformat() if e.published else None,
        "dateModified": (e.updated or e.published).isoformat() if e.published else None,
        "author": {"@type": "GovernmentOrganization", "name": site.settings.owner},
        "publisher": {"@type": "GovernmentOrganization", "name": site.settings.owner},
        "about": about,
        "keywords": list(e.tags),
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    # Inside <script>, a "</script>" or "<!--" in a name must not end the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
