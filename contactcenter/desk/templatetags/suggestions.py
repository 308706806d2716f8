"""The complaint page's suggested articles, rendered with the page
(templates/desk/partials/_suggestions.html)."""

from __future__ import annotations

from typing import Any

from django import template

from contactcenter.desk import suggestions
from tickets.models import Ticket

register = template.Library()


@register.simple_tag(takes_context=True)
def suggested_articles(context: dict[str, Any],
                       ticket: Ticket) -> list[suggestions.Suggestion] | None:
    """The suggestions for the complaint as it stands; None when they are turned off."""
    if not suggestions.enabled():
        return None
    return suggestions.suggestions_on_page(ticket, request=context.get("request"))
