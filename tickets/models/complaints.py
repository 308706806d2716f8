"""Complaints, their categories and their history.

The state graph is declared here, on the model; tickets/services.py is the only caller of
the transitions and does the rest (permission, event, outbox) in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex, GinIndex
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import FSMField, transition

from contactcenter.customers.models import Channel
from contactcenter.i18n import localized
from tickets.exceptions import ConcurrentEdit, RuleViolation
from tickets.models.search_vector import StoredSearchVectorField

if TYPE_CHECKING:
    from django_fsm import Transition


class Category(models.Model):
    """A kind of complaint. Data, not code: administrators edit them, in French and Arabic."""

    class Audience(models.TextChoices):
        EMPLOYER = "employer", _("Employers")
        INSURED = "insured", _("Insured persons")
        PENSIONER = "pensioner", _("Pensioners")

    code = models.CharField(_("code"), max_length=40, unique=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    label_fr = models.CharField(_("label (French)"), max_length=160)
    label_ar = models.CharField(_("label (Arabic)"), max_length=160)
    default_queue = models.ForeignKey("org.Queue", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("default queue"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["audience", "code"]

    @property
    def label(self) -> str:
        return localized(fr=self.label_fr, ar=self.label_ar)

    def __str__(self) -> str:
        return self.label


class State(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the customer")
    REFERRED = "referred", _("Referred to headquarters")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    MERGED = "merged", _("Merged into another complaint")


OPEN_STATES = [State.NEW, State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS, State.WAITING,
               State.REFERRED]
FINAL_STATES = [State.CLOSED, State.CANCELLED, State.MERGED]
# What a complaint's deadline status is read from (tickets.selectors.deadline_q).
_DEADLINE_COLUMNS = ["sla_breached", "sla_level", "sla_running_since", "next_escalation_at"]


class Ticket(models.Model):
    """A complaint from a customer, carried from intake to a resolution they understand."""

    State = State

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
        REJECTED = "rejected", _("Rejected")
        NO_ACTION = "no_action", _("No action needed")

    # The longest free text people may write into a complaint, in characters: the desk's
    # forms and the API's serializers both read these, so both refuse the same text (a
    # TextField keeps no limit of its own).
    DESCRIPTION_MAX_LENGTH = 2000
    WAITING_FOR_MAX_LENGTH = 2000
    EXPLANATION_MAX_LENGTH = 2000
    RULE_MAX_LENGTH = 500

    reference = models.CharField(_("reference"), max_length=10, unique=True)
    # Foreign keys without an index of their own are served by a composite index that starts
    # with them (see Meta), or are rarely read (who opened or last changed it); the rare ones
    # are indexed only where set. Fewer indexes keep each opening and sweep cheap.
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT,
                                 related_name="tickets", verbose_name=_("customer"),
                                 db_index=False)
    dependant = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="tickets_as_dependant",
                                  verbose_name=_("dependant concerned"), db_index=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="tickets", verbose_name=_("category"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices,
                                default=Priority.NORMAL)
    state = FSMField(_("state"), choices=State.choices, default=State.NEW, protected=True)
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="tickets", verbose_name=_("agency"),
                               db_index=False)
    queue = models.ForeignKey("org.Queue", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="tickets", verbose_name=_("queue"))
    assignee = models.ForeignKey("org.Agent", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="assigned_tickets", verbose_name=_("assignee"))
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    waiting_for = models.TextField(_("what the customer is asked for"), blank=True)
    referred_to = models.ForeignKey("org.Direction", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="referred_tickets",
                                    verbose_name=_("referred to"), db_index=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices,
                               blank=True)
    explanation = models.TextField(_("explanation for the customer"), blank=True)
    rule = models.TextField(_("rule the rejection rests on"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="duplicates", verbose_name=_("merged into"),
                                    db_index=False)
    related = models.ManyToManyField("self", blank=True, symmetrical=True,
                                     verbose_name=_("related complaints"))
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1-5)"), null=True,
                                                    blank=True)
    # Service levels, kept by sla.services (stored so the sweep and the board read indexes).
    sla_policy = models.ForeignKey("sla.SlaPolicy", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("service-level policy"), db_index=False)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("answer expected by"), null=True, blank=True)
    sla_elapsed = models.DurationField(_("business time used"), default=timedelta(0))
    sla_running_since = models.DateTimeField(_("clock running since"), null=True, blank=True)
    sla_period = models.PositiveSmallIntegerField(_("clock period"), default=0)
    sla_level = models.PositiveSmallIntegerField(_("escalation levels reached"), default=0)
    next_escalation_at = models.DateTimeField(_("next escalation"), null=True, blank=True)
    sla_breached = models.BooleanField(_("deadline missed"), default=False)
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    created_by = models.ForeignKey("org.Agent", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("opened by"),
                                   db_index=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey("org.Agent", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("updated by"),
                                   db_index=False)
    version = models.PositiveIntegerField(default=0, editable=False)
    # The words of the description and of the customer's messages (tickets/search.py).
    search_vector = StoredSearchVectorField(_("search words"))
    # Not stored: the version a save expects (save), the key of the SLA policy looked up
    # (sla.services._plan).
    _expected_version: int
    _sla_policy_key: tuple[int | None, str, str, str]

    if TYPE_CHECKING:
        def get_available_state_transitions(self) -> Iterator[Transition]:
            """Added by the FSMField `state`."""
            ...

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(name="ticket_customer_timeline",
                         fields=["customer", "-created_at", "-id"]),
            models.Index(name="ticket_queue_open", fields=["queue", "-created_at"],
                         condition=models.Q(state__in=OPEN_STATES)),
            models.Index(name="ticket_assignee_open", fields=["assignee", "-created_at"],
                         condition=models.Q(state__in=OPEN_STATES)),
            models.Index(name="ticket_agency_created", fields=["agency", "-created_at"]),
            # The personal and team queues "due first", and their tab counts (open, breached,
            # at risk) read from the index alone: the columns they filter on are included.
            models.Index(name="ticket_assignee_due", fields=["assignee", "resolution_due", "id"],
                         include=["agency", "queue", *_DEADLINE_COLUMNS],
                         condition=models.Q(state__in=OPEN_STATES)),
            models.Index(name="ticket_queue_due", fields=["queue", "resolution_due", "id"],
                         include=["agency", *_DEADLINE_COLUMNS],
                         condition=models.Q(state__in=OPEN_STATES)),
            # "All I may see" due first: walked in order, as ticket_created is by opening.
            models.Index(name="ticket_due", fields=["resolution_due", "id"]),
            # The agency's open complaints: the desk's filtered queues, and the SLA board's
            # counts read from the index alone (the columns they count are included).
            models.Index(name="ticket_agency_open", fields=["agency", "-created_at"],
                         include=["queue", "sla_breached", "sla_level", "sla_running_since",
                                  "next_escalation_at", "resolution_due"],
                         condition=models.Q(state__in=OPEN_STATES)),
            # The board's list of slipping complaints, by time left.
            models.Index(name="ticket_board_slipping", fields=["resolution_due"],
                         condition=models.Q(state__in=OPEN_STATES)
                         & (models.Q(sla_breached=True) | models.Q(sla_level__gt=0))),
            models.Index(name="ticket_created", fields=["-created_at", "-id"]),
            models.Index(name="ticket_resolved_to_close", fields=["resolved_at"],
                         condition=models.Q(state="resolved")),
            models.Index(name="ticket_dependant", fields=["dependant"],
                         condition=models.Q(dependant__isnull=False)),
            models.Index(name="ticket_merged_into", fields=["merged_into"],
                         condition=models.Q(merged_into__isnull=False)),
            models.Index(name="ticket_referred_to", fields=["referred_to"],
                         condition=models.Q(referred_to__isnull=False)),
            models.Index(name="ticket_escalation_due", fields=["next_escalation_at"],
                         condition=models.Q(next_escalation_at__isnull=False)),
            GinIndex(name="ticket_search", fields=["search_vector"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="resolved") | ~models.Q(explanation=""),
                name="resolved_ticket_has_explanation"),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="satisfaction_one_to_five"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("desk:ticket", args=[self.reference])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def answer_overdue(self) -> bool:
        """Open and past the date its answer was expected by: the customer is told so (a
        complaint waiting for the customer has no such date, its clock being paused)."""
        return (self.is_open and self.resolution_due is not None
                and self.resolution_due < timezone.now())

    # --- Optimistic locking: every save checks the version loaded --------------------------

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        loaded = self.version
        self.version = loaded + 1
        self._expected_version = loaded
        try:
            super().save(*args, **kwargs)
        except Exception:
            self.version = loaded
            raise

    def _do_update(self, base_qs: Any, using: Any, pk_val: Any, values: Any,
                   update_fields: Any, forced_update: Any, *args: Any) -> bool:
        expected = getattr(self, "_expected_version", None)
        if expected is not None:
            base_qs = base_qs.filter(version=expected)
        updated = super()._do_update(base_qs, using, pk_val, values, update_fields,
                                     forced_update, *args)
        if not updated and expected is not None:
            self.version = expected
            raise ConcurrentEdit.for_ticket(type(self)._base_manager.using(using)
                                            .select_related("updated_by__user").get(pk=pk_val))
        return updated

    # --- The state machine: transitions change fields, never save, no I/O -------------------
    # `permission` is checked by services through django-fsm with the acting Agent.

    @transition(field=state, source=State.NEW, target=State.TRIAGED)
    def triage(self, *, category: Category, queue: Any) -> None:
        if category is None:
            raise RuleViolation(_("A category is required to triage a complaint."))
        if queue is None:
            raise RuleViolation(_("A queue is required to triage a complaint."))
        self.category, self.queue = category, queue

    @transition(field=state, source=[State.TRIAGED, State.ASSIGNED], target=State.ASSIGNED)
    def assign(self, *, agent: Any, at: Any) -> None:
        if agent is None:
            raise RuleViolation(_("Choose the agent to assign."))
        self.assignee, self.assigned_at = agent, at

    @transition(field=state, source=State.ASSIGNED, target=State.IN_PROGRESS)
    def start(self) -> None:
        """The assignee starts working on it."""

    @transition(field=state, source=State.IN_PROGRESS, target=State.WAITING)
    def ask_customer(self, *, request: str) -> None:
        if not request.strip():
            raise RuleViolation(_("Say what the customer is asked for."))
        self.waiting_for = request.strip()

    @transition(field=state, source=State.WAITING, target=State.IN_PROGRESS)
    def receive_customer_reply(self) -> None:
        self.waiting_for = ""

    @transition(field=state, source=State.IN_PROGRESS, target=State.REFERRED)
    def refer(self, *, direction: Any) -> None:
        if direction is None:
            raise RuleViolation(_("Choose the headquarters direction to refer to."))
        self.referred_to = direction

    @transition(field=state, source=State.REFERRED, target=State.IN_PROGRESS)
    def receive_referral_answer(self, *, answer: str) -> None:
        if not answer.strip():
            raise RuleViolation(_("The back office's answer is required."))

    @transition(field=state, source=State.IN_PROGRESS, target=State.RESOLVED)
    def resolve(self, *, outcome: str, explanation: str, rule: str, at: Any) -> None:
        if outcome not in self.Outcome.values:
            raise RuleViolation(_("Choose the outcome."))
        if not explanation.strip():
            if outcome == self.Outcome.REJECTED:
                raise RuleViolation(_("An explanation is required to reject."))
            raise RuleViolation(_("An explanation for the customer is required."))
        if outcome == self.Outcome.REJECTED and not rule.strip():
            raise RuleViolation(_("A rejection must cite the rule it rests on."))
        self.outcome, self.explanation, self.rule = outcome, explanation.strip(), rule.strip()
        self.resolved_at = at

    @transition(field=state, source=State.RESOLVED, target=State.CLOSED)
    def close(self, *, at: Any) -> None:
        self.closed_at = at

    @transition(field=state, source=[State.RESOLVED, State.CLOSED], target=State.IN_PROGRESS)
    def reopen(self, *, at: Any) -> None:
        window = timedelta(days=settings.TICKET_REOPEN_WINDOW_DAYS)
        if self.resolved_at is None or at - self.resolved_at > window:
            raise RuleViolation(
                ngettext("This complaint can no longer be reopened (more than %(days)s day "
                         "since its resolution): open a new one.",
                         "This complaint can no longer be reopened (more than %(days)s days "
                         "since its resolution): open a new one.",
                         settings.TICKET_REOPEN_WINDOW_DAYS)
                % {"days": settings.TICKET_REOPEN_WINDOW_DAYS})
        self.outcome, self.closed_at = "", None

    @transition(field=state, source=OPEN_STATES, target=State.CANCELLED)
    def cancel(self, *, reason: str) -> None:
        if not reason.strip():
            raise RuleViolation(_("Give the reason for cancelling."))

    @transition(field=state, source=OPEN_STATES, target=State.MERGED)
    def merge_into(self, *, survivor: Ticket) -> None:
        if survivor.pk == self.pk:
            raise RuleViolation(_("A complaint cannot be merged into itself."))
        if not survivor.is_open and survivor.state != State.RESOLVED:
            raise RuleViolation(_("The surviving complaint must still be open."))
        if survivor.customer_id != self.customer_id:
            raise RuleViolation(_("Only complaints of the same customer can be merged."))
        self.merged_into = survivor


class TicketEvent(models.Model):
    """One step in a complaint's history: a transition, a reply, a note, an assignment."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        TRANSITION = "transition", _("State change")
        ASSIGNMENT = "assignment", _("Assignment")
        REPLY = "reply", _("Reply to the customer")
        NOTE = "note", _("Internal note")
        CUSTOMER_MESSAGE = "customer", _("Message from the customer")
        LINK = "link", _("Link")
        ATTACHMENT = "attachment", _("Attachment")
        ESCALATION = "escalation", _("Escalation")
        CUSTOMER_RECORD = "record", _("Customer record")

    class Visibility(models.TextChoices):
        CUSTOMER = "customer", _("Visible to the customer")
        INTERNAL = "internal", _("Internal")

    # Notes, replies, reasons, answers and the customer's words (see
    # Ticket.DESCRIPTION_MAX_LENGTH).
    NOTE_MAX_LENGTH = 2000

    # (served by ticket_event_history, which starts with it)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events",
                               db_index=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey("org.Agent", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("by"), db_index=False)
    actor_label = models.CharField(_("by (when not an agent)"), max_length=80, blank=True)
    action = models.CharField(_("action"), max_length=30, blank=True)
    from_state = models.CharField(_("from"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=State.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.INTERNAL)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(name="ticket_event_history", fields=["ticket", "at", "id"]),
            models.Index(name="ticket_event_actor", fields=["actor"],
                         condition=models.Q(actor__isnull=False)),
            # What changed since a moment (the reports' upkeep): steps are written in time
            # order, so a block range index is enough and costs next to nothing to keep.
            BrinIndex(name="ticket_event_at", fields=["at"]),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    event = models.OneToOneField(TicketEvent, on_delete=models.CASCADE, related_name="attachment")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
