from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('fieldwork', '0004_case_collaboration'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='district',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='place',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='place',
                    name='municipality',
                ),
                ],
        ),
    ]
