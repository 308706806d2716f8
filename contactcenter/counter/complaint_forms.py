"""The counter's complaint form: the person (picked among the search's results, or a
provisional record), the category, the description and scanned documents. The rules are
the services' (complaint_services, tickets): the form reads what was typed and names the
field of each error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactcenter.counter.complaint_services import NAME_MAX_LENGTH, NewPerson
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tickets import attachments, customer_scope
from tickets import selectors as ticket_selectors
from tickets.models import Ticket

NEW = "new"  # the `customer` value of a provisional record
MAX_DOCUMENTS = 5
SEARCH_MAX_LENGTH = 120
IDENTIFIER_MAX_LENGTH = 40


class DocumentsInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several files in one input; each is checked by tickets.attachments when stored."""

    widget = DocumentsInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        if len(files) > MAX_DOCUMENTS:
            raise forms.ValidationError(
                ngettext("Attach at most %(count)d document.",
                         "Attach at most %(count)d documents.", MAX_DOCUMENTS)
                % {"count": MAX_DOCUMENTS}, code="too_many")
        return [super(DocumentsField, self).clean(file, initial) for file in files]


def accepted_types() -> str:
    """The file input's `accept`: the extensions and types attachments accept."""
    kinds = [kind for kind in attachments.FILE_TYPES
             if kind.content_type in settings.ATTACHMENT_TYPES]
    return ",".join([extension for kind in kinds for extension in kind.extensions]
                    + [kind.content_type for kind in kinds])


def documents_hint() -> str:
    labels = [kind.label for kind in attachments.FILE_TYPES
              if kind.content_type in settings.ATTACHMENT_TYPES]
    return str(_("%(types)s, %(size)s at most each, %(count)d files at most.")
               % {"types": ", ".join(labels),
                  "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
                  "count": MAX_DOCUMENTS})


class CounterComplaintForm(forms.Form):
    q = forms.CharField(label=_("CIN, immatriculation, affiliation number, phone or name"),
                        max_length=SEARCH_MAX_LENGTH, required=False,
                        widget=forms.TextInput(attrs={
                            "autocomplete": "off", "dir": "auto", "autofocus": True,
                            "role": "combobox", "aria-autocomplete": "list",
                            "aria-controls": "people", "aria-expanded": "false",
                            "spellcheck": "false"}))
    customer = forms.CharField(widget=forms.HiddenInput, required=False)
    new_identifier = forms.CharField(
        label=_("CIN, immatriculation, affiliation number or mobile"),
        max_length=IDENTIFIER_MAX_LENGTH, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr",
                                      "spellcheck": "false"}))
    new_name = forms.CharField(
        label=_("Name, if the visitor gives it"), max_length=2 * NAME_MAX_LENGTH,
        required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto"}))
    category = forms.ModelChoiceField(label=_("Category"),
                                      queryset=ticket_selectors.active_categories(),
                                      empty_label=_("Choose a category"),
                                      error_messages={"required": _("Choose a category.")})
    description = forms.CharField(
        label=_("Description"), max_length=Ticket.DESCRIPTION_MAX_LENGTH,
        help_text=_("What the visitor says, in their words."),
        error_messages={"required": _("Describe the complaint.")},
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))
    documents = DocumentsField(label=_("Scanned documents"), required=False)

    def __init__(self, *args: Any, agent: Agent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agent = agent
        self.fields["documents"].widget.attrs["accept"] = accepted_types()
        self.fields["documents"].help_text = documents_hint()

    def clean_customer(self) -> Customer | str | None:
        """The picked record (one the agent may see), NEW, or None when nothing was picked."""
        value = self.cleaned_data["customer"].strip()
        if not value:
            return None
        if value == NEW:
            return NEW
        if not value.isdigit():
            raise forms.ValidationError(_("Pick the person again."))
        try:
            customer = customer_scope.get_customer_for_agent(agent=self.agent, pk=int(value))
        except Http404:
            raise forms.ValidationError(_("Pick the person again.")) from None
        if customer.merged_into_id:
            raise forms.ValidationError(_("This record was merged into another one: search "
                                          "again."))
        return customer

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        picked = data.get("customer")
        if picked is None and "customer" not in self.errors:
            self.add_error("customer", _("Find the person and pick them, or create a "
                                         "provisional record."))
        elif picked == NEW and not data.get("new_identifier", "").strip():
            self.add_error("new_identifier", _("Type the visitor's CIN, immatriculation, "
                                               "affiliation number or mobile."))
        return data

    def picked_customer(self) -> Customer | None:
        picked = self.cleaned_data.get("customer")
        return picked if isinstance(picked, Customer) else None

    def new_person(self) -> NewPerson | None:
        if self.cleaned_data.get("customer") != NEW:
            return None
        return NewPerson(identifier=self.cleaned_data["new_identifier"].strip(),
                         name=self.cleaned_data.get("new_name", ""))
