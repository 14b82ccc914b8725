"""The links become models of their own with a basis.

Each many-to-many link table Django made is adopted as it is by a model
(its rows, ids and unique index kept: no data is copied), then given the
columns of a link's basis: every existing link is our reading until a
curator records otherwise."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_organisation_sector_not_stated"),
        ("challenges", "0010_link_basis"),
        ("collabkb", "0007_content_versions"),
        ("practices", "0008_stored_figures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Exemplifying",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="exemplifies_links",
                                to="cases.case",
                            ),
                        ),
                        (
                            "practice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="exemplified_by_links",
                                to="practices.practice",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_case_exemplifies",
                        "ordering": ["id"],
                        "abstract": False,
                        "unique_together": {("case", "practice")},
                    },
                ),
                migrations.AlterField(
                    model_name="case",
                    name="exemplifies",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="The practices this case shows at work.",
                        related_name="exemplified_by",
                        through="cases.Exemplifying",
                        to="practices.practice",
                    ),
                ),
                migrations.CreateModel(
                    name="Facing",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="faced_links",
                                to="cases.case",
                            ),
                        ),
                        (
                            "challenge",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="faced_by_links",
                                to="challenges.challenge",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_case_faced",
                        "ordering": ["id"],
                        "abstract": False,
                        "unique_together": {("case", "challenge")},
                    },
                ),
                migrations.AlterField(
                    model_name="case",
                    name="faced",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="The challenges this case met.",
                        related_name="faced_by",
                        through="cases.Facing",
                        to="challenges.challenge",
                    ),
                ),
                migrations.CreateModel(
                    name="RelatedCase",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "from_case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="related_links",
                                to="cases.case",
                            ),
                        ),
                        (
                            "to_case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="related_links_to",
                                to="cases.case",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_case_related",
                        "ordering": ["id"],
                        "abstract": False,
                        "unique_together": {("from_case", "to_case")},
                    },
                ),
                migrations.AlterField(
                    model_name="case",
                    name="related",
                    field=models.ManyToManyField(
                        blank=True, through="cases.RelatedCase", to="cases.case"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="exemplifying",
            name="basis",
            field=models.CharField(
                choices=[("stated", "Stated by a source"), ("ours", "Our reading")],
                default="ours",
                help_text="Stated: a source makes this link (cite the place that does). Our reading: CollabKB infers it (say why in the reason).",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="exemplifying",
            name="reason",
            field=models.CharField(
                blank=True,
                help_text="For our reading: one line saying why the two records go together.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="exemplifying",
            name="citations",
            field=models.ManyToManyField(
                blank=True,
                help_text="For a stated link: the places in the sources that state it (a table row, a sentence), each cited by the record at one end of the link or the other.",
                related_name="+",
                to="collabkb.citation",
            ),
        ),
        migrations.AddField(
            model_name="facing",
            name="basis",
            field=models.CharField(
                choices=[("stated", "Stated by a source"), ("ours", "Our reading")],
                default="ours",
                help_text="Stated: a source makes this link (cite the place that does). Our reading: CollabKB infers it (say why in the reason).",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="facing",
            name="reason",
            field=models.CharField(
                blank=True,
                help_text="For our reading: one line saying why the two records go together.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="facing",
            name="citations",
            field=models.ManyToManyField(
                blank=True,
                help_text="For a stated link: the places in the sources that state it (a table row, a sentence), each cited by the record at one end of the link or the other.",
                related_name="+",
                to="collabkb.citation",
            ),
        ),
        migrations.AddField(
            model_name="relatedcase",
            name="basis",
            field=models.CharField(
                choices=[("stated", "Stated by a source"), ("ours", "Our reading")],
                default="ours",
                help_text="Stated: a source makes this link (cite the place that does). Our reading: CollabKB infers it (say why in the reason).",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="relatedcase",
            name="reason",
            field=models.CharField(
                blank=True,
                help_text="For our reading: one line saying why the two records go together.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="relatedcase",
            name="citations",
            field=models.ManyToManyField(
                blank=True,
                help_text="For a stated link: the places in the sources that state it (a table row, a sentence), each cited by the record at one end of the link or the other.",
                related_name="+",
                to="collabkb.citation",
            ),
        ),
    ]
