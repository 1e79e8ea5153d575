from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('strategy', '0004_problem_evidence'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='problem',
                    name='districts',
                    field=models.ManyToManyField(blank=True, related_name='problems', to='places.district', verbose_name='kommundelar'),
                ),
                migrations.AlterField(
                    model_name='problem',
                    name='places',
                    field=models.ManyToManyField(blank=True, related_name='problems', to='places.place', verbose_name='platser'),
                ),
                ],
        ),
    ]
