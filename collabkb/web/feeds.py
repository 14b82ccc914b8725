"""An Atom feed of the records most recently published or changed."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from collabkb.kinds import registry

FEED_SIZE = 30


class RecentRecords(Feed):
    feed_type = Atom1Feed
    title = "CollabKB: recently published and updated"
    link = "/"
    subtitle = (
        "Challenges, practices, cases and organisations of collaboration across borders "
        "and sectors, newest changes first."
    )

    def items(self):
        """The newest of every kind (a query per kind), merged by time."""
        records = []
        for kind in registry:
            newest = kind.model.objects.published().order_by("-updated", "slug")[:FEED_SIZE]
            records += [(kind, record) for record in newest]
        records.sort(key=lambda pair: (pair[1].updated, pair[1].slug), reverse=True)
        return records[:FEED_SIZE]

    def item_title(self, item):
        kind, record = item
        return f"{kind.label}: {record.title}"

    def item_description(self, item):
        return item[1].summary

    def item_link(self, item):
        """Its address, which Django makes absolute (``add_domain``) and gives
        each entry as its id too: an id must be an absolute IRI."""
        return item[1].get_absolute_url()

    def item_pubdate(self, item):
        return item[1].created

    def item_updateddate(self, item):
        return item[1].updated

    def item_categories(self, item):
        return [item[0].label]
