"""Calls, chats and counter visits counted per day: one row per local day, channel
("phone", "chat", "counter"), region, agency and queue (0 for none). Rebuilt day by day from
telephony, chat and counter by contactcenter.reports.contact_upkeep (its only writer)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CONTACT_KEY = ("day", "channel", "region_id", "agency_id", "queue_id")
CONTACT_MEASURES = ("offered", "answered", "abandoned", "ended", "wait_seconds", "waits",
                    "wait_max")


class ContactStats(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("Calls")
        CHAT = "chat", _("Chats")
        COUNTER = "counter", _("Counter visits")

    day = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    region_id = models.IntegerField()
    agency_id = models.IntegerField()
    queue_id = models.IntegerField()
    # Calls put through to an agent, chats whose visitor wrote, visitors who took a number.
    offered = models.IntegerField(default=0)
    # Taken by an agent, accepted by an agent, served.
    answered = models.IntegerField(default=0)
    # The caller hung up in the queue, the visitor left before an agent accepted, the
    # counter's visitor was absent when called.
    abandoned = models.IntegerField(default=0)
    # Chats accepted and then ended (asked the satisfaction question); 0 for the others.
    ended = models.IntegerField(default=0)
    # The waits before an agent: their sum, how many, the longest.
    wait_seconds = models.BigIntegerField(default=0)
    waits = models.IntegerField(default=0)
    wait_max = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("contact figures")
        verbose_name_plural = _("contact figures")
        constraints = [models.UniqueConstraint(fields=list(CONTACT_KEY),
                                               name="contact_stats_key")]
        indexes = [models.Index(name="contact_stats_day", fields=["day", "channel"])]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.agency_id or self.region_id}"
