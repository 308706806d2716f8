from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking the outbox against writes.
    atomic = False

    dependencies = [
        ('tickets', '0007_sms_templates_and_delivery_status'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='outboxmessage',
            index=models.Index(condition=models.Q(('carrier_id', ''), _negated=True), fields=['carrier_id'], name='outbox_carrier_id'),
        ),
    ]
