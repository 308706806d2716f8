"""Free text: the desk's forms and the API's serializers refuse the same lengths, each read
from the model that stores the text, and no text field of either is left without a limit."""

from __future__ import annotations

import pytest
from django import forms as django_forms
from rest_framework import serializers

from contactcenter.api import serializers as api
from contactcenter.customers.forms import MergeForm as CustomerMergeForm
from contactcenter.customers.models import CustomerMerge
from contactcenter.desk import forms as desk
from tickets.models import Ticket, TicketEvent
from tickets.references import TYPED_MAX_LENGTH

NOTE = TicketEvent.NOTE_MAX_LENGTH
SAME_TEXT = [
    (desk.OpenComplaintForm, api.OpenComplaintSerializer, "description",
     Ticket.DESCRIPTION_MAX_LENGTH),
    (desk.AskCustomerForm, api.AskCustomerSerializer, "request",
     Ticket.WAITING_FOR_MAX_LENGTH),
    (desk.ResolveForm, api.ResolveSerializer, "explanation", Ticket.EXPLANATION_MAX_LENGTH),
    (desk.ResolveForm, api.ResolveSerializer, "rule", Ticket.RULE_MAX_LENGTH),
    (desk.CustomerReplyForm, api.TextSerializer, "text", NOTE),
    (desk.MessageForm, api.TextSerializer, "text", NOTE),
    (desk.NoteForm, api.TextSerializer, "text", NOTE),
    (desk.ReferForm, api.ReferSerializer, "note", NOTE),
    (desk.ReferralAnswerForm, api.ReferralAnswerSerializer, "answer", NOTE),
    (desk.ReasonForm, api.ReasonSerializer, "reason", NOTE),
    (desk.MergeForm, api.MergeSerializer, "survivor", TYPED_MAX_LENGTH),
]


@pytest.mark.parametrize("form,serializer,field,limit", SAME_TEXT,
                         ids=[f"{form.__name__}-{field}" for form, _s, field, _l in SAME_TEXT])
def test_the_desk_and_the_api_take_the_models_limit(form: type[django_forms.Form],
                                                   serializer: type[serializers.Serializer],
                                                   field: str, limit: int) -> None:
    assert form.base_fields[field].max_length == limit
    assert serializer().fields[field].max_length == limit


def test_the_merge_of_customer_records_takes_the_models_limit() -> None:
    assert (CustomerMergeForm.base_fields["reason"].max_length
            == CustomerMerge.REASON_MAX_LENGTH)


def _subclasses(base: type) -> list[type]:
    return [base, *[sub for child in base.__subclasses__() for sub in _subclasses(child)]]


def test_no_text_the_desk_or_the_api_takes_in_is_unlimited() -> None:
    desk_forms = [*_subclasses(desk.ActionForm), desk.OpenComplaintForm]
    for form in desk_forms:
        for name, field in form.base_fields.items():
            if isinstance(field, django_forms.CharField):
                assert field.max_length, f"{form.__name__}.{name}"
    inputs = [*_subclasses(api.ActionSerializer), api.OpenComplaintSerializer]
    for serializer in inputs:
        for name, field in serializer().fields.items():
            if type(field) is serializers.CharField:
                assert field.max_length, f"{serializer.__name__}.{name}"
    assert len(desk_forms) > 10 and len(inputs) > 8
