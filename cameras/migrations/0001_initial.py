import django.core.validators
import django.db.models.deletion
import privacy.screening
from django.db import migrations, models

from accounts.moves import relabel_audit


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('fieldwork', '0006_places_moved_to_places_app_done'),
        ('accounts', '0007_login_sessions_and_case_insensitive_usernames'),
        ('places', '0001_initial'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CameraSite',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, validators=[privacy.screening.validate_no_personal_data], verbose_name='namn')),
                        ('purpose', models.TextField(max_length=2000, validators=[privacy.screening.validate_no_personal_data], verbose_name='ändamål')),
                        ('area', models.CharField(max_length=300, validators=[privacy.screening.validate_no_personal_data], verbose_name='bevakat område')),
                        ('interest_balancing', models.CharField(help_text='Var dokumentet med intresseavvägningen finns.', max_length=300, validators=[privacy.screening.validate_no_personal_data], verbose_name='intresseavvägning (diarienummer eller länk)')),
                        ('started_on', models.DateField(verbose_name='bevakning från')),
                        ('ended_on', models.DateField(blank=True, null=True, verbose_name='bevakning till')),
                        ('recording_retention_days', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='inspelningar sparas (dagar)')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='camera_sites', to='accounts.municipality', verbose_name='kommun')),
                        ('place', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='camera_sites', to='places.place', verbose_name='plats')),
                    ],
                    options={
                        'verbose_name': 'kamerabevakad plats',
                        'verbose_name_plural': 'kamerabevakade platser',
                        'db_table': 'fieldwork_camerasite',
                        'ordering': ['name'],
                        'constraints': [models.UniqueConstraint(fields=('municipality', 'name'), name='camera_name_per_municipality')],
                    },
                ),
                ],
        ),
        relabel_audit(("fieldwork.CameraSite", "cameras.CameraSite")),
]
