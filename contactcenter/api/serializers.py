"""What the API reads and writes. Input serializers check the shape of a request; the
workflow's own rules stay in tickets/services.py and on the model."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contactcenter import i18n
from contactcenter.api.representation import BuiltOnce
from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.identifiers import parse_phone
from contactcenter.customers.models import (
    Channel,
    ContactPoint,
    Customer,
    CustomerEvent,
    Interaction,
    Language,
)
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agency, Direction, Queue
from knowledge import templating
from tickets import audiences, permissions
from tickets import selectors as ticket_selectors
from tickets.customer_scope import customer_for_agent_or_none, customers_for_agent
from tickets.models import Category, Ticket, TicketEvent
from tickets.references import TYPED_MAX_LENGTH, normalize_reference
from tickets.selectors import category_by_code, get_ticket_for_agent
from tickets.timeline import TimelineEntry

# --- Errors (for the schema) -----------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ConflictSerializer(ErrorSerializer):
    changed_by = serializers.CharField()
    changed_at = serializers.DateTimeField(allow_null=True)


# --- Customers -------------------------------------------------------------------------------


class CustomerLookupSerializer(serializers.Serializer):
    identifier = serializers.CharField(
        required=False, help_text=_("Immatriculation, affiliation number or CIN."))
    phone = serializers.CharField(required=False, help_text=_("A phone number, in any format."))

    def validate_phone(self, value: str) -> str:
        e164 = parse_phone(value)
        if e164 is None:
            raise serializers.ValidationError(_("Not a valid phone number."))
        return e164

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("identifier" in attrs) == ("phone" in attrs):
            raise serializers.ValidationError(_("Give either an identifier or a phone number."))
        return attrs


class ContactPointSerializer(BuiltOnce, serializers.ModelSerializer):
    """A contact point, with its id (to correct or retire it) and when it was retired (the
    record lists those in use only)."""

    class Meta:
        model = ContactPoint
        fields = ["id", "kind", "value", "is_primary", "retired_at"]
        read_only_fields = fields


class CustomerSerializer(BuiltOnce, serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True)
    contact_points = ContactPointSerializer(many=True, read_only=True)

    class Meta:
        model = Customer
        fields = ["id", "kind", "roles", "display_name", "first_name", "last_name",
                  "company_name", "birth_date", "immatriculation", "affiliation_number", "cin",
                  "preferred_language", "agency", "to_identify", "merged_into",
                  "contact_points", "created_at", "updated_at"]
        read_only_fields = fields


class StoredTextField(serializers.CharField):
    """A stored text in the answer's language: a sentence the system wrote translated now,
    text typed by people as typed (contactcenter.i18n.shown)."""

    def to_representation(self, value: Any) -> str:
        return i18n.shown(value)


class CustomerCreateSerializer(serializers.Serializer):
    """A new record (record_services.register_customer checks the rules: errors by field)."""

    # Plain strings checked against the choices: an enum here would be a second name for
    # the record's `kind` enum in the schema.
    kind = serializers.CharField(help_text=_("person or employer."))
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=[Customer.Role.INSURED, Customer.Role.PENSIONER,
                                               Customer.Role.VOLUNTARY]),
        required=False, default=list, help_text=_("For a person."))
    first_name = serializers.CharField(max_length=80, required=False, default="",
                                       allow_blank=True)
    last_name = serializers.CharField(max_length=80, required=False, default="",
                                      allow_blank=True)
    company_name = serializers.CharField(max_length=200, required=False, default="",
                                         allow_blank=True, help_text=_("For an employer."))
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    immatriculation = serializers.CharField(max_length=20, required=False, allow_null=True,
                                            default=None)
    cin = serializers.CharField(max_length=20, required=False, allow_null=True, default=None)
    affiliation_number = serializers.CharField(max_length=20, required=False, allow_null=True,
                                               default=None)
    preferred_language = serializers.ChoiceField(choices=Language.choices, required=False,
                                                 default=Language.FRENCH)
    mobile = serializers.CharField(max_length=40, required=False, default="",
                                   allow_blank=True, help_text=_("In any notation."))
    address = serializers.CharField(max_length=ContactPoint.VALUE_MAX_LENGTH, required=False,
                                    default="", allow_blank=True)
    confirm_duplicate = serializers.BooleanField(required=False, default=False, help_text=_(
        "Create even though records with the same phone or a close name exist (never "
        "with the same identifier)."))

    def validate_kind(self, value: str) -> str:
        return _one_of(value, Customer.Kind.values)


class DuplicateCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="customer.pk")
    display_name = serializers.CharField(source="customer.display_name")
    kind = serializers.CharField(source="customer.kind")
    birth_date = serializers.DateField(source="customer.birth_date", allow_null=True)
    immatriculation = serializers.CharField(source="customer.immatriculation", allow_null=True)
    cin = serializers.CharField(source="customer.cin", allow_null=True)
    affiliation_number = serializers.CharField(source="customer.affiliation_number",
                                               allow_null=True)
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=[
        "immatriculation", "cin", "affiliation_number", "phone", "name"]))


class DuplicatesSerializer(ErrorSerializer):
    blocking = serializers.BooleanField(help_text=_(
        "A candidate holds an identifier given: confirm_duplicate cannot pass it."))
    candidates = DuplicateCandidateSerializer(many=True, help_text=_(
        "Those the agent may see."))
    hidden_candidates = serializers.IntegerField(help_text=_(
        "How many others exist outside the agent's scope."))


class ContactPointInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("mobile, landline, email or address."))
    value = serializers.CharField(max_length=ContactPoint.VALUE_MAX_LENGTH, help_text=_(
        "A phone in any notation, an e-mail or a postal address."))
    main = serializers.BooleanField(required=False, default=False,
                                    help_text=_("A mobile: the one notifications go to."))

    def validate_kind(self, value: str) -> str:
        return _one_of(value, ContactPoint.Kind.values)


def _one_of(value: str, choices: list[str]) -> str:
    if value not in choices:
        raise serializers.ValidationError(_("“%(value)s” is not a valid choice.")
                                          % {"value": value})
    return value


class ContactPointChangeSerializer(serializers.Serializer):
    value = serializers.CharField(max_length=ContactPoint.VALUE_MAX_LENGTH, required=False,
                                  help_text=_("The corrected value."))
    main = serializers.BooleanField(required=False, help_text=_(
        "true: make this mobile the one notifications go to."))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "value" not in attrs and not attrs.get("main"):
            raise serializers.ValidationError(_("Give the corrected value or main: true."))
        return attrs


class InteractionSerializer(BuiltOnce, serializers.ModelSerializer):
    summary = StoredTextField(read_only=True)
    agent = serializers.CharField(source="agent.display_name", read_only=True, allow_null=True,
                                  default=None)
    complaint: serializers.SlugRelatedField[Ticket] = serializers.SlugRelatedField(
        source="ticket", slug_field="reference", read_only=True, allow_null=True)

    class Meta:
        model = Interaction
        fields = ["id", "channel", "direction", "occurred_at", "agent", "summary", "complaint"]
        read_only_fields = fields


class TimelineComplaintSerializer(BuiltOnce, serializers.ModelSerializer):
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Ticket
        fields = ["reference", "state", "category", "channel", "priority", "created_at"]
        read_only_fields = fields


class RecordChangeSerializer(BuiltOnce, serializers.ModelSerializer):
    """A change an agent made to the record: its creation, a contact point added, corrected,
    retired, the main mobile changed."""

    change = serializers.ChoiceField(source="kind", choices=CustomerEvent.Kind.choices,
                                     read_only=True)
    agent = serializers.CharField(source="agent.display_name", read_only=True, allow_null=True,
                                  default=None)
    contact_kind = serializers.CharField(read_only=True, help_text=_(
        "The contact point's kind (mobile, landline, email, address); empty for the "
        "record's creation."))

    class Meta:
        model = CustomerEvent
        fields = ["change", "agent", "contact_kind", "old_value", "new_value"]
        read_only_fields = fields


class TimelineEntrySerializer(BuiltOnce, serializers.Serializer):
    kind = serializers.ChoiceField(choices=["interaction", "ticket", "record_change"])
    at = serializers.DateTimeField()
    id = serializers.IntegerField(source="pk")
    interaction = serializers.SerializerMethodField()
    complaint = serializers.SerializerMethodField()
    record_change = serializers.SerializerMethodField()

    @extend_schema_field(RecordChangeSerializer(allow_null=True))
    def get_record_change(self, entry: TimelineEntry) -> dict[str, Any] | None:
        if entry.kind != "record_change":
            return None
        return RecordChangeSerializer(entry.item, context=self.context).data

    @extend_schema_field(InteractionSerializer(allow_null=True))
    def get_interaction(self, entry: TimelineEntry) -> dict[str, Any] | None:
        if entry.kind != "interaction":
            return None
        return InteractionSerializer(entry.item, context=self.context).data

    @extend_schema_field(TimelineComplaintSerializer(allow_null=True))
    def get_complaint(self, entry: TimelineEntry) -> dict[str, Any] | None:
        if entry.kind != "ticket":
            return None
        return TimelineComplaintSerializer(entry.item, context=self.context).data


class TimelinePageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    results = TimelineEntrySerializer(many=True)


# --- Complaints ------------------------------------------------------------------------------


class TicketEventSerializer(BuiltOnce, serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    note = StoredTextField(read_only=True)
    # Plain strings: the `state` enum of the complaint, or empty when the state did not change.
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)

    class Meta:
        model = TicketEvent
        fields = ["id", "kind", "at", "actor", "action", "from_state", "to_state", "note",
                  "visibility"]
        read_only_fields = fields

    def get_actor(self, event: TicketEvent) -> str:
        return (event.actor.display_name if event.actor is not None
                else i18n.shown(event.actor_label))


# The deadline status of a complaint (tickets.selectors.deadline_status, the SLA board's
# definitions), for the schema.
SLA_STATUSES = serializers.ChoiceField(
    choices=[("on_time", "on_time"), ("at_risk", "at_risk"), ("breached", "breached"),
             ("paused", "paused"), ("met", "met")],
    allow_null=True, read_only=True,
    help_text="on_time: open, its clock running, neither at risk nor breached; at_risk: "
              "open, not breached, already warned or its next escalation level due within "
              "the hour; breached: open (or resolved, closed) after missing its answer's "
              "deadline; paused: open, waiting for the customer, its clock stopped; met: "
              "resolved or closed in time; null: no service level applies (no policy, or "
              "cancelled, merged).")


class ComplaintSerializer(BuiltOnce, serializers.ModelSerializer):
    # Relations that may be empty say so (allow_null: the schema, not the answer, changes).
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True)
    agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True)
    queue: serializers.SlugRelatedField[Queue] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True)
    assignee_name = serializers.CharField(source="assignee.display_name", read_only=True,
                                          allow_null=True, default=None)
    referred_to: serializers.SlugRelatedField[Direction] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True)
    merged_into: serializers.SlugRelatedField[Ticket] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True)
    # Empty until resolved: a read-only model field loses allow_blank, and the schema its "".
    outcome = serializers.ChoiceField(choices=Ticket.Outcome.choices, allow_blank=True,
                                      read_only=True, label=capfirst(_("outcome")))
    sla_status = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = ["reference", "state", "customer", "dependant", "category", "channel",
                  "priority", "agency", "queue", "assignee", "assignee_name", "assigned_at",
                  "description", "waiting_for", "referred_to", "outcome", "explanation",
                  "rule", "resolved_at", "closed_at", "merged_into", "created_at",
                  "updated_at", "version", "first_response_due", "first_responded_at",
                  "resolution_due", "sla_status"]
        read_only_fields = fields

    @extend_schema_field(SLA_STATUSES)
    def get_sla_status(self, ticket: Ticket) -> str | None:
        return ticket_selectors.deadline_status(ticket, timezone.now())


class ComplaintDetailSerializer(ComplaintSerializer):
    available_transitions = serializers.SerializerMethodField()
    # The view sets `history` (tickets.selectors.history_of): the events with their agents.
    events = TicketEventSerializer(many=True, read_only=True, source="history")

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "available_transitions", "events"]
        read_only_fields = fields

    def get_available_transitions(self, ticket: Ticket) -> list[str]:
        return permissions.available_transitions(self.context["agent"], ticket)


class VisibleCustomerField(serializers.PrimaryKeyRelatedField):
    """A customer the agent in the context may see: others do not exist for them."""

    def get_queryset(self) -> Any:
        agent = self.context.get("agent")
        return customers_for_agent(agent) if agent is not None else super().get_queryset()

    def to_internal_value(self, data: Any) -> Customer:
        agent = self.context.get("agent")
        if agent is None:
            return super().to_internal_value(data)
        try:
            if isinstance(data, bool):
                raise TypeError
            pk = Customer._meta.pk.get_prep_value(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        customer = customer_for_agent_or_none(agent=agent, pk=pk)
        if customer is None:
            self.fail("does_not_exist", pk_value=data)
        return customer


class CategoryField(serializers.SlugRelatedField):
    """A category by code, with its queue (the service routes the complaint to it), from
    the categories kept per process."""

    def to_internal_value(self, data: Any) -> Category:
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")
        category = category_by_code(str(data))
        if category is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))
        return category


# Querysets are given as managers: a serializer deep-copies its fields for each request,
# and deep-copying a QuerySet costs more than running it.
class OpenComplaintSerializer(serializers.Serializer):
    customer = VisibleCustomerField(queryset=customer_selectors.all_customers())
    channel = serializers.ChoiceField(choices=Channel.choices)
    description = serializers.CharField(allow_blank=True, trim_whitespace=False,
                                        max_length=Ticket.DESCRIPTION_MAX_LENGTH)
    category = CategoryField(slug_field="code", queryset=ticket_selectors.all_categories(),
                             required=False, allow_null=True, default=None)
    dependant = serializers.PrimaryKeyRelatedField(
        queryset=customer_selectors.all_customers(), required=False, allow_null=True,
        default=None)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices,
                                       default=Ticket.Priority.NORMAL)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        require_fitting_category(attrs.get("category"), attrs["customer"])
        return attrs


def require_fitting_category(category: Category | None, customer: Customer) -> None:
    """A category of an audience the customer is not part of (an employers' category for an
    insured person) is refused: 400 naming the field."""
    if category is not None and not audiences.fits(category, customer):
        raise serializers.ValidationError({"category": [audiences.refusal(category)]})


# Actions on a complaint. Every one accepts the `version` the client read: when it is no
# longer the complaint's version, the answer is 409 and nothing changes.


class ActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=0,
        help_text=_("The complaint's version as read; 409 if it changed since."))


_NOTE = TicketEvent.NOTE_MAX_LENGTH  # notes, replies, reasons, answers


def _text(*, max_length: int, **kwargs: Any) -> serializers.CharField:
    """Free text, limited as the model says (the desk reads the same limit): its content is
    checked by the workflow (422 with the reason when empty)."""
    return serializers.CharField(allow_blank=True, max_length=max_length, **kwargs)


class TriageSerializer(ActionSerializer):
    category = serializers.SlugRelatedField(slug_field="code",
                                            queryset=ticket_selectors.all_categories().all())
    queue = serializers.SlugRelatedField(
        slug_field="code", queryset=org_selectors.queues(), required=False, allow_null=True,
        default=None, help_text=_("The category's queue when not given."))


class AssignSerializer(ActionSerializer):
    agent = serializers.PrimaryKeyRelatedField(queryset=org_selectors.all_agents())


class AskCustomerSerializer(ActionSerializer):
    request = _text(max_length=Ticket.WAITING_FOR_MAX_LENGTH,
                    help_text=_("What the customer is asked for (sent by SMS)."))

    def validate_request(self, value: str) -> str:
        return templating.ready_to_send(value)


class TextSerializer(ActionSerializer):
    text = _text(max_length=_NOTE)


class ReplySerializer(ActionSerializer):
    text = _text(max_length=_NOTE, help_text=_(
        "Sent to the customer by SMS; a template placeholder left in it, such as {amount}, "
        "is refused."))

    def validate_text(self, value: str) -> str:
        return templating.ready_to_send(value)


class ReferSerializer(ActionSerializer):
    direction = serializers.SlugRelatedField(slug_field="code",
                                             queryset=org_selectors.directions())
    note = _text(max_length=_NOTE, required=False, default="")


class ReferralAnswerSerializer(ActionSerializer):
    answer = _text(max_length=_NOTE)


class ResolveSerializer(ActionSerializer):
    outcome = serializers.ChoiceField(choices=Ticket.Outcome.choices)
    explanation = _text(max_length=Ticket.EXPLANATION_MAX_LENGTH,
                        help_text=_("For the customer."))
    rule = _text(max_length=Ticket.RULE_MAX_LENGTH, required=False, default="",
                 help_text=_("The rule a rejection rests on (required to reject)."))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["explanation"] = templating.ready_to_send(attrs["explanation"],
                                                            rule=attrs.get("rule", ""))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"explanation": exc.messages}) from exc
        return attrs


class ReasonSerializer(ActionSerializer):
    reason = _text(max_length=_NOTE)


class MergeSerializer(ActionSerializer):
    survivor = serializers.CharField(max_length=TYPED_MAX_LENGTH, help_text=_(
        "Reference of the complaint that remains."))

    def validate_survivor(self, value: str) -> Ticket:
        try:
            return get_ticket_for_agent(agent=self.context["agent"],
                                        reference=normalize_reference(value))
        except Http404:
            raise serializers.ValidationError(_("No complaint with this reference.")) from None


class CategorySerializer(BuiltOnce, serializers.ModelSerializer):
    """A complaint category: its code (what the API takes), its labels and who it is for."""

    class Meta:
        model = Category
        fields = ["code", "label_fr", "label_ar", "audience", "is_active"]
        read_only_fields = fields
