"""The complaints' full-text vector (tickets/search.py): the column, its back-fill in
batches, then its GIN index.

Not atomic: each batch of the back-fill commits on its own, so that on a large table no
single transaction holds every row; complaints opened meanwhile (ids above the batches
done, no vector yet) are taken by the later batches. The index is built once the vectors are
written, which is faster than maintaining it row by row, and concurrently: complaints
are opened and answered meanwhile.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, transaction

import tickets.models.search_vector

BATCH = 2_000


def back_fill(apps, schema_editor):
    from tickets import search

    connection = schema_editor.connection
    last_id = 0
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SELECT id FROM tickets_ticket WHERE id > %s "
                           "AND search_vector IS NULL ORDER BY id LIMIT %s",
                           [last_id, BATCH])
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return
            search.reindex(ids)
        last_id = ids[-1]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("tickets", "0014_ticket_due_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="search_vector",
            field=tickets.models.search_vector.StoredSearchVectorField(
                editable=False, null=True, verbose_name="search words"),
        ),
        migrations.RunPython(back_fill, migrations.RunPython.noop, elidable=True),
        AddIndexConcurrently(
            model_name="ticket",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"],
                                                           name="ticket_search"),
        ),
    ]
