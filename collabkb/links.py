"""Record addresses, reversed once: a page links to dozens of records.

``reverse`` walks the URL resolver each time; a record page
calls it for every linked record, tag and citation. The answers depend only
on the name, the arguments, the script prefix and the URLconf, all part of
the cache key; the cache is emptied when tests change ROOT_URLCONF.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse


def reverse(viewname, args=()):
    return _reverse(viewname, tuple(args), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=20_000)
def _reverse(viewname, args, prefix, urlconf):
    return django_reverse(viewname, args=args, urlconf=urlconf)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
        _around_slug.cache_clear()


_SLUG = "slug-of-the-record"  # stands for a slug while an address is reversed


def address_of(model):
    """A function giving the address of ``model``'s record of a slug, for a
    list of many: ``get_absolute_url`` reversed once, each slug put in its
    place (no model instance or resolver walk per record)."""
    before, after = _around_slug(model, get_script_prefix(), get_urlconf())
    return lambda slug: f"{before}{slug}{after}"


@lru_cache(maxsize=100)
def _around_slug(model, prefix, urlconf):
    return tuple(model(slug=_SLUG).get_absolute_url().split(_SLUG, 1))
