"""Reading what a person typed into the search box."""

import re
from dataclasses import dataclass, field

MAX_INPUT = 500
MAX_TERMS = 12
MAX_TERM_LENGTH = 40
WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
TOKEN_RE = re.compile(r'"([^"]*)"|(\S+)')
# Common words that match almost everything (close to PostgreSQL's English
# stop words, so that both databases read a query alike). Inside a "phrase"
# they are kept.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because
    been before being below between both but by can could did do does doing down
    during each few for from further had has have having he her here hers him his
    how i if in into is it its itself just me more most my no nor not now of off on
    once only or other our ours out over own same she should so some such than that
    the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with
    would you your yours""".split()
)


@dataclass
class Query:
    text: str
    terms: list = field(default_factory=list)  # single words
    phrases: list = field(default_factory=list)  # lists of words, in order
    cut: bool = False  # the text had more words or characters than are searched

    @property
    def is_empty(self):
        return not self.terms and not self.phrases

    @property
    def words(self):
        return self.terms + [word for phrase in self.phrases for word in phrase]


def words_of(text):
    return [w.lower()[:MAX_TERM_LENGTH] for w in WORD_RE.findall(text)]


def parse(text):
    """Split into terms and "quoted phrases"; drop everything that is not a word.

    Operators, quotes out of place, SQL and emoji are not words, so they never
    reach the database as syntax.
    """
    whole = str(text or "").replace("\x00", "")
    text = whole[:MAX_INPUT]
    query = Query(text=text.strip(), cut=len(whole) > MAX_INPUT)
    tokens = TOKEN_RE.findall(text)
    for index, (phrase, term) in enumerate(tokens):
        if phrase:
            words = words_of(phrase)
            if len(words) > 1:
                query.phrases.append(words)
            else:
                query.terms.extend(words)
        else:
            query.terms.extend(words_of(term))
        if len(query.words) >= MAX_TERMS:
            query.cut = query.cut or any(words_of(p or t) for p, t in tokens[index + 1 :])
            break
    seen = set()
    terms = [t for t in query.terms if not (t in seen or seen.add(t))]
    meaningful = [t for t in terms if t not in STOP_WORDS]
    query.terms = (meaningful if meaningful or query.phrases else terms)[:MAX_TERMS]
    return query
