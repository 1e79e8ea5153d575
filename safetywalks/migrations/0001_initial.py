import django.core.validators
import django.db.models.deletion
import privacy.screening
from decimal import Decimal
from django.db import migrations, models

from accounts.moves import relabel_audit


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('dialogue', '0002_places_moved_to_places_app'),
        ('accounts', '0007_login_sessions_and_case_insensitive_usernames'),
        ('places', '0001_initial'),
        ('strategy', '0006_weekly_reports_moved_to_situation'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SafetyWalk',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, validators=[privacy.screening.validate_no_personal_data], verbose_name='rubrik')),
                        ('meeting_on', models.DateField(verbose_name='inledande möte')),
                        ('walked_on', models.DateField(blank=True, null=True, verbose_name='vandringen')),
                        ('follow_up_on', models.DateField(blank=True, null=True, verbose_name='uppföljningsmöte')),
                        ('participants', models.PositiveIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(10000)], verbose_name='antal deltagare')),
                        ('summary', models.TextField(blank=True, max_length=4000, validators=[privacy.screening.validate_no_personal_data], verbose_name='sammanfattning')),
                        ('published', models.BooleanField(default=False, help_text='Visas för invånarna med fynden och svaren.', verbose_name='publicerad')),
                        ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='places.district', verbose_name='kommundel')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='safety_walks', to='accounts.municipality', verbose_name='kommun')),
                        ('organisations', models.ManyToManyField(blank=True, related_name='+', to='accounts.organisation', verbose_name='medverkande organisationer')),
                    ],
                    options={
                        'verbose_name': 'trygghetsvandring',
                        'verbose_name_plural': 'trygghetsvandringar',
                        'db_table': 'dialogue_safetywalk',
                        'ordering': ['-meeting_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Finding',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('description', models.TextField(help_text='Platsen och vad som gör den otrygg, t.ex. trasig belysning.', max_length=1000, validators=[privacy.screening.validate_no_personal_data], verbose_name='vad som sågs')),
                        ('latitude', models.DecimalField(decimal_places=6, max_digits=9, validators=[django.core.validators.MinValueValidator(Decimal('55')), django.core.validators.MaxValueValidator(Decimal('69.1'))], verbose_name='latitud')),
                        ('longitude', models.DecimalField(decimal_places=6, max_digits=9, validators=[django.core.validators.MinValueValidator(Decimal('10.9')), django.core.validators.MaxValueValidator(Decimal('24.2'))], verbose_name='longitud')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='klart senast')),
                        ('status', models.CharField(choices=[('open', 'Öppen'), ('in_progress', 'Pågår'), ('done', 'Åtgärdad'), ('wont_do', 'Åtgärdas inte')], default='open', max_length=12, verbose_name='status')),
                        ('public_answer', models.TextField(blank=True, help_text='Vad som görs eller gjorts, och varför. Visas på den publika sidan.', max_length=1000, validators=[privacy.screening.validate_no_personal_data], verbose_name='svar till invånarna')),
                        ('measure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='findings', to='strategy.measure', verbose_name='blev åtgärd')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation', verbose_name='ansvarig')),
                        ('place', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='places.place', verbose_name='plats')),
                        ('problem', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='findings', to='strategy.problem', verbose_name='blev problem')),
                        ('walk', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='findings', to='safetywalks.safetywalk', verbose_name='trygghetsvandring')),
                    ],
                    options={
                        'verbose_name': 'fynd',
                        'verbose_name_plural': 'fynd',
                        'db_table': 'dialogue_finding',
                        'ordering': ['status', 'due_on', 'id'],
                    },
                ),
                ],
        ),
        relabel_audit(("dialogue.SafetyWalk", "safetywalks.SafetyWalk"), ("dialogue.Finding", "safetywalks.Finding")),
]
