import django.core.validators
import django.db.models.deletion
import privacy.screening
from django.conf import settings
from django.db import migrations, models

from accounts.moves import relabel_audit


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('incidents', '0018_places_moved_to_places_app'),
        ('accounts', '0007_login_sessions_and_case_insensitive_usernames'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SituationReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='år')),
                        ('week', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(53)], verbose_name='vecka')),
                        ('version', models.PositiveSmallIntegerField(default=1, verbose_name='version')),
                        ('status', models.CharField(choices=[('draft', 'Utkast'), ('approved', 'Godkänd')], default='draft', max_length=10, verbose_name='status')),
                        ('figures', models.JSONField(blank=True, default=dict, verbose_name='siffror')),
                        ('analysis', models.TextField(blank=True, help_text='Mötets bedömning av läget: platser och situationer, inte personer.', max_length=10000, validators=[privacy.screening.validate_no_personal_data], verbose_name='analys')),
                        ('built_at', models.DateTimeField(blank=True, null=True, verbose_name='beräknad')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='godkänd')),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='godkänd av')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='situation_reports', to='accounts.municipality', verbose_name='kommun')),
                    ],
                    options={
                        'verbose_name': 'lägesbild',
                        'verbose_name_plural': 'lägesbilder',
                        'db_table': 'incidents_situationreport',
                        'ordering': ['-year', '-week', '-version'],
                        'constraints': [models.UniqueConstraint(fields=('municipality', 'year', 'week', 'version'), name='one_report_version')],
                    },
                ),
                ],
        ),
        relabel_audit(("incidents.SituationReport", "situation.SituationReport")),
]
