"""The web chat: a visitor's conversation with the call centre, its messages, the agents'
availability for chats and the canned replies they pick from.

A conversation is waiting from the visitor's first message until an agent accepts it,
then active until either side closes it; a visitor who leaves a message instead (out of
hours, nobody free) ends it as a complaint. Every change goes through chat.services."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_MESSAGE_CHARACTERS = 2000


def new_token() -> str:
    """The visitor's handle on their conversation: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class Conversation(models.Model):
    """One visitor's chat, from the page's first connection to its end."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ACTIVE = "active", _("With an agent")
        LEFT_MESSAGE = "left_message", _("Message left")
        CLOSED = "closed", _("Closed")

    class IdentifiedBy(models.TextChoices):
        NONE = "", _("Not identified")
        IMMATRICULATION = "immatriculation", _("Immatriculation")
        CIN = "cin", _("CIN")

    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token,
                             editable=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.WAITING)
    language = models.CharField(_("language"), max_length=2, default="fr")
    queue = models.ForeignKey("org.Queue", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("queue"))
    agent = models.ForeignKey("org.Agent", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="chat_conversations", verbose_name=_("agent"))
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("customer"))
    identified_by = models.CharField(_("identified by"), max_length=20, blank=True,
                                     choices=IdentifiedBy.choices, default=IdentifiedBy.NONE)
    # The record a code was sent for, until the visitor types the code.
    pending_customer = models.ForeignKey("customers.Customer", on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="+",
                                         editable=False)
    pending_identified_by = models.CharField(max_length=20, blank=True, editable=False)
    identify_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    visitor_phone = models.CharField(_("visitor's phone"), max_length=20, blank=True,
                                     help_text=_("Mobile number in E.164 form."))
    client_ip = models.GenericIPAddressField(_("visitor's address"), null=True, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True,
                                         help_text=_("The visitor's first message."))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ended"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    # When the visitor's page went away (null while it is connected): a conversation left
    # for more than RESUME_WITHIN is closed.
    visitor_left_at = models.DateTimeField(_("visitor left"), null=True, blank=True)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("complaint"))
    interaction = models.ForeignKey("customers.Interaction", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("timeline entry"))
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)

    class Meta:
        verbose_name = _("chat conversation")
        verbose_name_plural = _("chat conversations")
        indexes = [
            # The waiting line and the live conversations (few rows, read often).
            models.Index(name="chat_live", fields=["state", "waiting_since", "id"],
                         condition=models.Q(state__in=["waiting", "active"])),
            # The identification tries from one address (rate limit).
            models.Index(name="chat_identify_address", fields=["client_ip", "created_at"],
                         condition=models.Q(identify_attempts__gt=0)),
            # The conversations left by their visitor, closed by the periodic job.
            models.Index(name="chat_left", fields=["visitor_left_at"],
                         condition=models.Q(state__in=["waiting", "active"],
                                            visitor_left_at__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="chat_satisfaction_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{_('Chat')} {self.pk} ({self.get_state_display()})"

    @property
    def is_live(self) -> bool:
        return self.state in (self.State.WAITING, self.State.ACTIVE)

    @property
    def is_identified(self) -> bool:
        return self.customer_id is not None and bool(self.identified_by)


class ChatMessage(models.Model):
    """One message of a conversation, as plain cleaned text."""

    class Sender(models.TextChoices):
        VISITOR = "visitor", _("Visitor")
        AGENT = "agent", _("Agent")
        SYSTEM = "system", _("System")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="messages", verbose_name=_("conversation"))
    sender = models.CharField(_("from"), max_length=8, choices=Sender.choices)
    agent = models.ForeignKey("org.Agent", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("agent"))
    text = models.TextField(_("text"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        indexes = [models.Index(name="chat_message_order",
                                fields=["conversation", "sent_at", "id"])]

    def __str__(self) -> str:
        return f"{self.get_sender_display()} {self.sent_at:%H:%M}"


class ChatAgentStatus(models.Model):
    """Whether an agent takes chats now, and how many at once."""

    agent = models.OneToOneField("org.Agent", on_delete=models.CASCADE,
                                 related_name="chat_status", verbose_name=_("agent"))
    available = models.BooleanField(_("available for chats"), default=False)
    capacity = models.PositiveSmallIntegerField(_("conversations at once"), default=3)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("chat availability")
        verbose_name_plural = _("chat availabilities")
        constraints = [models.CheckConstraint(condition=models.Q(capacity__gte=1,
                                                                  capacity__lte=10),
                                              name="chat_capacity_1_to_10")]

    def __str__(self) -> str:
        return f"{self.agent} ({self.capacity})"


class CannedReply(models.Model):
    """A ready answer an agent inserts in a chat, in the conversation's language."""

    title_fr = models.CharField(_("title (French)"), max_length=80)
    title_ar = models.CharField(_("title (Arabic)"), max_length=80)
    text_fr = models.TextField(_("text (French)"), max_length=MAX_MESSAGE_CHARACTERS)
    text_ar = models.TextField(_("text (Arabic)"), max_length=MAX_MESSAGE_CHARACTERS)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title_fr

    def title(self, language: str) -> str:
        return self.title_ar if language == "ar" else self.title_fr

    def text(self, language: str) -> str:
        return self.text_ar if language == "ar" else self.text_fr
