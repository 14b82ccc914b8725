"""What every app shares: the common base of a record, sources and citations,
and readers' suggestions of a correction."""

from collabkb.models.addresses import OldAddress
from collabkb.models.attachments import (
    AttachmentManager,
    CitationAttachment,
    Stance,
    attachment_natural_key,
    cited_field,
    stance_field,
    unique_attachment,
)
from collabkb.models.base import (
    Record,
    RecordQuerySet,
    SlugManager,
    Status,
    StoredFigure,
    TaggedRecordBase,
    TaggedRecordManager,
    slug_natural_key,
    tagged_natural_key,
)
from collabkb.models.search import SearchDocument, SearchFacet
from collabkb.models.sources import Citation, CitationManager, CitingRecord, Source
from collabkb.models.suggestions import Suggestion
from collabkb.models.versions import ContentVersion
from collabkb.models.workflow import NotificationSetting, Transition

__all__ = [
    "AttachmentManager",
    "CitationAttachment",
    "Stance",
    "attachment_natural_key",
    "cited_field",
    "stance_field",
    "unique_attachment",
    "Citation",
    "CitationManager",
    "CitingRecord",
    "ContentVersion",
    "OldAddress",
    "Record",
    "RecordQuerySet",
    "NotificationSetting",
    "SearchDocument",
    "SearchFacet",
    "SlugManager",
    "Source",
    "Status",
    "StoredFigure",
    "Suggestion",
    "TaggedRecordBase",
    "TaggedRecordManager",
    "Transition",
    "slug_natural_key",
    "tagged_natural_key",
]
