import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dialogue', '0001_initial'),
        ('places', '0001_initial'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='dialogue',
                    name='place',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='places.place', verbose_name='plats'),
                ),
                migrations.AlterField(
                    model_name='finding',
                    name='place',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='places.place', verbose_name='plats'),
                ),
                migrations.AlterField(
                    model_name='safetywalk',
                    name='district',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='places.district', verbose_name='kommundel'),
                ),
                ],
        ),
    ]
