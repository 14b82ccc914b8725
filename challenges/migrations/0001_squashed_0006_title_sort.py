"""The challenges app's tables, in one migration (once a squash of six; the six
are gone: no database outside development applied them).
The four levels are created here.
"""

import django.core.validators
import django.db.models.deletion
import taggit.managers
from django.db import migrations, models

LEVELS = [
    ("individual", "Individual"),
    ("project", "Project"),
    ("organisation", "Organisation"),
    ("environment", "Environment"),
]


def create_levels(apps, schema_editor):
    Level = apps.get_model("challenges", "Level")
    Level.objects.bulk_create(
        Level(slug=slug, name=name, position=position)
        for position, (slug, name) in enumerate(LEVELS, start=1)
    )


class Migration(migrations.Migration):

    initial = True


    dependencies = [
        ('collabkb', '0006_source_short_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='Level',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(db_index=False, max_length=40)),
                ('name', models.CharField(max_length=60)),
                ('position', models.PositiveSmallIntegerField(default=0, help_text="Its place in the report's order of levels.")),
            ],
            options={
                'ordering': ['position', 'slug'],
                'constraints': [models.UniqueConstraint(fields=('slug',), name='level_slug_unique')],
            },
        ),
        migrations.RunPython(create_levels, migrations.RunPython.noop),
        migrations.CreateModel(
            name='Challenge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('slug', models.SlugField(db_index=False, help_text="The record's permanent address and natural key. Filled in from the title; do not change it once the record is published.", max_length=120)),
                ('summary', models.TextField(blank=True, help_text="Two or three sentences in our own words (at most 1,000 characters). Source text belongs in a citation's quotation, not here.", max_length=1000, validators=[django.core.validators.MaxLengthValidator(1000)])),
                ('body', models.TextField(blank=True, help_text='Optional longer text in Markdown (at most 50,000 characters). Rendered and sanitised on the public page.', max_length=50000, validators=[django.core.validators.MaxLengthValidator(50000)])),
                ('body_html', models.TextField(blank=True, editable=False, help_text='The body as sanitised HTML, made on every save (not exported).', serialize=False)),
                ('shown_title', models.CharField(blank=True, editable=False, help_text='The title as lists, cards, search results and downloads show it (a step with its series), made on every save.', max_length=300, serialize=False)),
                ('title_sort', models.CharField(blank=True, editable=False, help_text='The shown title as lists sort it (collabkb.text.sorting), made on every save.', max_length=400, serialize=False)),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', help_text='Only published records appear on public pages. Changed by the workflow buttons (submit, publish …), each change recorded.', max_length=10)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('updated', models.DateTimeField(auto_now=True)),
                ('dimension', models.CharField(blank=True, choices=[('cultural', 'Cultural'), ('relational', 'Relational'), ('organisational', 'Organisational'), ('institutional', 'Institutional'), ('leadership', 'Leadership / management'), ('cooperation', 'Cooperation / trust'), ('data', 'Data'), ('legal', 'Legal / procedural'), ('resources', 'Resources'), ('scaling', 'Scaling'), ('ecosystem', 'Ecosystem'), ('learning', 'Learning'), ('value', 'Costs and benefits')], help_text='The kind of barrier, as the source groups it.', max_length=20)),
                ('mentions', models.IntegerField(blank=True, help_text="Number of interview mentions, exactly as in the report's tables. Empty where the source gives no count.", null=True)),
                ('citations', models.ManyToManyField(blank=True, help_text='The places in the sources that support this record.', related_name='%(class)ss', to='collabkb.citation')),
                ('related', models.ManyToManyField(blank=True, to='challenges.challenge')),
                ('levels', models.ManyToManyField(blank=True, help_text='Where the source places the barrier: individual, project, organisation, environment (one or more).', related_name='challenges', to='challenges.level')),
            ],
            options={
                'ordering': ['title_sort', 'slug'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TaggedChallenge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='challenges.challenge')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'ordering': ['content_object__slug', 'tag__name'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='challenge',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='challenges.TaggedChallenge', to='taggit.Tag', verbose_name='Tags'),
        ),
        migrations.AddConstraint(
            model_name='taggedchallenge',
            constraint=models.UniqueConstraint(fields=('content_object', 'tag'), name='challenges_taggedchallenge_unique'),
        ),
        migrations.AddIndex(
            model_name='challenge',
            index=models.Index(fields=['status', 'title_sort'], name='challenge_title_sort_idx'),
        ),
        migrations.AddConstraint(
            model_name='challenge',
            constraint=models.UniqueConstraint(fields=('slug',), name='challenges_challenge_slug_unique'),
        ),
        migrations.AddConstraint(
            model_name='challenge',
            constraint=models.CheckConstraint(condition=models.Q(('mentions__gte', 0)), name='challenge_mentions_nonnegative', violation_error_message='A number of mentions cannot be negative.'),
        ),
    ]
