import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dialogue', '0002_places_moved_to_places_app'),
        ('evaluation', '0003_places_moved_to_places_app'),
        ('fieldwork', '0005_places_moved_to_places_app'),
        ('incidents', '0018_places_moved_to_places_app'),
        ('places', '0001_initial'),
        ('presence', '0002_places_moved_to_places_app'),
        ('strategy', '0005_places_moved_to_places_app'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='camerasite',
                    name='place',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='camera_sites', to='places.place', verbose_name='plats'),
                ),
                migrations.AlterField(
                    model_name='activitylog',
                    name='places',
                    field=models.ManyToManyField(related_name='activity_logs', to='places.place', verbose_name='platser'),
                ),
                migrations.AlterField(
                    model_name='indicatorbinding',
                    name='places',
                    field=models.ManyToManyField(blank=True, help_text='Tomt betyder alla platser i kommunen.', related_name='indicator_bindings', to='places.place', verbose_name='platser'),
                ),
                migrations.AlterField(
                    model_name='presenceplan',
                    name='places',
                    field=models.ManyToManyField(related_name='presence_plans', to='places.place', verbose_name='platser'),
                ),
                migrations.DeleteModel(
                    name='District',
                ),
                migrations.DeleteModel(
                    name='Place',
                ),
                ],
        ),
    ]
