"""A video's moments say what is said there: in our words, from the records
citing them, and in the notes' words where a citation quotes them."""

import re

import pytest

from collabkb.models import Source
from collabkb.sources.parts import first_sentence
from tests import factories as f
from tests.content import VIDEO_SLUG

pytestmark = pytest.mark.django_db


@pytest.fixture
def video():
    return f.make_source(
        kind=Source.Kind.VIDEO, slug="webinar", title="The webinar", publisher="OPSI"
    )


def _main(text):
    return text[text.index("<main") : text.index("</main>")]


def test_a_moment_says_in_our_words_what_its_records_take_from_it(client, video):
    here = f.make_citation(video, timestamp_label="37:51:30", second=2271)
    elsewhere = f.make_citation(video, timestamp_label="40:48:00", second=2448)
    f.make_challenge(
        title="Procedural barriers",
        summary="Teams negotiate each project anew with lawyers. Support is thin.",
        citations=[here],
    )
    f.make_practice(title="Budget for success", summary="Budget a pilot.", citations=[elsewhere])
    f.make_practice(title="Hidden", summary="A draft's words.", citations=[here], status="draft")
    page = _main(client.get("/sources/webinar/t/2271/").text)
    assert "In our words: the records citing this moment" in page
    assert "Teams negotiate each project anew with lawyers. Support is thin." in page
    assert "Budget a pilot." not in page  # another moment's record
    assert "A draft&#x27;s words." not in page and "Hidden" not in page
    assert "In the notes' words" not in page  # no citation here quotes the notes


def test_a_moment_quotes_the_notes_with_their_attribution(client, video):
    quoted = f.make_citation(
        video, timestamp_label="37:51:30", second=2271, quotation="handmade in combat each time"
    )
    f.make_challenge(title="Procedural barriers", citations=[quoted])
    page = _main(client.get("/sources/webinar/t/2271/").text)
    notes = page[page.index("In the notes' words") :]
    assert "<blockquote><p>handmade in combat each time</p></blockquote>" in notes
    assert (
        "Quoted from the notes taken on the recording of <cite>The webinar</cite> (OPSI), "
        "at 37:51." in notes
    )
    # Our words come before, apart from the notes'.
    assert page.index("In our words") < page.index("In the notes' words")
    assert "handmade" not in page[: page.index("In the notes' words")]


def test_the_timeline_gives_each_moment_a_line_in_our_words(client, video):
    first = f.make_citation(video, timestamp_label="1:00", second=60)
    second = f.make_citation(video, timestamp_label="2:00", second=120, quotation="a quoted bit")
    f.make_practice(
        title="Budget for success",
        slug="budget-for-success",
        summary="Budget a pilot as if it will succeed. Then scaling has its money.",
        citations=[first],
    )
    f.make_challenge(title="Scaling", summary="Pilots stall.", citations=[second])
    f.make_challenge(title="Draft", summary="Unpublished words.", citations=[first], status="draft")
    text = client.get("/sources/webinar/").text
    moments = re.findall(r'<li id="t-(\d+)">(.*?)</li>\s*(?=<li id="t-|</ol>)', text, re.S)
    lines = {
        int(second): re.findall(r'<p class="moment-said">(.*?)</p>', body, re.S)
        for second, body in moments
    }
    assert list(lines) == [60, 120]
    [said] = lines[60]
    assert said.startswith('<span class="words-ours">In our words:</span> Budget a pilot as if')
    assert "Then scaling" not in said  # its first sentence only
    assert (
        'from the practice <a href="/practices/budget-for-success/">Budget for success</a>' in said
    )
    [said] = lines[120]
    assert "Pilots stall." in said
    assert "Unpublished words." not in text
    body = dict(moments)["120"]
    assert body.index("In the notes' words:") < body.index("a quoted bit")
    assert "In the notes' words" not in dict(moments)["60"]


def test_a_line_in_our_words_is_the_first_sentence_cut_at_a_word():
    assert first_sentence("One thing. Another thing.") == "One thing."
    assert first_sentence("About 3.5 units. Then more.") == "About 3.5 units."
    long = "word " * 100
    cut = first_sentence(long, length=40)
    assert cut.endswith("word…") and len(cut) <= 40


@pytest.mark.usefixtures("shipped_content")
def test_the_shipped_webinar_says_where_budgets_should_assume_success(client):
    page = _main(client.get(f"/sources/{VIDEO_SLUG}/t/2448/").text)
    assert "Strategic budgeting" in page
    assert "Budget a pilot as if it will succeed" in page
    timeline = client.get(f"/sources/{VIDEO_SLUG}/").text
    moment = timeline[timeline.index('<li id="t-2448">') :]
    moment = moment[: moment.index("</li>\n  \n")]
    assert "In our words:</span> Budget a pilot as if it will succeed" in moment
    # A moment has its line where a record citing it is supported by it.
    assert 0 < timeline.count('<p class="moment-said">') <= timeline.count('<li id="t-')


def test_the_timeline_takes_its_line_only_from_a_record_the_moment_supports(client, video):
    moment = f.make_citation(video, timestamp_label="1:00", second=60)
    doubting = f.make_challenge(title="Aaa doubted", summary="The opposite of what is said.")
    f.attach(doubting, moment, "argues-otherwise")
    text = client.get("/sources/webinar/").text
    assert "The opposite of what is said." not in text
    assert '<p class="moment-said">' not in text
    supported = f.make_practice(title="Zzz supported", summary="What is said there.")
    f.attach(supported, moment, "supports")
    text = client.get("/sources/webinar/").text
    assert "In our words:</span> What is said there." in text
    assert "The opposite of what is said." not in text
