from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.identifiers import IDENTIFIER_FIELDS
from contactcenter.customers.models import ContactPoint, Customer, CustomerMerge, Language


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, identifier or phone"), max_length=120, required=False)


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(label=_("Number of the duplicate record"), min_value=1)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=CustomerMerge.REASON_MAX_LENGTH)


# Numbers read left to right on an Arabic page too; names in the script they are typed in.
_NUMBER = {"dir": "ltr", "autocomplete": "off"}
_NAME = {"dir": "auto"}


class CustomerForm(forms.Form):
    """A new record as the agent types it; the rules are checked by
    record_services.register_customer (its errors are put back on these fields)."""

    ROLE_CHOICES = [(role.value, role.label) for role in (
        Customer.Role.INSURED, Customer.Role.PENSIONER, Customer.Role.VOLUNTARY)]

    kind = forms.ChoiceField(label=_("Kind of customer"), choices=Customer.Kind.choices,
                             initial=Customer.Kind.PERSON, widget=forms.RadioSelect)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, required=False,
                             initial=Customer.Role.INSURED, widget=forms.RadioSelect)
    first_name = forms.CharField(label=_("First name"), max_length=80, required=False,
                                 widget=forms.TextInput(attrs=_NAME))
    last_name = forms.CharField(label=_("Last name"), max_length=80, required=False,
                                widget=forms.TextInput(attrs=_NAME))
    company_name = forms.CharField(label=_("Company name"), max_length=200, required=False,
                                   widget=forms.TextInput(attrs=_NAME))
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    cin = forms.CharField(label=_("CIN"), max_length=20, required=False,
                          widget=forms.TextInput(attrs=_NUMBER))
    immatriculation = forms.CharField(label=_("Immatriculation number"), max_length=20,
                                      required=False, widget=forms.TextInput(attrs=_NUMBER))
    affiliation_number = forms.CharField(label=_("Affiliation number"), max_length=20,
                                         required=False, widget=forms.TextInput(attrs=_NUMBER))
    mobile = forms.CharField(label=_("Mobile"), max_length=40, required=False,
                             widget=forms.TextInput(attrs={**_NUMBER, "type": "tel"}))
    address = forms.CharField(label=_("Postal address"), required=False,
                              max_length=ContactPoint.VALUE_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 2, **_NAME}))
    preferred_language = forms.ChoiceField(label=_("Preferred language"),
                                           choices=Language.choices, initial=Language.FRENCH)
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def record_fields(self) -> dict[str, Any]:
        """The cleaned values as record_services.register_customer takes them."""
        data = dict(self.cleaned_data)
        role = data.pop("role")
        data.pop("confirm_duplicate")
        if data["kind"] == Customer.Kind.PERSON:
            data["roles"] = [role] if role else []
            data["company_name"] = ""
            data["affiliation_number"] = ""
        else:
            data.update(roles=[], first_name="", last_name="", birth_date=None, cin="",
                        immatriculation="")
        return {name: (value or None) if name in IDENTIFIER_FIELDS else value
                for name, value in data.items()}


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactPoint.Kind.choices)
    value = forms.CharField(label=_("Number or address"),
                            max_length=ContactPoint.VALUE_MAX_LENGTH)
    main = forms.BooleanField(label=_("Main mobile (for SMS)"), required=False)


class CorrectContactForm(forms.Form):
    value = forms.CharField(label=_("Corrected value"), max_length=ContactPoint.VALUE_MAX_LENGTH)
