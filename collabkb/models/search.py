"""What the search index holds: one document per published record or quotation
(its tables; collabkb/search/ writes and reads them)."""

from django.db import models


class SearchDocument(models.Model):
    """The searchable text of one record or quotation.

    Rows are rewritten by ``collabkb.search.index`` whenever a record changes.
    The database indexes the text: see the migration that adds the full-text
    structures (a weighted tsvector on PostgreSQL, FTS5 on SQLite).
    """

    # A record's document has its kind's key ("challenge", see collabkb.kinds);
    # a quotation's has this one.
    QUOTATION = "quotation"

    kind = models.CharField(max_length=15, help_text="A record kind's key, or “quotation”.")
    object_id = models.BigIntegerField()
    url = models.CharField(max_length=300)
    heading = models.CharField(max_length=300, help_text="What the result shows as its title.")
    title = models.CharField(
        max_length=300, blank=True, help_text="Indexed with the highest weight."
    )
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    detail = models.CharField(
        max_length=300, blank=True, help_text="A line under the title: kind, place …"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="searchdocument_one_per_object"
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.heading}"


class SearchFacet(models.Model):
    """One facet value of a document: its kind, a tag, a source, a country …"""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=200)
    label = models.CharField(max_length=300)

    class Meta:
        indexes = [
            # Facet filters: WHERE facet = %s AND value = %s -> document ids.
            models.Index(fields=["facet", "value", "document"], name="searchfacet_filter_idx"),
            # Facet counts: WHERE document_id IN (…) GROUP BY facet, value.
            models.Index(fields=["document", "facet"], name="searchfacet_document_idx"),
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"
