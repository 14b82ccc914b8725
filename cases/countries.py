"""The countries an organisation or a place may be in: ISO 3166-1, by the
English short names pycountry gives (its common name where it has one:
"Bolivia", not "Bolivia, Plurinational State of"; "United States").

The name is what is stored, as the pages, the country filter and the world
map read it. An international body (the OECD, UNESCO) has no country: its
country is left blank, so it is neither counted among a case's countries
nor drawn on the map.
"""

from functools import cache

import pycountry

from collabkb.text.sorting import sort_key

NONE = "No country: an international body, or the source does not say"


@cache
def names():
    """Every country's English short name, in alphabetical order."""
    found = (getattr(country, "common_name", country.name) for country in pycountry.countries)
    return tuple(sorted(found, key=sort_key))


@cache
def _by_folded_name():
    return {name.casefold(): name for name in names()}


def choices():
    """A place's country: one of the list."""
    return [(name, name) for name in names()]


def choices_or_none():
    """An organisation's country: one of the list, or none (an international body)."""
    return [("", NONE), *choices()]


def known(name):
    """The list's spelling of ``name`` ("latvia" → "Latvia"), or None."""
    return _by_folded_name().get(" ".join(str(name).split()).casefold())
