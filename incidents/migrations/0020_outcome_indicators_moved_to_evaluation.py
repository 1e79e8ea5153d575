from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0019_weekly_reports_moved_out'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='IncidentIndicator',
                ),
                ],
        ),
    ]
