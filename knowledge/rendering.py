"""Article bodies: Markdown written by editors, rendered to HTML and sanitised with nh3 (the
ammonia sanitiser) so that no script, style, frame, event handler or javascript: link ever
reaches a page, whoever wrote the text."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "a", "blockquote",
    "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_body(text: str) -> SafeString:
    """The HTML of a Markdown body, with only the tags above; links open no window
    relations (rel="noopener noreferrer")."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
                      link_rel="noopener noreferrer")
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
