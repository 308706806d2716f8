"""The sentences the system stored translated in complaint events (who acted, notes it
wrote, the category named on triage) moved to their stored form (message id and parameters,
translated when shown: contactcenter.i18n). Text typed by people is left as it is."""

from django.db import migrations

from contactcenter.i18n import literal_chunk, stored_form, system_label

# A frozen copy of tickets.system_texts.
ACTORS = ("system", "automatic assignment", "automatic closing", "service levels", "customer")
NOTES = (
    "Satisfaction: %(score)s/5",
    "Complaint %(ref)s merged into this one.",
    "Related to %(ref)s.",
    "%(percent)s %% of the resolution time used",
    "Moved from the record of %(old)s (no. %(old_pk)s) to that of %(new)s (no. %(new_pk)s), "
    "the same person.",
)
LANGUAGES = ("fr", "ar", "en")


def to_stored_forms(apps, schema_editor):
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    Category = apps.get_model("tickets", "Category")
    for msgid in ACTORS:
        for language in LANGUAGES:
            shown = literal_chunk(msgid, language)
            stored = stored_form(shown, [msgid], [language])
            TicketEvent.objects.filter(actor__isnull=True, actor_label=shown).update(
                actor_label=stored)
    for msgid in NOTES:
        for language in LANGUAGES:
            # One UPDATE per distinct text (escalation notes repeat by the thousand).
            texts = (TicketEvent.objects.filter(note__contains=literal_chunk(msgid, language))
                     .values_list("note", flat=True).distinct())
            for text in list(texts):
                stored = stored_form(text, [msgid], [language])
                if stored is not None:
                    TicketEvent.objects.filter(note=text).update(note=stored)
    for category in Category.objects.all():
        for label in {category.label_fr, category.label_ar}:
            TicketEvent.objects.filter(action="triage", note=label).update(
                note=system_label(fr=category.label_fr, ar=category.label_ar))


def nothing_to_undo(apps, schema_editor):
    """Stored forms are shown translated: going back leaves them (the old code shows them
    as stored)."""


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0016_outbox_sms_to'),
    ]

    operations = [
        migrations.RunPython(to_stored_forms, nothing_to_undo),
    ]
