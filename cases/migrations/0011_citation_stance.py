"""Citations attached to cases and organisations get a stance.

The many-to-many tables of ``citations`` become explicit through models (one
per kind) without copying a row: the state adopts each existing table as it
is (its unique pair of columns included), then the pair's unnamed unique
index is replaced by a named constraint, and the stance is added with its
default, "supports", so every existing attachment keeps its row and supports
its record until a curator says otherwise.
"""

import django.db.models.deletion
from django.db import migrations, models


def adopt(model, record, app, article="a"):
    """The operations that make ``app.record``'s citation table the model ``model``."""
    lower = model.lower()
    return [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name=model,
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
                            record,
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attachments",
                                to=f"{app}.{record}",
                            ),
                        ),
                        (
                            "citation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name=f"{record}_attachments",
                                to="collabkb.citation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": f"{app}_{record}_citations",
                        "unique_together": {(record, "citation")},
                    },
                ),
                migrations.AlterField(
                    model_name=record,
                    name="citations",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="The places in the sources that bear on this record, each with its stance.",
                        related_name=f"{record}s",
                        through=f"{app}.{model}",
                        to="collabkb.citation",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterUniqueTogether(name=lower, unique_together=set()),
        migrations.AlterModelOptions(
            name=lower,
            options={
                "ordering": ["pk"],
                "verbose_name": f"citation of {article} {record}",
                "verbose_name_plural": f"citations of {article} {record}",
            },
        ),
        migrations.AddField(
            model_name=lower,
            name="stance",
            field=models.CharField(
                choices=[
                    ("supports", "supports"),
                    ("qualifies", "qualifies"),
                    ("argues-otherwise", "argues otherwise"),
                ],
                default="supports",
                help_text="How this place bears on the record: it supports it (says so), qualifies it (adds a condition or a limit), or argues otherwise. Read the place's words, not its heading.",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name=lower,
            constraint=models.CheckConstraint(
                condition=models.Q(("stance__in", ["supports", "qualifies", "argues-otherwise"])),
                name=f"{app}_{lower}_stance_valid",
                violation_error_message="A stance is supports, qualifies or argues otherwise.",
            ),
        ),
        migrations.AddConstraint(
            model_name=lower,
            constraint=models.UniqueConstraint(
                fields=(record, "citation"), name=f"{app}_{record}_citation_unique"
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_link_basis"),
        ("collabkb", "0007_content_versions"),
    ]

    operations = [
        *adopt("OrganisationCitation", "organisation", "cases", article="an"),
        *adopt("CaseCitation", "case", "cases"),
    ]
