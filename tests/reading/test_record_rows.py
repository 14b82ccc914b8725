"""What a record page prints for each row of its lists: the places stating a
link (video moments and report places alike, named and addressed as the
citation names and addresses itself), and a case's participants (what a
source leaves out said as such, names escaped)."""

import pytest

from cases.models import Participation
from collabkb.models import Source
from tests import factories as f

pytestmark = pytest.mark.django_db


def stated_by(practice, challenge, *citations):
    link = practice.addresses_links.get(challenge=challenge)
    link.basis = "stated"
    link.save()
    link.citations.set(citations)


def test_a_stated_link_names_its_moment_and_its_place_as_the_citations_do(client):
    video = f.make_source(kind=Source.Kind.VIDEO, video_id="abc123def45", short_name="Webinar")
    moment = f.make_citation(source=video, timestamp_label="1:02:03", second=3723)
    row = f.make_citation(locator="Table 3, row: Data & trust")
    challenge = f.make_challenge(title="Low trust", citations=[moment, row])
    practice = f.make_practice(title="Meet early", citations=[moment], addresses=[challenge])
    stated_by(practice, challenge, moment, row)
    text = client.get(practice.get_absolute_url()).text
    assert f'<a href="{moment.get_absolute_url()}">1:02:03 · Webinar</a>' in text
    assert moment.get_absolute_url() == f"/sources/{video.slug}/t/3723/"
    label = str(row).replace("&", "&amp;")
    assert f'; <a href="{row.get_absolute_url()}">{label}</a>' in text
    assert row.get_absolute_url().endswith("#table-3-row-data-trust")


def test_a_participant_without_sector_country_or_role_says_so(client):
    named = f.make_organisation(title="Smith & <Jones>", sector="", country="")
    full = f.make_organisation(title="Essex", sector="public", country="United Kingdom")
    case = f.make_case(title="Catalyst", organisations=[named, full], citations=[f.make_citation()])
    Participation.objects.filter(organisation=full).update(role="Lead partner")
    text = client.get(case.get_absolute_url()).text
    assert (
        f'<tr><td><a href="{named.get_absolute_url()}">Smith &amp; &lt;Jones&gt;</a></td>'
        '<td data-label="Sector">not stated</td><td data-label="Country">—</td>'
        '<td data-label="Role">—</td></tr>'
    ) in text
    assert (
        f'<tr><td><a href="{full.get_absolute_url()}">Essex</a></td>'
        '<td data-label="Sector">Public sector</td><td data-label="Country">United Kingdom</td>'
        '<td data-label="Role">Lead partner</td></tr>'
    ) in text
