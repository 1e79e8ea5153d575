from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0004_findings_moved_to_safetywalks'),
        ('dialogue', '0003_safety_walks_moved_out'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Finding',
                ),
                migrations.DeleteModel(
                    name='SafetyWalk',
                ),
                ],
        ),
    ]
