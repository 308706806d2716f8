"""Reply and decision templates: their placeholders, filled from the complaint when an agent
inserts one, and the check that refuses a text still holding one before it is sent.

One syntax in both languages: an ASCII key between braces, `{customer_name}`. The keys are
KEYS; those the system knows are filled from the complaint (the customer's name, the
reference, the dates, in the template's language); `{amount}`, `{rule}` and `{document}`
are left for the agent to type (the resolution form fills `{rule}` from its "rule" field).
A text sent to a customer (a reply, a request, a decision's explanation) is checked by
`ready_to_send`: a known placeholder left in it is refused with a message naming it. The
desk's forms and the API's serializers call it; knowledge.services.save_reply_template
refuses unknown keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contactcenter.org.models import Agent
from knowledge.models import Language, ReplyTemplate
from tickets.models import Ticket

# Filled from the complaint when the template is inserted.
FROM_COMPLAINT = ("customer_name", "reference", "opened_on", "today", "agent_name")
# Typed by the agent: they stay visible until then.
BY_HAND = ("amount", "rule", "document")
KEYS = FROM_COMPLAINT + BY_HAND

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def placeholders_in(text: str) -> list[str]:
    """The known placeholders still in the text, in the order they appear, once each."""
    return _unique(name for name in _PLACEHOLDER.findall(text) if name in KEYS)


def unknown_placeholders(text: str) -> list[str]:
    """The `{word}` of the text that are not placeholders agents or the system can fill."""
    return _unique(name for name in _PLACEHOLDER.findall(text) if name not in KEYS)


def _shown(names: Iterable[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in names)


def check_known(body: str) -> None:
    """Refuse a template naming a placeholder nobody would fill (a typo, `{nom}`)."""
    unknown = unknown_placeholders(body)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s: use only %(keys)s.")
            % {"unknown": _shown(unknown), "keys": _shown(KEYS)}, code="unknown_placeholder")


def fill(body: str, values: Mapping[str, str]) -> str:
    """The body with each placeholder of `values` replaced (the others stay as they are)."""
    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return value if value else match.group(0)
    return _PLACEHOLDER.sub(replace, body)


def ready_to_send(text: str, *, rule: str = "") -> str:
    """The text as it will be sent: `{rule}` filled from the rule typed (if any); raises
    ValidationError naming the placeholders still to replace."""
    text = fill(text, {"rule": rule.strip()})
    left = placeholders_in(text)
    if left:
        raise ValidationError(_("Replace %(placeholders)s before sending.")
                              % {"placeholders": _shown(left)}, code="unfilled_placeholder")
    return text


def _day(day: date, language: str) -> str:
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def values_for(ticket: Ticket, *, language: str, agent: Agent | None = None,
               today: date | None = None) -> dict[str, str]:
    """What the complaint fills: dates written as read in `language`."""
    values = {
        "customer_name": ticket.customer.display_name,
        "reference": ticket.reference,
        "opened_on": _day(timezone.localdate(ticket.created_at), language),
        "today": _day(today or timezone.localdate(), language),
    }
    if agent is not None:
        values["agent_name"] = agent.display_name
    return values


# --- The templates offered on a complaint ----------------------------------------------------

@dataclass(frozen=True)
class FilledTemplate:
    pk: int
    name: str
    language: str
    outcome: str
    text: str


def customer_language(ticket: Ticket) -> str:
    return (Language.ARABIC if ticket.customer.preferred_language == Language.ARABIC
            else Language.FRENCH)


def _templates(ticket: Ticket, *, reply: bool) -> list[ReplyTemplate]:
    """Active templates for the complaint's category or any; the category's first."""
    rows = ReplyTemplate.objects.filter(is_active=True)
    rows = rows.filter(outcome="") if reply else rows.exclude(outcome="")
    for_category = Q(category__isnull=True)
    if ticket.category_id is not None:
        for_category |= Q(category_id=ticket.category_id)
    return sorted(rows.filter(for_category),
                  key=lambda row: (row.category_id is None, row.name, row.pk))


def _filled(row: ReplyTemplate, ticket: Ticket, agent: Agent | None,
            values: dict[str, dict[str, str]]) -> FilledTemplate:
    if row.language not in values:
        values[row.language] = values_for(ticket, language=row.language, agent=agent)
    return FilledTemplate(pk=row.pk, name=row.name, language=row.language,
                          outcome=row.outcome, text=fill(row.body, values[row.language]))


def decision_templates(ticket: Ticket, *, agent: Agent | None = None,
                       language: str | None = None) -> dict[str, FilledTemplate]:
    """For each resolution outcome, its template for the complaint's category (else the
    generic one) in the customer's language (else in French), filled."""
    language = language or customer_language(ticket)
    chosen: dict[str, ReplyTemplate] = {}
    for preferred in _unique([language, Language.FRENCH]):
        for row in _templates(ticket, reply=False):
            if row.language == preferred:
                chosen.setdefault(row.outcome, row)
    values: dict[str, dict[str, str]] = {}
    return {outcome: _filled(row, ticket, agent, values) for outcome, row in chosen.items()}


def reply_templates(ticket: Ticket, *, agent: Agent | None = None) -> list[FilledTemplate]:
    """The reply templates, filled: the customer's language first, then the other."""
    language = customer_language(ticket)
    values: dict[str, dict[str, str]] = {}
    rows = _templates(ticket, reply=True)
    rows.sort(key=lambda row: row.language != language)  # stable: category's first within
    return [_filled(row, ticket, agent, values) for row in rows]
