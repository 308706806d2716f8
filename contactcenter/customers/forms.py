from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.models import CustomerMerge


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, identifier or phone"), max_length=120, required=False)


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(label=_("Number of the duplicate record"), min_value=1)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=CustomerMerge.REASON_MAX_LENGTH)
