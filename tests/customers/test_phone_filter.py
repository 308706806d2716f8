"""Phone numbers on the pages: international notation, isolated left to right so that an
Arabic page keeps the plus in front."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from contactcenter.customers.templatetags.customers import phone, phone_text


def test_a_number_is_shown_international_and_left_to_right() -> None:
    assert phone("+212667080641") == '<bdi dir="ltr">+212 6 67 08 06 41</bdi>'
    assert phone("+33612345678") == '<bdi dir="ltr">+33 6 12 34 56 78</bdi>'
    assert phone_text("+212667080641") == "+212 6 67 08 06 41"


def test_what_is_not_a_number_is_shown_escaped_as_it_is() -> None:
    assert phone("") == "" and phone(None) == ""
    assert phone("client (SMS)") == "client (SMS)"
    assert phone("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert phone_text("anonymous") == "anonymous"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_in_a_template_the_markup_is_kept_and_the_number_not_reversed(language) -> None:
    template = Template("{% load customers %}<p>{{ number|phone }}</p>")
    with translation.override(language):
        html = template.render(Context({"number": "+212667080641"}))
    assert html == '<p><bdi dir="ltr">+212 6 67 08 06 41</bdi></p>'
