from datetime import timedelta

from django.db import migrations


def create_default(apps, schema_editor):
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    EscalationLevel = apps.get_model("sla", "EscalationLevel")
    if SlaPolicy.objects.filter(category__isnull=True, priority="", channel="",
                                segment="").exists():
        return
    policy = SlaPolicy.objects.create(
        name="Politique nationale par défaut", first_response=timedelta(hours=8),
        resolution=timedelta(hours=40), referral=timedelta(hours=24))
    EscalationLevel.objects.bulk_create([
        EscalationLevel(policy=policy, percent=75, warn_assignee=True),
        EscalationLevel(policy=policy, percent=100, breach=True, notify_supervisor=True),
        EscalationLevel(policy=policy, percent=150, notify_regional_manager=True,
                        raise_priority=True),
    ])


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
