from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who opened which personal data, when and from where (Morocco's law 09-08)."""

    name = "contactcenter.audit"
    label = "audit"
    verbose_name = _("Personal-data access log")
