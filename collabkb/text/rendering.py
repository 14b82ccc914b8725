"""Curators' Markdown as safe HTML: sanitised, and no image from another host.

An image from elsewhere would let that host see every reader (a tracking
pixel) and is refused by the Content-Security-Policy anyway: it becomes a
plain link to the image instead.
"""

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

FOREIGN_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def is_foreign(src):
    """An address with a scheme (https:, data: …) or a host (//…) is not this site's."""
    return bool(FOREIGN_RE.match(src.strip()))


class ForeignImagesAsLinks(Treeprocessor):
    def run(self, root):
        for parent in list(root.iter()):
            for position, child in enumerate(list(parent)):
                if child.tag == "img" and is_foreign(child.get("src", "")):
                    link = etree.Element("a", {"href": child.get("src", "")})
                    link.text = child.get("alt") or child.get("src", "")
                    link.tail = child.tail
                    parent.remove(child)
                    parent.insert(position, link)


class ForeignImagesExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(ForeignImagesAsLinks(md), "foreign_images", 1)


def render(text):
    html = markdown.markdown(
        text or "", extensions=["extra", "sane_lists", ForeignImagesExtension()]
    )
    return nh3.clean(html)
