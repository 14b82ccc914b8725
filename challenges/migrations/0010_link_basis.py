"""The links become models of their own with a basis.

Each many-to-many link table Django made is adopted as it is by a model
(its rows, ids and unique index kept: no data is copied), then given the
columns of a link's basis: every existing link is our reading until a
curator records otherwise."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0009_dimension_index"),
        ("collabkb", "0007_content_versions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RelatedChallenge",
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
                            "from_challenge",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="related_links",
                                to="challenges.challenge",
                            ),
                        ),
                        (
                            "to_challenge",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="related_links_to",
                                to="challenges.challenge",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "challenges_challenge_related",
                        "ordering": ["id"],
                        "abstract": False,
                        "unique_together": {("from_challenge", "to_challenge")},
                    },
                ),
                migrations.AlterField(
                    model_name="challenge",
                    name="related",
                    field=models.ManyToManyField(
                        blank=True, through="challenges.RelatedChallenge", to="challenges.challenge"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="relatedchallenge",
            name="basis",
            field=models.CharField(
                choices=[("stated", "Stated by a source"), ("ours", "Our reading")],
                default="ours",
                help_text="Stated: a source makes this link (cite the place that does). Our reading: CollabKB infers it (say why in the reason).",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="relatedchallenge",
            name="reason",
            field=models.CharField(
                blank=True,
                help_text="For our reading: one line saying why the two records go together.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="relatedchallenge",
            name="citations",
            field=models.ManyToManyField(
                blank=True,
                help_text="For a stated link: the places in the sources that state it (a table row, a sentence), each cited by the record at one end of the link or the other.",
                related_name="+",
                to="collabkb.citation",
            ),
        ),
    ]
