"""The cases app's tables, in one migration (once a squash of six; the six
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
        ('practices', '0001_squashed_0006_series_stages'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='Case',
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
                ('kind', models.CharField(choices=[('government-programme', 'Government programme'), ('prize-challenge', 'Prize challenge'), ('city-network', 'City network'), ('policy-lab', 'Policy lab'), ('data-office', 'Office of data analytics'), ('research-partnership', 'Research partnership'), ('research-study', 'Research study'), ('platform', 'Platform'), ('initiative', 'Initiative')], max_length=25)),
                ('aims', models.TextField(blank=True, help_text='What the case sets out to do (Markdown).')),
                ('areas_of_work', models.TextField(blank=True, help_text='Its areas of work, as the source lists them (Markdown).')),
                ('outcomes', models.TextField(blank=True, help_text='Results, with their figures exactly as the source gives them (Markdown).')),
                ('aims_html', models.TextField(blank=True, editable=False, serialize=False)),
                ('areas_of_work_html', models.TextField(blank=True, editable=False, serialize=False)),
                ('outcomes_html', models.TextField(blank=True, editable=False, serialize=False)),
                ('founded_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('url', models.URLField(blank=True, max_length=500)),
                ('citations', models.ManyToManyField(blank=True, help_text='The places in the sources that support this record.', related_name='%(class)ss', to='collabkb.citation')),
                ('exemplifies', models.ManyToManyField(blank=True, help_text='The practices this case shows at work.', related_name='exemplified_by', to='practices.practice')),
                ('faced', models.ManyToManyField(blank=True, help_text='The challenges this case met.', related_name='faced_by', to='challenges.challenge')),
                ('related', models.ManyToManyField(blank=True, to='cases.case')),
            ],
            options={
                'ordering': ['title_sort', 'slug'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Organisation',
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
                ('sector', models.CharField(choices=[('academic', 'University / research'), ('public', 'Public sector'), ('private', 'Private sector'), ('non-profit', 'Non-profit / foundation'), ('international', 'International body')], max_length=15)),
                ('country', models.CharField(blank=True, help_text='In English, e.g. United Kingdom.', max_length=80)),
                ('url', models.URLField(blank=True, max_length=500)),
                ('citations', models.ManyToManyField(blank=True, help_text='The places in the sources that support this record.', related_name='%(class)ss', to='collabkb.citation')),
            ],
            options={
                'ordering': ['title_sort', 'slug'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Participation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(blank=True, help_text='e.g. curator, funder, lead partner.', max_length=120)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='cases.case')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='cases.organisation')),
            ],
            options={
                'ordering': ['case__slug', 'organisation__title'],
            },
        ),
        migrations.AddField(
            model_name='case',
            name='organisations',
            field=models.ManyToManyField(blank=True, related_name='cases', through='cases.Participation', to='cases.organisation'),
        ),
        migrations.CreateModel(
            name='Place',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(db_index=False, max_length=120)),
                ('name', models.CharField(max_length=120)),
                ('kind', models.CharField(choices=[('city', 'City'), ('region', 'Region'), ('country', 'Country')], max_length=10)),
                ('country', models.CharField(help_text='The country, in English; for a country, its name.', max_length=80)),
            ],
            options={
                'ordering': ['country', 'name'],
                'constraints': [models.UniqueConstraint(fields=('slug',), name='place_slug_unique')],
            },
        ),
        migrations.AddField(
            model_name='case',
            name='places',
            field=models.ManyToManyField(blank=True, related_name='cases', to='cases.place'),
        ),
        migrations.CreateModel(
            name='ProjectExample',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(db_index=False, max_length=120)),
                ('title', models.CharField(max_length=200)),
                ('summary', models.TextField(blank=True)),
                ('position', models.PositiveSmallIntegerField(default=0, help_text="Its place in the source's list.")),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='examples', to='cases.case')),
            ],
            options={
                'ordering': ['case__slug', 'position', 'slug'],
            },
        ),
        migrations.CreateModel(
            name='TaggedCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cases.case')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'ordering': ['content_object__slug', 'tag__name'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='case',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='cases.TaggedCase', to='taggit.Tag', verbose_name='Tags'),
        ),
        migrations.CreateModel(
            name='TaggedOrganisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cases.organisation')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'ordering': ['content_object__slug', 'tag__name'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='organisation',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='cases.TaggedOrganisation', to='taggit.Tag', verbose_name='Tags'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.UniqueConstraint(fields=('case', 'organisation'), name='participation_unique'),
        ),
        migrations.AddConstraint(
            model_name='projectexample',
            constraint=models.UniqueConstraint(fields=('case', 'slug'), name='project_example_unique'),
        ),
        migrations.AddConstraint(
            model_name='taggedcase',
            constraint=models.UniqueConstraint(fields=('content_object', 'tag'), name='cases_taggedcase_unique'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', 'title_sort'], name='case_title_sort_idx'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(fields=('slug',), name='cases_case_slug_unique'),
        ),
        migrations.AddConstraint(
            model_name='taggedorganisation',
            constraint=models.UniqueConstraint(fields=('content_object', 'tag'), name='cases_taggedorganisation_unique'),
        ),
        migrations.AddIndex(
            model_name='organisation',
            index=models.Index(fields=['status', 'title_sort'], name='organisation_title_sort_idx'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(fields=('slug',), name='cases_organisation_slug_unique'),
        ),
    ]
