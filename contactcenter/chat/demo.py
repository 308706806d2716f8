"""The chat's part of the demo: a few canned replies in French and Arabic, and the demo
call-centre agent (`callcentre`, a member of the call centre's queue) available for chats,
so that a visitor of /chat/ meets someone in the quick start. Building again changes
nothing (replies upserted by position)."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from contactcenter.bulk import copy_insert
from contactcenter.chat import selectors, services
from contactcenter.chat.models import CannedReply, Conversation
from contactcenter.customers.models import Channel
from contactcenter.org.models import Agent
from tickets.demo_history import add_survey_answers

CALL_CENTRE_USERNAME = "callcentre"
CANNED_REPLIES = [
    ("Accueil", "ترحيب",
     "Bonjour, je suis votre conseiller. Comment puis-je vous aider ?",
     "مرحبًا، أنا مستشارك. كيف يمكنني مساعدتك؟"),
    ("Identification", "التعريف",
     "Pour consulter votre dossier, identifiez-vous avec votre numéro d'immatriculation ou "
     "votre CIN (« Vous identifier », en haut de la conversation) : vous recevrez un code "
     "par SMS.",
     "للاطلاع على ملفك، عرّف بنفسك برقم تسجيلك أو رقم بطاقتك الوطنية (« عرّف بنفسك » أعلى "
     "المحادثة): ستتوصل برمز عبر رسالة نصية."),
    ("Vérification", "تحقق",
     "Je vérifie votre dossier, merci de patienter un instant.",
     "أتحقق من ملفك، المرجو الانتظار قليلًا."),
    ("Réclamation enregistrée", "تسجيل الشكاية",
     "J'enregistre votre réclamation : sa référence s'affiche ici et vous la recevrez par "
     "SMS. Vous pourrez la suivre sur la page « Suivre mes réclamations ».",
     "أسجل شكايتك: يظهر مرجعها هنا وستتوصل به عبر رسالة نصية. يمكنك تتبعها على صفحة "
     "« تتبع شكاياتي »."),
    ("Clôture", "اختتام",
     "Avez-vous d'autres questions ? Merci d'avoir contacté la CNSS, bonne journée.",
     "هل لديك أسئلة أخرى؟ شكرًا لتواصلك مع الصندوق، يومك سعيد."),
]


def seed_chat() -> int:
    """Upsert the canned replies and make the demo call-centre agent available for chats.
    Returns how many canned replies."""
    for position, (title_fr, title_ar, text_fr, text_ar) in enumerate(CANNED_REPLIES, 1):
        CannedReply.objects.update_or_create(position=position, defaults={
            "title_fr": title_fr, "title_ar": title_ar, "text_fr": text_fr, "text_ar": text_ar})
    agent = Agent.objects.filter(user__username=CALL_CENTRE_USERNAME).first()
    if agent is not None:
        services.set_availability(agent=agent, available=True)
    return len(CANNED_REPLIES)


# --- The last year's conversations, for the managers' reports --------------------------------

HISTORY_SEED = "2026:chats"
HISTORY_DAYS = 365
# Conversations on each weekday (Monday first), before the day's own variation.
DAY_CHATS = (34, 28, 26, 24, 22, 10, 6)
CHAT_HOURS = {8: 0.8, 9: 1.5, 10: 1.6, 11: 1.4, 12: 1.0, 13: 0.9, 14: 1.2, 15: 1.1, 16: 0.8,
              17: 0.5, 18: 0.4, 19: 0.3}
SATISFACTION_SHARE = 0.4  # of the conversations with an agent, an answer


def seed_chat_history(*, days: int = HISTORY_DAYS, now: datetime | None = None) -> int:
    """Write the web chat's conversations of the last `days` days (not today's), with their
    satisfaction answers (through tickets.demo_history): visitors who waited for an agent or
    left before one came (abandoned), waits and abandonment falling and satisfaction rising
    over the year. Once (none are added when conversations older than two days exist),
    deterministic for a given day. Returns how many."""
    now = now or timezone.now()
    queue = selectors.chat_queue()
    agents = list(Agent.objects.filter(role=Agent.Role.CALL_CENTRE).order_by("pk")
                  .values_list("pk", flat=True))
    if (days <= 0 or queue is None or not agents or Conversation.objects.filter(
            created_at__lt=now - timedelta(days=2)).exists()):
        return 0
    today = timezone.localdate(now)
    rng = random.Random(f"{HISTORY_SEED}:{today.isoformat()}")
    rows: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    with transaction.atomic():
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            progress = 1 - back / days
            count = round(DAY_CHATS[day.weekday()] * (0.7 + 0.6 * progress)
                          * rng.uniform(.85, 1.15))
            for _ in range(count):
                row = _conversation(rng, day, progress, queue.pk, agents)
                rows.append(row)
                if row["satisfaction"] is not None:
                    answers.append({"score": row["satisfaction"], "channel": Channel.CHAT,
                                    "answered_at": row["closed_at"] + timedelta(seconds=20)})
        copy_insert(Conversation, rows)
        add_survey_answers(answers)
    return len(rows)


def _conversation(rng: random.Random, day: date, progress: float, queue_id: int,
                  agents: list[int]) -> dict[str, Any]:
    ease = 1 - (1 - progress) ** 1.5
    hour = rng.choices(list(CHAT_HOURS), weights=list(CHAT_HOURS.values()))[0]
    created = datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(0, 59)),
                               tzinfo=timezone.get_current_timezone())
    waiting = created + timedelta(seconds=rng.randint(10, 120))
    wait_median = 300 - 240 * ease
    row: dict[str, Any] = {
        "token": f"{rng.getrandbits(256):064x}", "language": rng.choice(["fr", "fr", "ar"]),
        "queue_id": queue_id, "created_at": created, "waiting_since": waiting,
        "state": Conversation.State.CLOSED, "satisfaction": None}
    if rng.random() < 0.30 - 0.20 * ease:  # left before an agent came
        left = waiting + timedelta(seconds=wait_median * 1.2 * math.exp(rng.gauss(0, 0.6)))
        row.update(visitor_left_at=left, closed_at=left + timedelta(minutes=10),
                   last_activity_at=left)
        return row
    accepted = waiting + timedelta(seconds=max(5.0, wait_median
                                               * math.exp(rng.gauss(0, 0.7))))
    closed = accepted + timedelta(seconds=max(60.0, rng.gauss(480, 200)))
    row.update(agent_id=rng.choice(agents), accepted_at=accepted, closed_at=closed,
               last_activity_at=closed)
    if rng.random() < SATISFACTION_SHARE:
        row["satisfaction"] = min(5, max(1, round(rng.gauss(3.0 + 1.1 * ease, 1.0))))
    return row
