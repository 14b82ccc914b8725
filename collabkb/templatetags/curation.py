"""The admin home's lists of what waits for the signed-in person."""

from django import template

from collabkb.curation import waiting

register = template.Library()


@register.simple_tag
def waiting_for(user):
    return waiting.for_person(user)
