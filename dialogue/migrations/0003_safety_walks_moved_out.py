from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dialogue', '0002_places_moved_to_places_app'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='finding',
                    name='measure',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='place',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='problem',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='walk',
                ),
                migrations.RemoveField(
                    model_name='safetywalk',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='safetywalk',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='safetywalk',
                    name='organisations',
                ),
                ],
        ),
    ]
