from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactcenter.customers import services as customer_services
from contactcenter.customers.models import ContactPoint
from contactcenter.customers.text import typed_digits
from contactcenter.selfservice.services import CODE_DIGITS


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Your mobile number"), max_length=40,
        help_text=_("For example 06 61 23 45 67 or +212 6 61 23 45 67."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "dir": "ltr",
                                      "autocomplete": "tel"}))

    def clean_phone(self) -> str:
        """The number in E.164 form."""
        try:
            return customer_services.normalize_contact(ContactPoint.Kind.MOBILE,
                                                       self.cleaned_data["phone"])
        except ValidationError:
            raise ValidationError(
                _("This is not a mobile number. Type it as 06 61 23 45 67 or "
                  "+212 6 61 23 45 67."), code="invalid_phone") from None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code received by SMS"), max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr",
                                      "autocomplete": "one-time-code"}))

    def clean_code(self) -> str:
        """The digits typed, in any script (Arabic-Indic too), separators left out."""
        code = typed_digits(self.cleaned_data["code"])
        if len(code) != CODE_DIGITS or not (code.isascii() and code.isdigit()):
            raise ValidationError(
                ngettext("Type the %(count)s digit of the code you received.",
                         "Type the %(count)s digits of the code you received.", CODE_DIGITS)
                % {"count": CODE_DIGITS}, code="malformed")
        return code


class NotificationsForm(forms.Form):
    stop = forms.TypedChoiceField(choices=[("1", _("Stop")), ("0", _("Resume"))],
                                  coerce=lambda value: value == "1")


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Are you satisfied with the handling of your complaint?"), coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)], widget=forms.RadioSelect,
        error_messages={"required": _("Choose a score from 1 (not at all) to 5 (very)."),
                        "invalid_choice": _("Choose a score from 1 (not at all) to 5 "
                                            "(very).")})
    comment = forms.CharField(
        label=_("Your comment (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
