"""One-time codes that open the public status page to the holder of a mobile number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tickets.models import OutboxMessage


class AccessCode(models.Model):
    """A code asked for on the status page for one mobile number. Only a keyed hash of the
    code is kept; the SMS carrying it is an outbox row. Only the number's latest code can
    be used, once, before it expires and within a few tries (selfservice.services)."""

    phone = models.CharField(_("phone"), max_length=20,
                             help_text=_("Mobile number in E.164 form."))
    code_hash = models.CharField(_("code hash"), max_length=64)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    client_ip = models.GenericIPAddressField(_("asked from"), null=True, blank=True)
    # Not stored: the SMS carrying the code, on the code services.request_code returns.
    sms: OutboxMessage

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        indexes = [
            # The number's latest code, and how many it asked for lately (rate limit).
            models.Index(name="access_code_phone", fields=["phone", "-created_at"]),
            # How many codes an address asked for lately (rate limit).
            models.Index(name="access_code_client_ip", fields=["client_ip", "-created_at"]),
            # The purge of old codes.
            models.Index(name="access_code_created", fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"
