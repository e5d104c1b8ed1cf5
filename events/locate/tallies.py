"""An outbreak counted place by place: every place of the tally is the outbreak's.

"California has confirmed at least thirteen cases, three in Texas, two in Kansas, and one case
in Ohio" tells cases in four places; the syntax attaches the event to one of them. When two or
more known places of the sentence each follow a count and "in" ("three in Texas", "two cases
in Kansas"), they are a tally by place, and the event is at each (one event per place, as for
"attacks on Raqqa and Mosul"). Only for disasters: a toll of violence told place by place
("six in Deraa, six in Hama") is one event's figure, summed by events/measure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from events.detect.parsing import doc_text
from events.locate.attach import Attachment, make_attachment
from events.locate.phrases import climb

# A count, at most two words (a noun and its modifier), then "in" right before the name.
_COUNT_IN = re.compile(
    r"(?i)\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens|hundreds|several|many)\s+(?:[a-z-]+\s+){0,2}?in\s+(?:the\s+)?$"
)
_LOOK_BACK = 40  # characters before the name
MIN_PLACES = 2


def tally_members(text: str, starts: Sequence[int]) -> list[int]:
    """The indexes of the names (starting at ``starts`` in ``text``) that form a tally by place,
    or [] when fewer than :data:`MIN_PLACES` of them follow a count and "in"."""
    found = [
        n for n, start in enumerate(starts)
        if _COUNT_IN.search(text[max(0, start - _LOOK_BACK) : start])
    ]  # fmt: skip
    return found if len(found) >= MIN_PLACES else []


def tallied_names(text: str, near: list[int], named: Sequence, offset: int) -> list[int]:
    """For a sentence read without a parse: the toponym indexes ``near`` with those of a tally
    by place added, in text order. ``named``: (toponym index, resolved toponym) pairs of the
    sentence; ``offset``: where the sentence starts in the article."""
    starts = [item.toponym.start - offset for _, item in named]
    tallied = [named[n][0] for n in tally_members(text, starts)]
    order = {index: item.toponym.start for index, item in named}
    return sorted(set(near) | set(tallied), key=lambda i: order.get(i, 0))


def tallied_places(
    doc, trigger_tokens: Sequence, candidates: Sequence, chosen: list[Attachment]
) -> list[Attachment]:
    """``chosen``, with every known place of a tally by place in the parsed sentence (see the
    module notes) added, in text order."""
    known = [c for c in candidates if c.known]
    tallied = [known[n] for n in tally_members(doc_text(doc), [c.start for c in known])]
    have = {a.candidate.start for a in chosen}
    added = list(chosen)
    for candidate in tallied:
        if candidate.start in have:
            continue
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        added.append(make_attachment(candidate, span, "disaster", climb(span.root), trigger_tokens))
    return sorted(added, key=lambda a: a.candidate.start)
