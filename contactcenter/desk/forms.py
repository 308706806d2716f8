"""The desk's forms: opening a complaint, and the small form of each action on one.

Every action form carries the complaint's version as the page loaded it, so that a page
left open while someone else changed the complaint cannot act on what it no longer shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.models import Channel, Customer
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from knowledge import templating
from tickets import audiences
from tickets import selectors as ticket_selectors
from tickets.models import Ticket, TicketEvent
from tickets.references import TYPED_MAX_LENGTH, normalize_reference
from tickets.selectors import get_ticket_for_agent


def _text(label: Any, *, max_length: int, rows: int = 3, required: bool = True,
          help_text: Any = "") -> Any:
    """Free text, limited as the model says (the API reads the same limit)."""
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}))


_NOTE = TicketEvent.NOTE_MAX_LENGTH  # notes, replies, reasons, answers


class _CategoryChoices(ModelChoiceIterator):
    """The categories in optgroups by audience, sorted by the label in the page's language."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for audience, members in audiences.grouped(self.queryset):
            yield (audience, [self.choice(category) for category in members])


class CategoryField(forms.ModelChoiceField):
    """A category picker offering only the audiences that fit the customer
    (tickets.audiences): a category of another audience is refused as not a valid choice."""

    iterator = _CategoryChoices

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=ticket_selectors.active_categories(), **kwargs)

    def offer_for(self, customer: Customer) -> None:
        self.queryset = ticket_selectors.active_categories().filter(
            audience__in=audiences.audiences_for(customer))
        self.error_messages["invalid_choice"] = _(
            "Choose a category among those offered for this customer.")


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, ticket: Ticket, agent: Agent, action: str,
                 **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = ticket.version
        kwargs.setdefault("auto_id", f"id_{action}_%s")  # many forms share the page
        super().__init__(*args, **kwargs)
        self.ticket, self.agent, self.action = ticket, agent, action

    @property
    def template_data_id(self) -> str:
        """The id of the page's data holding the form's templates (see template_data)."""
        return f"templates-{self.action}"


class ConfirmForm(ActionForm):
    """An action with nothing to fill in (start)."""


def _confirmation() -> Any:
    """The box that must be ticked before an action that cannot simply be undone: the
    confirmation step works without JavaScript (the page adds a dialog as a nicety)."""
    return forms.BooleanField(
        label=_("I confirm"), required=True,
        error_messages={"required": _('Tick "I confirm" to go ahead: this action cannot '
                                      "simply be undone.")})


class CloseForm(ActionForm):
    """Closing: nothing to fill in, but confirmed."""

    confirm = _confirmation()


class TriageForm(ActionForm):
    category = CategoryField(label=_("Category"), empty_label=_("Choose a category"))
    queue = forms.ModelChoiceField(label=_("Queue"), queryset=org_selectors.queues_by_code(),
                                   required=False, empty_label=_("The category's usual queue"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(CategoryField, self.fields["category"]).offer_for(self.ticket.customer)


class AssignForm(ActionForm):
    # The form's metaclass moves declared fields to base_fields: on an instance, self.agent is
    # still the acting Agent (ActionForm), the field is self.fields["agent"].
    agent: Agent = forms.ModelChoiceField(  # type: ignore[assignment]  # see the line above
        label=_("Agent"), queryset=org_selectors.all_agents().none(),
        empty_label=_("Choose an agent"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agents = ticket_selectors.assignable_agents(self.ticket, including=self.agent)
        self.fields["agent"].queryset = agents  # type: ignore[attr-defined]  # a ModelChoiceField


class AskCustomerForm(ActionForm):
    request = _text(_("What the customer is asked for"),
                    max_length=Ticket.WAITING_FOR_MAX_LENGTH,
                    help_text=_("Sent to the customer by SMS."))

    def clean_request(self) -> str:
        return templating.ready_to_send(self.cleaned_data["request"])  # placeholders filled


class CustomerReplyForm(ActionForm):
    text = _text(_("The customer's answer"), max_length=_NOTE)


class ReferForm(ActionForm):
    direction = forms.ModelChoiceField(label=_("Headquarters direction"),
                                       queryset=org_selectors.back_office_directions(),
                                       empty_label=_("Choose a direction"))
    note = _text(_("What they should look at"), max_length=_NOTE, required=False)


class ReferralAnswerForm(ActionForm):
    answer = _text(_("The back office's answer"), max_length=_NOTE)


class ResolveForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"),
                                choices=[("", _("Choose the outcome")), *Ticket.Outcome.choices])
    explanation = _text(_("Explanation for the customer"), rows=4,
                        max_length=Ticket.EXPLANATION_MAX_LENGTH,
                        help_text=_("Sent to the customer by SMS: plain words, no jargon."))
    rule = forms.CharField(label=_("Rule it rests on"), required=False,
                           max_length=Ticket.RULE_MAX_LENGTH,
                           help_text=_("Required for a rejection (law, decree, circular)."),
                           widget=forms.TextInput(attrs={"dir": "auto"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The outcome's template for the complaint's category, in the customer's language:
        # the page fills the explanation with it when an outcome is chosen.
        self.templates = {outcome: template.text for outcome, template in
                          templating.decision_templates(self.ticket, agent=self.agent).items()}

    @property
    def template_data(self) -> dict[str, str]:
        """For the page's script: the filled explanation of each outcome."""
        return self.templates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("explanation"):
            try:
                data["explanation"] = templating.ready_to_send(data["explanation"],
                                                               rule=data.get("rule") or "")
            except ValidationError as exc:
                self.add_error("explanation", exc)
        return data


class ReasonForm(ActionForm):
    reason = _text(_("Reason"), rows=2, max_length=_NOTE)


class CancelForm(ReasonForm):
    confirm = _confirmation()


class MergeForm(ActionForm):
    survivor = forms.CharField(label=_("Reference of the complaint to keep"),
                               max_length=TYPED_MAX_LENGTH,
                               widget=forms.TextInput(attrs={"dir": "ltr",
                                                             "inputmode": "numeric"}))
    confirm = _confirmation()

    def clean_survivor(self) -> Ticket:
        reference = normalize_reference(self.cleaned_data["survivor"])
        try:
            return get_ticket_for_agent(agent=self.agent, reference=reference)
        except Http404:
            raise forms.ValidationError(
                _("No complaint with this reference among those you may see.")) from None


class MessageForm(ActionForm):
    """A reply to the customer, with the reply templates to start from."""

    text = _text(_("Message"), rows=3, max_length=_NOTE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.templates = templating.reply_templates(self.ticket, agent=self.agent)

    @property
    def template_data(self) -> dict[str, str]:
        """For the page's script: the filled texts by the template's number."""
        return {str(template.pk): template.text for template in self.templates}

    def clean_text(self) -> str:
        return templating.ready_to_send(self.cleaned_data["text"])


class NoteForm(ActionForm):
    text = _text(_("Internal note"), rows=2, max_length=_NOTE)


class OpenComplaintForm(forms.Form):
    category = CategoryField(label=_("Category"), required=False,
                             empty_label=_("To be triaged later"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Ticket.Priority.choices,
                                 initial=Ticket.Priority.NORMAL)
    description = _text(_("Description"), rows=5, max_length=Ticket.DESCRIPTION_MAX_LENGTH,
                        help_text=_("What the customer says, in their words."))
    dependant = forms.ModelChoiceField(label=_("Person concerned"),
                                       queryset=customer_selectors.active_customers().none(),
                                       required=False,
                                       empty_label=_("The customer themselves"))

    def __init__(self, *args: Any, customer: Customer, agent: Agent, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("channel", default_channel(agent))
        super().__init__(*args, **kwargs)
        dependants = customer_selectors.dependants_of(customer)
        if dependants.exists():
            self.fields["dependant"].queryset = dependants  # type: ignore[attr-defined]  # a ModelChoiceField
        else:
            del self.fields["dependant"]
        cast(CategoryField, self.fields["category"]).offer_for(customer)
        self.customer = customer


def default_channel(agent: Agent) -> str:
    """Counter at an agency, phone at the call centre and elsewhere."""
    if agent.role == Agent.Role.CALL_CENTRE or agent.agency_id is None:
        return Channel.PHONE
    return Channel.COUNTER
