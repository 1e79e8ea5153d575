from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('situation', '0001_initial'),
        ('strategy', '0005_places_moved_to_places_app'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='problem',
                    name='evidence_reports',
                    field=models.ManyToManyField(blank=True, related_name='+', to='situation.situationreport', verbose_name='lägesbilder som visar problemet'),
                ),
                ],
        ),
    ]
