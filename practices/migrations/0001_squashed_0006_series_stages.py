"""The practices app's tables, in one migration (once a squash of six; the six
are gone: no database outside development applied them).
"""

import django.core.validators
import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True


    dependencies = [
        ('challenges', '0001_squashed_0006_title_sort'),
        ('collabkb', '0006_source_short_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='Series',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(db_index=False, max_length=120)),
                ('title', models.CharField(max_length=200)),
                ('short_name', models.CharField(blank=True, help_text='How a step names its series in lists: “GovLab” gives “GovLab step 2 — …”. Empty: the title.', max_length=40)),
                ('summary', models.TextField(blank=True, help_text='What the series is, in our words.')),
                ('for_starting', models.BooleanField(default=False, help_text='The planner offers it to a partnership that is starting.')),
                ('for_running', models.BooleanField(default=False, help_text='The planner offers it to a partnership that is running.')),
                ('for_scaling', models.BooleanField(default=False, help_text='The planner offers it to a partnership that is scaling up.')),
                ('source', models.ForeignKey(blank=True, help_text='The source the series comes from.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='series', to='collabkb.source')),
            ],
            options={
                'verbose_name_plural': 'series',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='Practice',
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
                ('kind', models.CharField(choices=[('success-factor', 'Success factor'), ('lesson', 'Lesson'), ('insight', 'Insight'), ('management-strategy', 'Management strategy'), ('proposition', 'Proposition'), ('step', 'Step'), ('future-area', 'Future area'), ('approach', 'Approach')], max_length=20)),
                ('number', models.PositiveSmallIntegerField(blank=True, help_text="The practice's number in its series, as the source numbers it.", null=True)),
                ('references', models.TextField(blank=True, help_text='Literature the source cites for this practice, e.g. “Van Wijk et al. 2008”.')),
                ('addresses', models.ManyToManyField(blank=True, help_text='The challenges this practice helps overcome.', related_name='addressed_by', to='challenges.challenge')),
                ('citations', models.ManyToManyField(blank=True, help_text='The places in the sources that support this record.', related_name='%(class)ss', to='collabkb.citation')),
                ('related', models.ManyToManyField(blank=True, to='practices.practice')),
                ('series', models.ForeignKey(blank=True, help_text='For practices the source gives as a series (five lessons, ten propositions …).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='practices', to='practices.series')),
            ],
            options={
                'ordering': ['title_sort', 'slug'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TaggedPractice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='practices.practice')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'ordering': ['content_object__slug', 'tag__name'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='practice',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='practices.TaggedPractice', to='taggit.Tag', verbose_name='Tags'),
        ),
        migrations.AddConstraint(
            model_name='series',
            constraint=models.UniqueConstraint(fields=('slug',), name='series_slug_unique'),
        ),
        migrations.AddConstraint(
            model_name='taggedpractice',
            constraint=models.UniqueConstraint(fields=('content_object', 'tag'), name='practices_taggedpractice_unique'),
        ),
        migrations.AddIndex(
            model_name='practice',
            index=models.Index(fields=['status', 'title_sort'], name='practice_title_sort_idx'),
        ),
        migrations.AddConstraint(
            model_name='practice',
            constraint=models.UniqueConstraint(fields=('slug',), name='practices_practice_slug_unique'),
        ),
        migrations.AddConstraint(
            model_name='practice',
            constraint=models.UniqueConstraint(fields=('series', 'number'), name='practice_series_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='practice',
            constraint=models.CheckConstraint(condition=models.Q(('number__isnull', True), ('series__isnull', False), _connector='OR'), name='practice_number_needs_series', violation_error_message='A numbered practice belongs to a series.'),
        ),
        migrations.AddConstraint(
            model_name='practice',
            constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='practice_number_positive', violation_error_message='Series numbers start at 1.'),
        ),
    ]
