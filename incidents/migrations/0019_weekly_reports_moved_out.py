from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0003_focus_decisions_moved_here_report'),
        ('incidents', '0018_places_moved_to_places_app'),
        ('strategy', '0006_weekly_reports_moved_to_situation'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='situationreport',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='situationreport',
                    name='municipality',
                ),
                migrations.DeleteModel(
                    name='FocusDecision',
                ),
                migrations.DeleteModel(
                    name='SituationReport',
                ),
                ],
        ),
    ]
