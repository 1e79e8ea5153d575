import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from accounts.moves import relabel_audit


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0003_places_moved_to_places_app'),
        ('incidents', '0020_outcome_indicators_moved_to_evaluation'),
        ('places', '0001_initial'),
        ('programme', '0005_indicatorvalue'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IncidentIndicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('radius_m', models.PositiveIntegerField(default=200, validators=[django.core.validators.MinValueValidator(25, message='Minst 25 meter.'), django.core.validators.MaxValueValidator(2000, message='Högst 2 000 meter.')], verbose_name='avstånd från platserna (meter)')),
                        ('categories', models.ManyToManyField(help_text='En huvudkategori räknar alla dess underkategorier.', related_name='indicator_bindings', to='incidents.incidentcategory', verbose_name='kategorier')),
                        ('districts', models.ManyToManyField(blank=True, help_text='Tomt, liksom platser, betyder hela kommunen.', related_name='incident_indicator_bindings', to='places.district', verbose_name='kommundelar')),
                        ('indicator', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='incident_binding', to='programme.indicator', verbose_name='indikator')),
                        ('places', models.ManyToManyField(blank=True, related_name='incident_indicator_bindings', to='places.place', verbose_name='platser')),
                    ],
                    options={
                        'verbose_name': 'indikator ur händelser',
                        'verbose_name_plural': 'indikatorer ur händelser',
                        'db_table': 'incidents_incidentindicator',
                    },
                ),
                ],
        ),
        relabel_audit(("incidents.IncidentIndicator", "evaluation.IncidentIndicator")),
]
