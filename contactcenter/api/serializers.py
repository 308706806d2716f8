"""What the API reads and writes. Input serializers check the shape of a request; the
workflow's own rules stay in tickets/services.py and on the model."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contactcenter.customers.identifiers import parse_phone
from contactcenter.customers.models import Channel, ContactPoint, Customer, Interaction
from contactcenter.customers.selectors import TimelineEntry, customers_for_agent
from contactcenter.org.models import Agent, Direction, Queue
from tickets import permissions
from tickets.models import Category, Ticket, TicketEvent
from tickets.references import normalize_reference
from tickets.selectors import get_ticket_for_agent

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


class ContactPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPoint
        fields = ["kind", "value", "is_primary"]


class CustomerSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    contact_points = ContactPointSerializer(many=True, read_only=True)

    class Meta:
        model = Customer
        fields = ["id", "kind", "roles", "display_name", "first_name", "last_name",
                  "company_name", "birth_date", "immatriculation", "affiliation_number", "cin",
                  "preferred_language", "agency", "to_identify", "merged_into",
                  "contact_points", "created_at", "updated_at"]
        read_only_fields = fields


class InteractionSerializer(serializers.ModelSerializer):
    agent = serializers.CharField(source="agent.display_name", read_only=True, allow_null=True,
                                  default=None)
    complaint = serializers.SlugRelatedField(source="ticket", slug_field="reference",
                                             read_only=True)

    class Meta:
        model = Interaction
        fields = ["id", "channel", "direction", "occurred_at", "agent", "summary", "complaint"]
        read_only_fields = fields


class TimelineComplaintSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Ticket
        fields = ["reference", "state", "category", "channel", "priority", "created_at"]
        read_only_fields = fields


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["interaction", "ticket"])
    at = serializers.DateTimeField()
    id = serializers.IntegerField(source="pk")
    interaction = serializers.SerializerMethodField()
    complaint = serializers.SerializerMethodField()

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


class TicketEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    # Plain strings: the `state` enum of the complaint, or empty when the state did not change.
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)

    class Meta:
        model = TicketEvent
        fields = ["id", "kind", "at", "actor", "action", "from_state", "to_state", "note",
                  "visibility"]
        read_only_fields = fields

    def get_actor(self, event: TicketEvent) -> str:
        return event.actor.display_name if event.actor_id else event.actor_label


class ComplaintSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    queue = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assignee_name = serializers.CharField(source="assignee.display_name", read_only=True,
                                          allow_null=True, default=None)
    referred_to = serializers.SlugRelatedField(slug_field="code", read_only=True)
    merged_into = serializers.SlugRelatedField(slug_field="reference", read_only=True)

    class Meta:
        model = Ticket
        fields = ["reference", "state", "customer", "dependant", "category", "channel",
                  "priority", "agency", "queue", "assignee", "assignee_name", "assigned_at",
                  "description", "waiting_for", "referred_to", "outcome", "explanation",
                  "rule", "resolved_at", "closed_at", "merged_into", "created_at",
                  "updated_at", "version"]
        read_only_fields = fields


class ComplaintDetailSerializer(ComplaintSerializer):
    available_transitions = serializers.SerializerMethodField()
    events = TicketEventSerializer(many=True, read_only=True)

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "available_transitions", "events"]
        read_only_fields = fields

    def get_available_transitions(self, ticket: Ticket) -> list[str]:
        return permissions.available_transitions(self.context["agent"], ticket)


class OpenComplaintSerializer(serializers.Serializer):
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    channel = serializers.ChoiceField(choices=Channel.choices)
    description = serializers.CharField(allow_blank=True, trim_whitespace=False)
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all(),
                                            required=False, allow_null=True, default=None)
    dependant = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all(),
                                                   required=False, allow_null=True,
                                                   default=None)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices,
                                       default=Ticket.Priority.NORMAL)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agent = self.context.get("agent")
        if agent is not None:  # a customer outside the agent's scope does not exist for them
            self.fields["customer"].queryset = customers_for_agent(agent)


# Actions on a complaint. Every one accepts the `version` the client read: when it is no
# longer the complaint's version, the answer is 409 and nothing changes.


class ActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=0,
        help_text=_("The complaint's version as read; 409 if it changed since."))


def _text(**kwargs: Any) -> serializers.CharField:
    """Free text: its content is checked by the workflow (422 with the reason when empty)."""
    return serializers.CharField(allow_blank=True, **kwargs)


class TriageSerializer(ActionSerializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all())
    queue = serializers.SlugRelatedField(
        slug_field="code", queryset=Queue.objects.all(), required=False, allow_null=True,
        default=None, help_text=_("The category's queue when not given."))


class AssignSerializer(ActionSerializer):
    agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.select_related("user"))


class AskCustomerSerializer(ActionSerializer):
    request = _text(help_text=_("What the customer is asked for (sent by SMS)."))


class TextSerializer(ActionSerializer):
    text = _text()


class ReferSerializer(ActionSerializer):
    direction = serializers.SlugRelatedField(slug_field="code",
                                             queryset=Direction.objects.all())
    note = _text(required=False, default="")


class ReferralAnswerSerializer(ActionSerializer):
    answer = _text()


class ResolveSerializer(ActionSerializer):
    outcome = serializers.ChoiceField(choices=Ticket.Outcome.choices)
    explanation = _text(help_text=_("For the customer."))
    rule = _text(required=False, default="",
                 help_text=_("The rule a rejection rests on (required to reject)."))


class ReasonSerializer(ActionSerializer):
    reason = _text()


class MergeSerializer(ActionSerializer):
    survivor = serializers.CharField(help_text=_("Reference of the complaint that remains."))

    def validate_survivor(self, value: str) -> Ticket:
        try:
            return get_ticket_for_agent(agent=self.context["agent"],
                                        reference=normalize_reference(value))
        except Http404:
            raise serializers.ValidationError(_("No complaint with this reference.")) from None
