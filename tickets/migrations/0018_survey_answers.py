"""One record of every satisfaction answer (tickets.SurveyAnswer), filled with the scores
already given by SMS after a complaint was closed (Ticket.satisfaction), each dated by the
event that recorded it, else by the complaint's closing."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def copy_sms_scores(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    SurveyAnswer = apps.get_model("tickets", "SurveyAnswer")
    scored = (Ticket.objects.filter(satisfaction__isnull=False)
              .exclude(survey_answers__channel="sms")
              .annotate(answered=models.Subquery(
                  TicketEvent.objects.filter(ticket=models.OuterRef("pk"),
                                             action="satisfaction")
                  .order_by("-at").values("at")[:1]))
              .values_list("pk", "customer_id", "satisfaction", "answered", "closed_at",
                           "updated_at")
              .order_by("pk"))
    batch = []
    for pk, customer_id, score, answered, closed_at, updated_at in scored.iterator(2000):
        batch.append(SurveyAnswer(ticket_id=pk, customer_id=customer_id, score=score,
                                  channel="sms",
                                  answered_at=answered or closed_at or updated_at))
        if len(batch) == 2000:
            SurveyAnswer.objects.bulk_create(batch)
            batch = []
    SurveyAnswer.objects.bulk_create(batch)


def nothing_to_undo(apps, schema_editor):
    """The table goes with the migration undone; Ticket.satisfaction was never touched."""


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0006_call_summaries_as_system_texts'),
        ('tickets', '0017_system_texts'),
    ]

    operations = [
        migrations.CreateModel(
            name='SurveyAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.PositiveSmallIntegerField(verbose_name='score (1-5)')),
                ('channel', models.CharField(choices=[('phone', 'Phone'), ('sms', 'SMS'), ('chat', 'Web chat'), ('counter', 'Agency counter'), ('letter', 'Letter'), ('email', 'E-mail'), ('web', 'Web')], max_length=10, verbose_name='channel')),
                ('comment', models.CharField(blank=True, max_length=1000, verbose_name='comment')),
                ('answered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='answer time')),
                ('customer', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='survey_answers', to='customers.customer', verbose_name='customer')),
                ('ticket', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='survey_answers', to='tickets.ticket', verbose_name='complaint')),
            ],
            options={
                'verbose_name': 'satisfaction answer',
                'verbose_name_plural': 'satisfaction answers',
                'ordering': ['-answered_at', '-id'],
                'indexes': [models.Index(fields=['answered_at'], name='survey_answered'), models.Index(fields=['channel', 'answered_at'], name='survey_channel_answered'), models.Index(condition=models.Q(('ticket__isnull', False)), fields=['ticket'], name='survey_ticket'), models.Index(condition=models.Q(('customer__isnull', False)), fields=['customer', '-answered_at'], name='survey_customer')],
                'constraints': [models.CheckConstraint(condition=models.Q(('score__gte', 1), ('score__lte', 5)), name='survey_score_one_to_five')],
            },
        ),
        migrations.RunPython(copy_sms_scores, nothing_to_undo),
    ]
