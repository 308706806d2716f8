from datetime import timedelta

from django.db import migrations


def create_default(apps, schema_editor):
    ensure_national_policy(apps.get_model("sla", "SlaPolicy"),
                           apps.get_model("sla", "EscalationLevel"))


def ensure_national_policy(SlaPolicy, EscalationLevel):  # noqa: N803 (model classes)
    """The national default policy: 8 h to a first response, 40 h to resolve, escalations at
    75 %, 100 % and 150 %. Also used by tests whose database was flushed."""
    if SlaPolicy.objects.filter(category__isnull=True, priority="", channel="",
                                segment="").exists():
        return None
    policy = SlaPolicy.objects.create(
        name="Politique nationale par défaut", first_response=timedelta(hours=8),
        resolution=timedelta(hours=40), referral=timedelta(hours=24))
    EscalationLevel.objects.bulk_create([
        EscalationLevel(policy=policy, percent=75, warn_assignee=True),
        EscalationLevel(policy=policy, percent=100, breach=True, notify_supervisor=True),
        EscalationLevel(policy=policy, percent=150, notify_regional_manager=True,
                        raise_priority=True),
    ])
    return policy


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
