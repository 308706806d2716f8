"""Article bodies: Markdown written by editors, rendered to HTML and sanitised with nh3 (the
ammonia sanitiser) so that no script, style, frame, image, form, event handler or
javascript:/data: link ever reaches a page, whoever wrote the text.

Links keep their address only when it is plainly one of: http(s), mailto:, tel:, a path on
this site ("/aide/..."), or an anchor ("#..."), written without any space or control
character (which browsers would read in ways a reviewer does not see); any other link
keeps its words and loses its address.
"""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "a", "blockquote",
    "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}
# Tags dropped with their content (the others not listed above keep their text).
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template",
                         "noscript", "svg", "math", "textarea", "select"}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_SAFE_HREF = re.compile(r"(?:https?://|mailto:|tel:|/(?!/)|#)[^\s\x00-\x1f\x7f]*",
                        re.IGNORECASE)


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "a" and name == "href":
        return value if _SAFE_HREF.fullmatch(value) else None
    return value


def render_body(text: str) -> SafeString:
    """The HTML of a Markdown body, with only the tags above; links open no window
    relations (rel="noopener noreferrer")."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=_TAGS, clean_content_tags=_DROPPED_WITH_CONTENT,
                      attributes=_ATTRIBUTES, attribute_filter=_keep_attribute,
                      url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer")
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
