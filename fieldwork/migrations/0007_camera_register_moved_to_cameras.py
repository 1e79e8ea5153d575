from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0005_camera_register_moved_to_cameras'),
        ('fieldwork', '0006_places_moved_to_places_app_done'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='CameraSite',
                ),
                ],
        ),
    ]
