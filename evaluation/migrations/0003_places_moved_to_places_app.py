import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0002_drawn_areas'),
        ('places', '0001_initial'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='evaluation',
                    name='control_districts',
                    field=models.ManyToManyField(blank=True, help_text='Kommundelar med liknande nivå före åtgärden. Mål- och buffertområdet räknas aldrig dit.', related_name='+', to='places.district', verbose_name='jämförelseområde (kommundelar)'),
                ),
                migrations.AlterField(
                    model_name='evaluation',
                    name='target_place',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='places.place', verbose_name='platsen för åtgärden'),
                ),
                ],
        ),
    ]
