"""Hypothesis strategies for the fuzz campaign: hostile inputs shaped like what each parser reads.

Pure random text rarely gets past a parser's first check, so each strategy builds its input
from the parser's own grammar (a title line and a byline, tag soup, JSON records, feed entries,
date phrases, link parameters) and fills every slot with a mix of plausible values, edge values
(year 0 and 99999, day 31 of February, surrogates, NUL, char refs to no character) and noise.
"""

from __future__ import annotations

import json
from datetime import date

from hypothesis import strategies as st

from articles.model import EARLIEST_DATE, LATEST_DATE
from dashboard.urlstate import KEYS


def words(text: str) -> list[str]:
    """The words of ``text``: a word list reads best as words."""
    return text.split()


# Any code point, lone surrogates and controls included (hypothesis leaves surrogates out).
ANY_CHAR = st.characters(codec=None, categories=None)
NOISE = st.text(ANY_CHAR, max_size=20)
SPECIALS = st.sampled_from(
    ["\x00", "\ud800", "\udfff", "\ufeff", "\u202e", "\r", "\r\n", "\t", "\x0b", "\x85", "\u2028"]
)
WORDS = st.sampled_from(
    words(
        "the a in on at of by and killed wounded bomb attack Aleppo Mosul Raqqa Kabul Syria "
        "Iraq said reported police army protest strike March May June Monday Tuesday Sunday "
        "last next week month year ago days weeks since early late this that day earlier "
        "yesterday today tomorrow 's — – \" ' ( ) , . ; : ! ? # @ & < > Title By To contact "
        "visit"
    )
)
MONTHS = st.sampled_from(
    words(
        "January February March April May June July August September October November December "
        "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec jan. febr sept."
    )
)
WEEKDAYS = st.sampled_from(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Fri"]
)
NUMBER = st.one_of(
    st.integers(0, 40),
    st.integers(0, 10_000),
    st.sampled_from([-1, 0, 29, 30, 31, 32, 99, 100, 1677, 1678, 1900, 2262, 2263, 9999, 10**6]),
    st.integers(-(10**20), 10**20),
).map(str)
WORD = st.one_of(WORDS, WORDS, MONTHS, WEEKDAYS, NUMBER, SPECIALS, NOISE)
LINE = st.lists(WORD, max_size=14).map(" ".join)


@st.composite
def date_texts(draw) -> str:
    """A date as an article might write it, or nearly: real, impossible and out-of-range."""
    day = draw(st.dates(date(1, 1, 1), date(9999, 12, 31)))
    fmt = draw(
        st.sampled_from(
            [
                "%B %d, %Y",
                "%d %B %Y",
                "%Y-%m-%d",
                "%b. %d, %Y",
                "%A, %B %d, %Y",
                "%d/%m/%Y",
                "%a, %d %b %Y %H:%M:%S +0000",
                "%Y-%m-%dT%H:%M:%SZ",
                "%B %Y",
                "%Y",
            ]
        )
    )
    real = day.strftime(fmt)
    made_up = " ".join(draw(st.permutations([draw(MONTHS), draw(NUMBER), draw(NUMBER)])))
    clock = draw(st.sampled_from(["", "T25:61:61", "T00:00:00+99:00", "Z", " "]))
    iso_ish = f"{draw(NUMBER)}-{draw(NUMBER)}-{draw(NUMBER)}{clock}"
    return draw(st.sampled_from([real, made_up, iso_ish, draw(NOISE)]))


DATE_TEXT = date_texts()
PUBLISHED = st.one_of(st.none(), st.dates(EARLIEST_DATE, LATEST_DATE))


@st.composite
def sentences(draw) -> str:
    """A sentence with date phrases among words and noise."""
    parts = draw(
        st.lists(
            st.one_of(
                WORD,
                DATE_TEXT,
                st.builds(
                    lambda n, u: f"{n} {u} ago",
                    NUMBER,
                    st.sampled_from(["days", "weeks", "months", "years", "day"]),
                ),
                st.builds(
                    lambda r, u: f"{r} {u}",
                    st.sampled_from(["last", "next", "this", "early", "late", "mid-"]),
                    st.sampled_from(["week", "month", "year", "Monday", "March", "spring"]),
                ),
                st.builds(
                    lambda p, y: f"{p} {y}",
                    st.sampled_from(["in", "since", "by", "from", "until"]),
                    NUMBER,
                ),
                st.builds(lambda w: f"on {w}", WEEKDAYS),
            ),
            max_size=16,
        )
    )
    return " ".join(parts)


SENTENCE = sentences()


@st.composite
def plain_articles(draw) -> str:
    """A plain-text article: title line, byline (``By NAME DATE``), body, boilerplate tail."""
    title = draw(st.one_of(LINE, st.builds(lambda t: "# " + t, LINE), st.just("")))
    byline = draw(
        st.one_of(
            st.builds(lambda n, d: f"By {n} {d}", LINE, DATE_TEXT),
            st.builds(lambda n, d: f"By {n}\n{d}", LINE, DATE_TEXT),
            DATE_TEXT,
            LINE,
            st.just(""),
        )
    )
    body = draw(st.lists(st.one_of(LINE, SENTENCE), max_size=8))
    tail = draw(
        st.lists(
            st.sampled_from(["To contact the WSWS visit", "Share this:", "Advertisement", ""]),
            max_size=3,
        )
    )
    blank = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]))
    return blank.join([title, byline, *body, *tail])


TAGS = st.sampled_from(
    words(
        "p div article main title head body html script style a br h1 span meta time author "
        "section header footer nav table td iframe svg math template noscript"
    )
)
ENTITIES = st.sampled_from(
    [
        "&amp;",
        "&lt;",
        "&#0;",
        "&#x0;",
        "&#xD800;",
        "&#99999999999;",
        "&#xFFFFFFF;",
        "&nbsp;",
        "&bogus;",
        "&",
        "&#",
        "&#x;",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<?xml?>",
        "<!DOCTYPE html>",
    ]
)
ATTRS = st.lists(
    st.builds(
        lambda k, v: f' {k}="{v}"',
        st.sampled_from(
            [
                "href",
                "src",
                "content",
                "name",
                "property",
                "datetime",
                "class",
                "lang",
                "onerror",
                "charset",
            ]
        ),
        st.one_of(
            NOISE,
            DATE_TEXT,
            st.sampled_from(
                [
                    "javascript:alert(1)",
                    "http://example.org/a",
                    "article:published_time",
                    "author",
                    "utf-8",
                    "x-bogus",
                ]
            ),
        ),
    ),
    max_size=3,
).map("".join)
TEXTISH = st.one_of(LINE, SENTENCE, ENTITIES, SPECIALS)


def _render(parts: tuple[str, str, list[str], bool]) -> str:
    tag, attrs, kids, close = parts
    return f"<{tag}{attrs}>{''.join(kids)}" + (f"</{tag}>" if close else "")


def _element(children):
    return st.tuples(TAGS, ATTRS, st.lists(children, max_size=4), st.booleans()).map(_render)


HTML_NODE = st.recursive(TEXTISH, _element, max_leaves=25)


@st.composite
def html_pages(draw) -> str:
    """Tag soup: a page skeleton (or none) around nested elements, text, entities and junk."""
    inner = "".join(draw(st.lists(HTML_NODE, max_size=8)))
    shell = draw(
        st.sampled_from(
            [
                "{}",
                "<html><head><title>{t}</title></head><body>{}</body></html>",
                "<!doctype html><article>{}</article>",
                "<?xml version='1.0'?><html>{}",
            ]
        )
    )
    page = shell.replace("{t}", draw(LINE)).replace("{}", inner)
    cut = draw(st.one_of(st.none(), st.integers(0, len(page))))
    return page if cut is None else page[:cut]


JSON_SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(ANY_CHAR, max_size=30)
)
JSON_VALUE = st.recursive(
    JSON_SCALAR,
    lambda kids: st.one_of(
        st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=8), kids, max_size=3)
    ),
    max_leaves=8,
)
URLISH = st.builds(
    lambda scheme, host, path: f"{scheme}{host}{path}",
    st.sampled_from(
        [
            "http://",
            "https://",
            "HTTP://",
            "javascript:",
            "ftp://",
            "//",
            "data:",
            "",
            " http://",
            "http:",
        ]
    ),
    st.one_of(
        st.sampled_from(["example.org", "[::1]", "127.0.0.1", "ex ample.org", "xn--", "a" * 300]),
        NOISE,
    ),
    st.one_of(st.just(""), st.builds(lambda p: "/" + p, NOISE)),
)
RECORD = st.fixed_dictionaries(  # any JSON in any field: the reader must refuse it in words
    {},
    optional={
        "id": st.one_of(NOISE, JSON_VALUE),
        "url": st.one_of(URLISH, JSON_VALUE),
        "title": st.one_of(LINE, JSON_VALUE),
        "published": st.one_of(DATE_TEXT, JSON_VALUE),
        "text": st.one_of(SENTENCE, LINE, JSON_VALUE),
        "byline": st.one_of(LINE, JSON_VALUE),
        "credit": st.one_of(LINE, JSON_VALUE),
        "extra": JSON_VALUE,
    },
)
STRING_RECORD = st.fixed_dictionaries(  # well-typed, hostile values: these reach an article
    {"text": st.one_of(SENTENCE, LINE, NOISE)},
    optional={
        "id": NOISE,
        "url": URLISH,
        "title": LINE,
        "published": DATE_TEXT,
        "byline": LINE,
        "credit": LINE,
        "source": NOISE,
    },
)


@st.composite
def jsonl_files(draw) -> str:
    """JSON Lines (or one JSON array): records with right and wrong types, broken lines."""
    ascii_only = draw(st.booleans())  # True: surrogates travel as \\ud800 escapes

    def dump(value) -> str:
        try:
            return json.dumps(value, ensure_ascii=ascii_only)
        except ValueError:
            return "{}"

    lines = draw(
        st.lists(
            st.one_of(
                RECORD.map(dump),
                STRING_RECORD.map(dump),
                STRING_RECORD.map(dump),
                JSON_VALUE.map(dump),
                LINE,
                st.just(""),
                RECORD.map(dump).map(lambda s: s[: len(s) // 2]),
            ),
            max_size=6,
        )
    )
    if draw(st.booleans()):
        return draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    return "[" + ",".join(lines) + "]"


def _xml_text(draw) -> str:
    return "".join(
        draw(
            st.lists(
                st.one_of(
                    LINE, ENTITIES, SPECIALS, st.just("</item>"), st.just("<![CDATA[<p>x</p>]]>")
                ),
                max_size=5,
            )
        )
    )


CONTENT_TYPES = st.sampled_from(["html", "text", "xhtml", "bogus", ""])
ATOM = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
RSS = '<?xml version="1.0"?><rss version="2.0"><channel>'


@st.composite
def feeds(draw) -> str:
    """An RSS 2.0 or Atom document whose entries' fields are hostile, maybe cut short."""
    atom = draw(st.booleans())
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        title, text, link, when = _xml_text(draw), _xml_text(draw), draw(URLISH), draw(DATE_TEXT)
        extra = draw(st.one_of(st.just(""), HTML_NODE))
        if atom:
            entries.append(
                f'<entry><title>{title}</title><link href="{link}"/><id>{draw(NOISE)}</id>'
                f'<updated>{when}</updated><content type="{draw(CONTENT_TYPES)}">'
                f"{text}</content>{extra}</entry>"
            )
        else:
            entries.append(
                f"<item><title>{title}</title><link>{link}</link><description>{text}</description>"
                f"<pubDate>{when}</pubDate><author>{draw(LINE)}</author>{extra}</item>"
            )
    title, body = _xml_text(draw), "".join(entries)
    if atom:
        doc = f"{ATOM}<title>{title}</title>{body}</feed>"
    else:
        doc = f"{RSS}<title>{title}</title>{body}</channel></rss>"
    cut = draw(st.one_of(st.none(), st.none(), st.integers(0, len(doc))))
    return doc if cut is None else doc[:cut]


@st.composite
def one_date_feeds(draw) -> str:
    """A one-entry RSS feed whose pubDate (or Atom updated) is the fuzzed date text."""
    when = draw(st.one_of(DATE_TEXT, NOISE))
    if draw(st.booleans()):
        return (
            f"{ATOM}<entry><title>A</title><updated>{when}</updated><published>{when}</published>"
            "<content>Bomb in Kabul.</content></entry></feed>"
        )
    return (
        f"{RSS}<item><title>A</title><description>Bomb in Kabul.</description>"
        f"<pubDate>{when}</pubDate></item></channel></rss>"
    )


FILE_BYTES = st.one_of(
    st.binary(max_size=300),
    plain_articles().map(lambda s: s.encode("utf-8", "surrogatepass")),
    html_pages().map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.builds(
        lambda text, codec: text.encode(codec, "ignore"),
        plain_articles(),
        st.sampled_from(["utf-16", "utf-16-be", "latin-1", "cp1252", "utf-8-sig", "shift_jis"]),
    ),
    jsonl_files().map(lambda s: s.encode("utf-8", "surrogatepass")),
    feeds().map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.builds(  # a few stray bytes in otherwise good UTF-8
        lambda junk, text, at: text[:at] + junk + text[at:],
        st.binary(min_size=1, max_size=4),
        plain_articles().map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.integers(0, 400),
    ),
)
SUFFIXES = st.sampled_from(
    [".txt", ".html", ".htm", ".jsonl", ".json", ".xml", ".rss", ".atom", ".md", ""]
)

LINK_VALUE = st.one_of(
    NOISE,
    NUMBER,
    DATE_TEXT,
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        words(
            "nan inf -inf 1e309 -0 0x10 1_000 ٣ ² 36.2,37.1 nan,nan 1,2,3 , SY,IQ sy none NONE "
            "markers,heat dark 1 0 yes event,mention town,admin"
        )
    ),
    st.builds(lambda a, b: f"{a},{b}", NUMBER, NUMBER),
    st.text(max_size=5000),
)
LINK_PARAMS = st.dictionaries(  # the link's own keys, and others
    st.one_of(st.sampled_from(KEYS), NOISE),
    st.one_of(LINK_VALUE, st.lists(LINK_VALUE, max_size=3)),
    max_size=10,
)
