import django.db.models.deletion
import privacy.screening
from django.db import migrations, models

from accounts.moves import relabel_audit


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0018_places_moved_to_places_app'),
        ('accounts', '0007_login_sessions_and_case_insensitive_usernames'),
        ('actions', '0001_initial'),
        ('places', '0001_initial'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='FocusDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=300, validators=[privacy.screening.validate_no_personal_data], verbose_name='åtgärd')),
                        ('due_date', models.DateField(verbose_name='klart senast')),
                        ('item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='decisions', to='actions.actionitem', verbose_name='åtgärdspunkt')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organisation', verbose_name='ansvarig organisation')),
                        ('place', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='places.place', verbose_name='fokusplats')),
                    ],
                    options={
                        'verbose_name': 'beslut om fokus',
                        'verbose_name_plural': 'beslut om fokus',
                        'db_table': 'incidents_focusdecision',
                        'ordering': ['due_date', 'id'],
                    },
                ),
                ],
        ),
        relabel_audit(("incidents.FocusDecision", "actions.FocusDecision")),
]
