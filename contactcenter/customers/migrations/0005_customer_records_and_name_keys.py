"""Records kept by the agents (contact points retired, not deleted; the history of changes)
and the names' skeletons across scripts, filled for the records already there."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from contactcenter.customers.transliteration import name_keys

BATCH = 5000


def fill_name_keys(apps, schema_editor):
    """One UPDATE ... FROM unnest() per batch (about 1 s per 50,000 records)."""
    Customer = apps.get_model("customers", "Customer")
    rows = (Customer.objects.values_list("pk", "first_name", "last_name", "company_name")
            .order_by("pk"))
    batch: list[tuple[int, str]] = []
    for pk, *names in rows.iterator(chunk_size=BATCH):
        keys = name_keys(" ".join(filter(None, names)))
        if keys:
            batch.append((pk, " ".join(keys)))
        if len(batch) >= BATCH:
            _write(schema_editor, Customer, batch)
            batch = []
    _write(schema_editor, Customer, batch)


def _write(schema_editor, Customer, batch):
    if batch:
        schema_editor.execute(
            f"""UPDATE {Customer._meta.db_table} AS c
                SET name_keys = string_to_array(v.keys, ' ')
                FROM unnest(%s::bigint[], %s::text[]) AS v(id, keys) WHERE c.id = v.id""",
            [[pk for pk, _keys in batch], [keys for _pk, keys in batch]])


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0004_interaction_recording'),
        ('org', '0003_alter_agent_role'),
    ]

    operations = [
        migrations.CreateModel(
            name='CustomerEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('created', 'Record created'), ('contact_added', 'Contact added'), ('contact_corrected', 'Contact corrected'), ('contact_retired', 'Contact retired'), ('main_mobile', 'Main mobile changed')], max_length=20, verbose_name='kind')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                ('contact_kind', models.CharField(blank=True, choices=[('mobile', 'Mobile'), ('landline', 'Landline'), ('email', 'E-mail'), ('address', 'Postal address')], max_length=10, verbose_name='contact kind')),
                ('old_value', models.CharField(blank=True, max_length=254, verbose_name='old value')),
                ('new_value', models.CharField(blank=True, max_length=254, verbose_name='new value')),
            ],
            options={
                'verbose_name': 'record change',
                'verbose_name_plural': 'record changes',
            },
        ),
        migrations.AddField(
            model_name='contactpoint',
            name='retired_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='retired'),
        ),
        migrations.AddField(
            model_name='customer',
            name='name_keys',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=80), db_default=models.Value([], output_field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=80), size=None)), default=list, editable=False, size=None),
        ),
        migrations.AlterField(
            model_name='contactpoint',
            name='kind',
            field=models.CharField(choices=[('mobile', 'Mobile'), ('landline', 'Landline'), ('email', 'E-mail'), ('address', 'Postal address')], max_length=10, verbose_name='kind'),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='customer',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_keys'], name='customer_name_keys'),
        ),
        migrations.AddField(
            model_name='customerevent',
            name='agent',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.agent', verbose_name='agent'),
        ),
        migrations.AddField(
            model_name='customerevent',
            name='customer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='customers.customer'),
        ),
        migrations.AddIndex(
            model_name='customerevent',
            index=models.Index(fields=['customer', '-at', '-id'], name='customer_event_timeline'),
        ),
    ]
