"""The summaries of calls (written by telephony) on the customers' timelines, stored translated (in the fund's
default language) before, moved to their stored form (message ids and parameters,
translated when shown: contactcenter.i18n). Summaries typed by agents are left as typed."""

from django.db import migrations

from contactcenter.i18n import literal_chunk, stored_parts_form

# A frozen copy of telephony.calls.SUMMARY_PARTS.
SUMMARY_PARTS = (
    "Call to the voice menu",
    "heard the status of complaint %(reference)s",
    "asked to speak to an agent",
    "asked to be called back",
    "duration %(minutes)s min %(seconds)s s",
)


def to_stored_forms(apps, schema_editor):
    Interaction = apps.get_model("customers", "Interaction")
    for language in ("fr", "ar", "en"):
        calls = Interaction.objects.filter(
            channel="phone", summary__startswith=literal_chunk(SUMMARY_PARTS[0], language))
        for text in list(calls.values_list("summary", flat=True).distinct()):
            stored = stored_parts_form(text, SUMMARY_PARTS, languages=[language])
            if stored is not None:
                calls.filter(summary=text).update(summary=stored)


def nothing_to_undo(apps, schema_editor):
    """Stored forms are shown translated: going back leaves them."""


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0005_customer_records_and_name_keys'),
    ]

    operations = [
        migrations.RunPython(to_stored_forms, nothing_to_undo),
    ]
