"""The first texts of the customer notifications, in French and Arabic, for administrators to
edit. The French avoids the few accented letters outside the GSM-7 alphabet (c cedilla, the
circumflexes) so that a message costs 160 characters per segment, not 70."""

from django.db import migrations

# event: (French, its maximum segments, Arabic, its maximum segments)
TEXTS = {
    "received": (
        "Votre réclamation est enregistrée sous la référence {{ reference }}."
        "{% if expected_date %} Réponse prévue au plus tard le {{ expected_date }}.{% endif %}"
        " Pour la suivre, envoyez SUIVI {{ reference }}.", 1,
        "تم تسجيل شكايتكم تحت رقم {{ reference }}."
        "{% if expected_date %} الجواب مرتقب في أجل أقصاه {{ expected_date }}.{% endif %}"
        " للتتبع، أرسلوا: تتبع {{ reference }}", 2),
    "waiting": (
        "Réclamation {{ reference }} : pour la traiter, merci de nous fournir :"
        " {{ waiting_for }}", 2,
        "شكاية رقم {{ reference }}: لمعالجتها، نرجو موافاتنا بما يلي: {{ waiting_for }}", 2),
    "referred": (
        "Réclamation {{ reference }} : transmise pour examen au service concerné du siège."
        " Nous vous informerons de la suite.", 1,
        "شكاية رقم {{ reference }}: أحيلت على المصلحة المختصة بالإدارة المركزية للدراسة."
        " سنوافيكم بالمستجدات.", 2),
    "resolved": (
        "Réclamation {{ reference }} traitée : {{ outcome }}. {{ explanation }}", 2,
        "تمت معالجة شكايتكم رقم {{ reference }}: {{ outcome }}. {{ explanation }}", 3),
    "closed": (
        "Votre réclamation {{ reference }} est close. Notez notre réponse en envoyant un"
        " chiffre de 1 (pas du tout satisfait) à 5 (très satisfait).", 1,
        "تم إغلاق شكايتكم رقم {{ reference }}. ما مدى رضاكم عن جوابنا؟"
        " أجيبوا برقم من 1 (غير راض إطلاقا) إلى 5 (راض جدا).", 2),
    "reply": (
        "Réclamation {{ reference }} : {{ text }}", 3,
        "شكاية رقم {{ reference }}: {{ text }}", 3),
    "reopened": (
        "Réclamation {{ reference }} : rouverte, elle est de nouveau à l'étude.", 1,
        "أعيد فتح شكايتكم رقم {{ reference }}، وهي قيد الدراسة من جديد.", 1),
    "cancelled": (
        "Votre réclamation {{ reference }} a été annulée. Pour toute question, contactez"
        " votre agence.", 1,
        "تم إلغاء شكايتكم رقم {{ reference }}. لأي استفسار، المرجو الاتصال بوكالتكم.", 2),
    "merged": (
        "Votre réclamation {{ reference }} est traitée avec la réclamation {{ merged_into }}."
        " Suivez désormais la référence {{ merged_into }}.", 1,
        "تتم معالجة شكايتكم رقم {{ reference }} مع الشكاية رقم {{ merged_into }}."
        " المرجو تتبعها بهذا الرقم الأخير.", 2),
}


def seed(apps, schema_editor):
    SmsTemplate = apps.get_model("tickets", "SmsTemplate")
    for event, (french, french_max, arabic, arabic_max) in TEXTS.items():
        for language, body, max_segments in (("fr", french, french_max),
                                              ("ar", arabic, arabic_max)):
            SmsTemplate.objects.get_or_create(
                event=event, language=language,
                defaults={"body": body, "max_segments": max_segments})


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0008_outbox_carrier_id_index'),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
