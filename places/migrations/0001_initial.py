import django.core.validators
import django.db.models.deletion
import privacy.screening
from decimal import Decimal
from django.db import migrations, models

from accounts.moves import relabel_audit


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0007_login_sessions_and_case_insensitive_usernames'),
        ('fieldwork', '0004_case_collaboration'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='District',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, validators=[privacy.screening.validate_no_personal_data], verbose_name='namn')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='accounts.municipality', verbose_name='kommun')),
                    ],
                    options={
                        'verbose_name': 'kommundel',
                        'verbose_name_plural': 'kommundelar',
                        'db_table': 'fieldwork_district',
                        'ordering': ['municipality__name', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Place',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, validators=[privacy.screening.validate_no_personal_data], verbose_name='namn')),
                        ('kind', models.CharField(choices=[('square', 'Torg'), ('park', 'Park eller grönområde'), ('station', 'Station eller busshållplats'), ('school', 'Skola'), ('youth_centre', 'Fritidsgård'), ('shopping', 'Centrum eller handel'), ('beach', 'Badplats'), ('other', 'Annan plats')], max_length=20, verbose_name='typ av plats')),
                        ('latitude', models.DecimalField(decimal_places=6, max_digits=9, validators=[django.core.validators.MinValueValidator(Decimal('55')), django.core.validators.MaxValueValidator(Decimal('69.1'))], verbose_name='latitud')),
                        ('longitude', models.DecimalField(decimal_places=6, max_digits=9, validators=[django.core.validators.MinValueValidator(Decimal('10.9')), django.core.validators.MaxValueValidator(Decimal('24.2'))], verbose_name='longitud')),
                        ('area', models.JSONField(blank=True, null=True, verbose_name='område (GeoJSON)')),
                        ('active', models.BooleanField(default=True, verbose_name='aktiv')),
                        ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='places', to='places.district', verbose_name='kommundel')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='places', to='accounts.municipality', verbose_name='kommun')),
                    ],
                    options={
                        'verbose_name': 'plats',
                        'verbose_name_plural': 'platser',
                        'db_table': 'fieldwork_place',
                        'ordering': ['district__name', 'name'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='district',
                    constraint=models.UniqueConstraint(fields=('municipality', 'name'), name='district_name_per_municipality'),
                ),
                migrations.AddConstraint(
                    model_name='place',
                    constraint=models.UniqueConstraint(fields=('municipality', 'name'), name='place_name_per_municipality'),
                ),
                ],
        ),
        relabel_audit(("fieldwork.District", "places.District"), ("fieldwork.Place", "places.Place")),
]
