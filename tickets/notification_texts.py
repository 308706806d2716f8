"""The texts of the SMS to customers: the administrators' templates (SmsTemplate, else the
built-in texts below), the plain strings they are filled with, and the cut that keeps a
message within its template's segment budget (GSM-7 160/153, UCS-2 70/67)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Engine, Template
from django.utils import formats, translation

from contactcenter import process_cache
from contactcenter.sms_segments import GSM7, count_segments, encoding
from tickets.models import SmsTemplate, Ticket

logger = logging.getLogger(__name__)
_SPACES = re.compile(r"\s+")
# The customer's free texts (explanation, what is asked) are shortened to this many characters
# in an SMS, so that the end of the template survives the cut to the segment budget.
SHORT_TEXT = 100
TEMPLATE_CACHE_SECONDS = 300
# SMS are plain text: no HTML escaping of apostrophes, no template loaders.
_ENGINE = Engine(autoescape=False)
# Templates are kept per process; this one forgets them when one is saved or deleted.
process_cache.forget_on_change("sms-templates", [SmsTemplate])


@dataclass(frozen=True)
class CompiledSms:
    """An administrator's SMS template, compiled, with its segment budget."""

    event: str
    language: str
    template: Template
    max_segments: int

    def render(self, context: dict[str, str]) -> str | None:
        """The text to send, cut to the budget; None if the template fails (logged)."""
        try:
            text = render_sms_text(self.template, context, language=self.language)
        except Exception:
            logger.exception("SMS template %s (%s) does not render", self.event,
                             self.language)
            return None
        return fit_segments(text, self.max_segments)


def compile_sms(body: str) -> Template:
    """The compiled template. Raises django.template.TemplateSyntaxError."""
    return _ENGINE.from_string(body)


def render_sms_text(template: Template, context: dict[str, str], *, language: str) -> str:
    """The rendered text on one line, not cut. Raises what the template raises."""
    with translation.override(language):
        text = template.render(Context(context, autoescape=False))
    return _SPACES.sub(" ", text).strip()


def sms_template(event: str, language: str) -> CompiledSms | None:
    """The administrators' template for `event` in `language`, else the built-in one, else
    the same in the default language; None for an unknown event. Templates are loaded once
    and kept per process (forgotten when one is saved here, after a few minutes elsewhere)."""
    templates = process_cache.cached("sms-templates", "all", TEMPLATE_CACHE_SECONDS,
                                     _load_templates)
    return templates.get((event, language)) or templates.get((event, settings.LANGUAGE_CODE))


def _load_templates() -> dict[tuple[str, str], CompiledSms]:
    loaded = {}
    for event, (french, french_max, arabic, arabic_max) in DEFAULT_TEXTS.items():
        for language, body, max_segments in (("fr", french, french_max),
                                              ("ar", arabic, arabic_max)):
            loaded[event, language] = CompiledSms(event, language, compile_sms(body),
                                                  max_segments)
    for row in SmsTemplate.objects.all():
        try:
            template = compile_sms(row.body)
        except Exception:  # saved around the admin's check: the built-in text stays
            logger.exception("SMS template %s (%s) does not compile", row.event, row.language)
            continue
        loaded[row.event, row.language] = CompiledSms(row.event, row.language, template,
                                                      row.max_segments)
    return loaded


def sms_context(ticket: Ticket, *, language: str,
                extra: dict[str, object] | None = None) -> dict[str, str]:
    """What an SMS template may use, all plain strings (no object to walk from):
    reference, expected_date (the answer's due date, in the fund's time zone), outcome,
    explanation and waiting_for (shortened), merged_into (the surviving reference), text
    (an agent's reply) and whatever `extra` adds."""
    with translation.override(language):
        context = {
            "reference": ticket.reference,
            "expected_date": _date(ticket.resolution_due),
            "outcome": str(ticket.get_outcome_display()) if ticket.outcome else "",
            "explanation": shorten(ticket.explanation, SHORT_TEXT),
            "waiting_for": shorten(ticket.waiting_for, SHORT_TEXT),
            "merged_into": ticket.merged_into.reference if ticket.merged_into is not None else "",
            "text": "",
        }
    context.update({name: str(value) for name, value in (extra or {}).items()})
    return context


def sample_context(language: str) -> dict[str, str]:
    """A typical complaint's context, to show and check a template's segment count."""
    french = language != "ar"
    return {
        "reference": "2612345678",
        "expected_date": "15/03/2026",
        "outcome": "Acceptée" if french else "مقبولة",
        "explanation": ("Le complément d'indemnités sera versé sur votre compte "
                        "avec la prochaine échéance.") if french else
                       "سيتم تحويل المبلغ المتبقي إلى حسابكم مع الدفعة المقبلة.",
        "waiting_for": ("Une copie de l'attestation de salaire de janvier" if french else
                        "نسخة من شهادة الأجر لشهر يناير"),
        "merged_into": "2612345686",
        "text": ("Votre dossier est complet, le paiement est en cours de traitement." if french
                 else "ملفكم كامل، والأداء في طور المعالجة."),
    }


def sample_text(body: str, language: str) -> str:
    """`body` filled in for a typical complaint, not cut. Raises TemplateSyntaxError, or what
    rendering raises."""
    return render_sms_text(compile_sms(body), sample_context(language), language=language)


def _date(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return formats.date_format(local, "SHORT_DATE_FORMAT")


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut on a word boundary with "…" if longer than `limit`."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    head = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit - 1]
    return head.rstrip(_TRAILING) + "…"


_TRAILING = " ,;:.-–"


def fit_segments(text: str, max_segments: int) -> str:
    """`text`, or its longest beginning that fits in `max_segments` once an ellipsis is
    added, cut on a word boundary when one allows it. A GSM-7 text ends with "..." rather
    than "…", which would switch the whole message to UCS-2 and halve its room."""
    if count_segments(text).segments <= max_segments:
        return text
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    return (_longest_fitting(text, spaces, max_segments)
            or _longest_fitting(text, list(range(1, len(text))), max_segments) or "")


def _longest_fitting(text: str, cuts: list[int], max_segments: int) -> str | None:
    """The longest cut text that fits, by bisection over the ascending cut positions (the
    segment count never falls as a text grows)."""
    best, low, high = None, 0, len(cuts) - 1
    while low <= high:
        middle = (low + high) // 2
        candidate = _cut(text, cuts[middle])
        if candidate and count_segments(candidate).segments <= max_segments:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _cut(text: str, at: int) -> str:
    head = text[:at].rstrip(_TRAILING)
    if not head:
        return ""
    return head + ("..." if encoding(head) == GSM7 else "…")


# The built-in texts, as first seeded (tickets/migrations/0009): what an event without an
# SmsTemplate row sends. event: (French, its maximum segments, Arabic, its maximum segments).
DEFAULT_TEXTS: dict[str, tuple[str, int, str, int]] = {
    "received": (
        "Votre réclamation est enregistrée sous la référence {{ reference }}."
        "{% if expected_date %} Réponse prévue au plus tard le {{ expected_date }}.{% endif %}"
        " Pour la suivre, envoyez SUIVI {{ reference }}.", 1,
        "تم تسجيل شكايتكم تحت رقم {{ reference }}."
        "{% if expected_date %} الجواب مرتقب في أجل أقصاه {{ expected_date }}.{% endif %}"
        " للتتبع، أرسلوا: تتبع {{ reference }}", 2),
    "waiting": (
        "Réclamation {{ reference }} : pour la traiter, merci de nous fournir :"
        " {{ waiting_for }}", 2,
        "شكاية رقم {{ reference }}: لمعالجتها، نرجو موافاتنا بما يلي: {{ waiting_for }}", 2),
    "referred": (
        "Réclamation {{ reference }} : transmise pour examen au service concerné du siège."
        " Nous vous informerons de la suite.", 1,
        "شكاية رقم {{ reference }}: أحيلت على المصلحة المختصة بالإدارة المركزية للدراسة."
        " سنوافيكم بالمستجدات.", 2),
    "resolved": (
        "Réclamation {{ reference }} traitée : {{ outcome }}. {{ explanation }}", 2,
        "تمت معالجة شكايتكم رقم {{ reference }}: {{ outcome }}. {{ explanation }}", 3),
    "closed": (
        "Votre réclamation {{ reference }} est close. Notez notre réponse en envoyant un"
        " chiffre de 1 (pas du tout satisfait) à 5 (très satisfait).", 1,
        "تم إغلاق شكايتكم رقم {{ reference }}. ما مدى رضاكم عن جوابنا؟"
        " أجيبوا برقم من 1 (غير راض إطلاقا) إلى 5 (راض جدا).", 2),
    "reply": (
        "Réclamation {{ reference }} : {{ text }}", 3,
        "شكاية رقم {{ reference }}: {{ text }}", 3),
    "reopened": (
        "Réclamation {{ reference }} : rouverte, elle est de nouveau à l'étude.", 1,
        "أعيد فتح شكايتكم رقم {{ reference }}، وهي قيد الدراسة من جديد.", 1),
    "cancelled": (
        "Votre réclamation {{ reference }} a été annulée. Pour toute question, contactez"
        " votre agence.", 1,
        "تم إلغاء شكايتكم رقم {{ reference }}. لأي استفسار، المرجو الاتصال بوكالتكم.", 2),
    "merged": (
        "Votre réclamation {{ reference }} est traitée avec la réclamation {{ merged_into }}."
        " Suivez désormais la référence {{ merged_into }}.", 1,
        "تتم معالجة شكايتكم رقم {{ reference }} مع الشكاية رقم {{ merged_into }}."
        " المرجو تتبعها بهذا الرقم الأخير.", 2),
}


# --- The language an agent's reply goes in --------------------------------------------------
#
# A reply is wrapped in the fund's reply template ("Réclamation … : {{ text }}"). Wrapping a
# French text in the Arabic template (or the reverse) would send a message in two languages
# and two directions. The template therefore follows the language of the text the agent
# actually wrote, told by its script: Arabic letters, the Arabic template; Latin letters, the
# French one. A text with no letters (a date, an amount) keeps the customer's language. The
# desk shows the language live while the agent types, so nothing needs confirming.

def _is_arabic_letter(ch: str) -> bool:
    return ch.isalpha() and ("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"
                             or "\u08a0" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufdff"
                             or "\ufe70" <= ch <= "\ufeff")


def written_language(text: str) -> str | None:
    """"ar" when most letters of `text` are Arabic, "fr" when most are Latin, None when it
    has no letter."""
    arabic = latin = 0
    for ch in text:
        if _is_arabic_letter(ch):
            arabic += 1
        elif ch.isalpha() and (ch.isascii() or "\u00c0" <= ch <= "\u024f"):
            latin += 1
    if not arabic and not latin:
        return None
    return "ar" if arabic > latin else "fr"


def message_language(*, event: str, preferred: str,
                     context: dict[str, object] | None = None) -> str:
    """The language of the SMS for `event`: the customer's `preferred` one, except for an
    agent's reply written in the other language, which goes in its own language's
    template."""
    if event == "reply" and context:
        written = written_language(str(context.get("text", "")))
        if written is not None and written in dict(settings.LANGUAGES):
            return written
    return preferred


_MARK = "\u2063"  # INVISIBLE SEPARATOR: no template writes it


@dataclass(frozen=True)
class ReplyFrame:
    """What the reply template puts around an agent's text in one language, for the desk's
    live counter: the text before and after, and the segment budget."""

    language: str
    before: str
    after: str
    max_segments: int


def reply_frame(ticket: Ticket, *, language: str) -> ReplyFrame | None:
    """The reply template's text around the agent's, for this complaint; None without a
    template or when it leaves the text out."""
    template = sms_template("reply", language)
    if template is None:
        return None
    try:
        text = render_sms_text(template.template,
                               sms_context(ticket, language=language, extra={"text": _MARK}),
                               language=language)
    except Exception:
        logger.exception("SMS template reply (%s) does not render", language)
        return None
    if text.count(_MARK) != 1:
        return None
    before, after = text.split(_MARK)
    return ReplyFrame(template.language, before, after, template.max_segments)
