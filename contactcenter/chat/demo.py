"""The chat's part of the demo: a few canned replies in French and Arabic, and the demo
call-centre agent (`callcentre`, a member of the call centre's queue) available for chats,
so that a visitor of /chat/ meets someone in the quick start. Building again changes
nothing (replies upserted by position)."""

from __future__ import annotations

from contactcenter.chat import services
from contactcenter.chat.models import CannedReply
from contactcenter.org.models import Agent

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
