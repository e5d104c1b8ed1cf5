"""Article + resolved places -> Events: what happened, where exactly, when, to whom.

1. Split the article into sentences (events/detect/sentences.py) and find trigger words in
   each (events/detect/triggers.py). Only sentences with a trigger and a place are parsed
   (events/detect/parsing.py; which and why: events/detect/parse_gate.py), and not those
   telling only of a disaster (events/locate/shallow.py places them): that keeps the event
   stage within its speed budget.
2. Group a sentence's triggers into events (events/detect/grouping.py), name each event's kind
   (events/classify/kinds.py), tell planned from occurred (events/detect/status.py), find where
   it happened among the sentence's place names (events/locate/attach.py), its date
   (events/measure/dating.py), its casualty figures (events/measure/casualties.py, given to
   their events by events/measure/sentence_casualties.py) and actors (events/measure/actors.py).
3. Merge later tellings of the same event into the first (events/assemble/merge.py), then
   write (events/assemble/records.py) one Event per event and place ("attacks on Raqqa and
   Mosul": two), one Event without a place for events whose sentence names none, and one
   "mention" Event for every other place name.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from articles.model import Article
from events.assemble.merge import fold_generic_tellings, merge_drafts
from events.assemble.records import AdminLookup, events_of, mentions
from events.classify import kinds
from events.classify.article_kinds import with_article_kinds
from events.classify.captives import captive_kind
from events.classify.judge import judge_drafts
from events.detect.grouping import group_shallow, group_triggers
from events.detect.modality import event_modality
from events.detect.parse_gate import worth_parsing
from events.detect.parsing import parse_sentences
from events.detect.sentences import sentence_spans
from events.detect.status import status_of
from events.detect.trigger_senses import names_a_disease
from events.detect.triggers import SUPPORT, find_triggers
from events.drafts import Draft, Place
from events.locate.article_place import CONTINUES_WITHIN, with_article_places
from events.locate.attach import Attachment, attach, disaster_places
from events.locate.attach_features import remember_triggers
from events.locate.phrases import UNKNOWN_RANK, Candidate, known_within, syntactic_candidates
from events.locate.shallow import nearest_places
from events.locate.tallies import tallied_names, tallied_places
from events.measure.actors import actors_of
from events.measure.dating import choose_phrase, find_date_phrases, is_future, resolve_date
from events.measure.sentence_casualties import add_lone_victims, assign_figures, people_counted
from events.model import (
    DATE_UNKNOWN,
    ROLE_EVENT,
    STATUS_OCCURRED,
    STATUS_PLANNED,
    Event,
)
from geodata.model import ResolvedToponym

BATCH_ARTICLES = 32
# Chooses an event's places: (parsed sentence, trigger tokens, hints, candidates) -> attachments.
Locate = Callable[[object, Sequence, Collection[str], Sequence[Candidate]], list[Attachment]]
# Weighs an article's drafts: (drafts, article text) -> the drafts kept, with confidence and kind.
Judge = Callable[[list[Draft], str], list[Draft]]
_RANKS = {"town": 0.0, "admin": 1.0, "country": 2.0, "region": 3.0}
_UNKNOWN_RANK = UNKNOWN_RANK
_DEFINITE = frozenset({"the", "this", "these", "those", "that", "such"})
_DEFINITE_BEFORE = re.compile(r"(?i)\b(?:the|this|these|those|such)\s+(?:\S+\s+){0,2}$")


def extract_events(
    article: Article,
    resolved: Sequence[ResolvedToponym],
    parser=None,
    admin_lookup: AdminLookup | None = None,
) -> list[Event]:
    """The events and place mentions of one article, in text order.

    ``parser`` is the spaCy pipeline with a dependency parser (default: events.detect.parsing);
    ``admin_lookup`` (e.g. ``Gazetteer.admin1``) turns "the province of Aleppo" into the
    province when the toponym was resolved to its city. Raises ValueError, naming the article,
    when a toponym's offsets do not point at its name in the article text.
    """
    [events] = extract_many([(article, resolved)], parser, admin_lookup)
    return events


def extract_many(
    pairs: Iterable[tuple[Article, Sequence[ResolvedToponym]]],
    parser=None,
    admin_lookup: AdminLookup | None = None,
    batch: int = BATCH_ARTICLES,
    locate: Locate = attach,
    judge: Judge = judge_drafts,
) -> Iterator[list[Event]]:
    """Like :func:`extract_events` over many articles, in order, parsing the sentences of
    ``batch`` articles in one pass (a quarter faster than article by article).

    ``locate`` chooses each event's places (events/locate/attach.attach; the ranker's trainer passes
    one that records what it is shown); ``judge`` weighs the drafts (events/classify; the
    judge's trainer passes one that records them). The first article that fails raises its
    error (after the articles before it are yielded).
    """
    for outcome in extract_each(pairs, parser, admin_lookup, batch, locate, judge):
        if isinstance(outcome, Exception):
            raise outcome
        yield outcome


def extract_each(
    pairs: Iterable[tuple[Article, Sequence[ResolvedToponym]]],
    parser=None,
    admin_lookup: AdminLookup | None = None,
    batch: int = BATCH_ARTICLES,
    locate: Locate = attach,
    judge: Judge = judge_drafts,
) -> Iterator[list[Event] | Exception]:
    """Like :func:`extract_many`, but an article that fails gives its exception, in its place,
    and the others go on (for ingest, where one broken article never stops a batch)."""
    tools = _Tools(parser, admin_lookup, locate, judge)
    chunk: list[_Prepared | Exception] = []
    for article, resolved in pairs:
        try:
            chunk.append(_prepare(article, resolved))
        except Exception as error:  # noqa: BLE001 - reported in the article's place
            chunk.append(error)
        if len(chunk) >= batch:
            yield from _finish_all(chunk, tools)
            chunk = []
    yield from _finish_all(chunk, tools)


@dataclass(frozen=True)
class _Tools:
    """What finishing an article needs besides the article: the parser (None: the default),
    the province lookup, the place chooser and the judge."""

    parser: object
    admin_lookup: AdminLookup | None
    locate: Locate
    judge: Judge


@dataclass(frozen=True)
class _Triggered:
    """A sentence with event words: its number, its span in the article, its triggers and the
    indexes of the article's toponyms inside it."""

    number: int
    start: int
    end: int
    triggers: list
    inside: list[int]


@dataclass(frozen=True)
class _Prepared:
    """An article split into sentences, with the triggered ones and those worth parsing."""

    article: Article
    toponyms: list[ResolvedToponym]
    spans: list[tuple[int, int]]
    triggered: list[_Triggered]
    worth: list[int]  # sentence numbers to parse
    disease_story: bool = False  # its triggers were found as a disease story's


def _prepare(article: Article, resolved: Sequence[ResolvedToponym]) -> _Prepared:
    text = article.text
    toponyms = _unique(resolved, article)
    spans = sentence_spans(text)
    disease_story = _about_a_disease(article, text, spans)
    triggered = []
    for number, (s_start, s_end) in enumerate(spans):
        triggers = find_triggers(text[s_start:s_end], disease_story)
        if any(t.kind != SUPPORT for t in triggers):
            inside = [i for i, r in enumerate(toponyms) if s_start <= r.toponym.start < s_end]
            triggered.append(_Triggered(number, s_start, s_end, triggers, inside))
    # Only some sentences are parsed (the speed budget): events/detect/parse_gate.py.
    worth = [
        item.number
        for item in triggered
        if worth_parsing(text[item.start : item.end], item.inside, item.triggers)
    ]
    return _Prepared(article, toponyms, spans, triggered, worth, disease_story)


def _finish_all(chunk: list, tools: _Tools) -> Iterator[list[Event] | Exception]:
    """Parse the worthy sentences of the whole chunk in one pass, then finish each article
    (lazily: each article is finished just before it is yielded)."""
    ready = [p for p in chunk if isinstance(p, _Prepared)]
    texts = [
        p.article.text[t.start : t.end] for p in ready for t in p.triggered if t.number in p.worth
    ]
    try:
        docs = iter(list(parse_sentences(texts, tools.parser)))
    except Exception as error:  # noqa: BLE001 - a text the parser rejects: find its article
        if len(chunk) == 1:
            yield error
        else:
            for prepared in chunk:
                yield from _finish_all([prepared], tools)
        return
    for prepared in chunk:
        if not isinstance(prepared, _Prepared):
            yield prepared
            continue
        parsed = {number: next(docs) for number in prepared.worth}
        if not prepared.disease_story:  # the triggers the place ranker reads: found already
            for item in prepared.triggered:
                if item.number in parsed:
                    remember_triggers(parsed[item.number], item.triggers)
        try:
            events = _finish(prepared, parsed, tools)
        except Exception as error:  # noqa: BLE001 - reported in the article's place
            events = error
        yield events


def _finish(prepared: _Prepared, docs: dict, tools: _Tools) -> list[Event]:
    article, toponyms, text = prepared.article, prepared.toponyms, prepared.article.text
    drafts: list[Draft] = []
    for item in prepared.triggered:
        drafts += _sentence_drafts(item, docs.get(item.number), article, toponyms, tools.locate)
    events = []
    used: set[int] = set()
    drafts = fold_generic_tellings(drafts)
    merged = merge_drafts(
        _with_place_certainty(tools.judge(with_article_kinds(drafts, CONTINUES_WITHIN), text)),
        text,
    )
    for draft in with_article_places(merged, toponyms, text, article.title):
        events += events_of(draft, article, toponyms, tools.admin_lookup)
        used.update(p.ref for p in draft.places if p.ref is not None)
        used.update(p.within for p in draft.places if p.within is not None)
    events += mentions(article, toponyms, used, prepared.spans)
    return sorted(events, key=lambda e: (e.start, e.role != ROLE_EVENT, e.id))


def _unique(resolved: Sequence[ResolvedToponym], article: Article) -> list[ResolvedToponym]:
    found, seen = [], set()
    for item in sorted(resolved, key=lambda r: (r.toponym.start, r.toponym.end)):
        key = (item.toponym.start, item.toponym.end)
        if key in seen:
            continue
        _check_offsets(article, *key, item.toponym.name)
        seen.add(key)
        found.append(item)
    return found


def _sentence_drafts(
    item: _Triggered, doc, article: Article, toponyms: list[ResolvedToponym], locate: Locate
) -> list[Draft]:
    """The events one sentence tells (before merging across sentences).

    ``doc`` is the sentence's parse, or None for a sentence not worth parsing (no place
    named, or only disaster words): then triggers are grouped by kind alone, the status is
    read from the words (events/measure/dating.is_future), the event has no actors, and a disaster
    takes the nearest place of its stretch of the sentence (events/locate/shallow.py).
    """
    sentence, number, s_start = article.text[item.start : item.end], item.number, item.start
    triggers, inside = item.triggers, item.inside
    if doc is None:
        heads = [None] * len(triggers)
        groups = group_shallow(triggers)
        candidates: list[Candidate] = []
    else:
        heads = [_token(doc, t.start, t.end) for t in triggers]
        keep = [i for i, h in enumerate(heads) if h is not None]
        triggers, heads = [triggers[i] for i in keep], [heads[i] for i in keep]
        groups = group_triggers(triggers, heads)
        candidates = _candidates(doc, sentence, s_start, toponyms, inside)
    figures = assign_figures(people_counted(sentence), groups, triggers, sentence)
    phrases = find_date_phrases(sentence, article.published)
    excluded = {t.i for c in candidates for t in _tokens(doc, c.start, c.end)}
    if doc is not None:
        add_lone_victims(figures, groups, heads, excluded)
    drafts = []
    for n, group in enumerate(groups):
        tokens = [heads[i] for i in group.members]
        hints = {triggers[i].kind for i in group.members}
        head = triggers[group.head]
        if event_modality(sentence, head, [triggers[i] for i in group.members]) is not None:
            continue  # "no cases were found", "could kill two million": no event
        kind = kinds.classify(hints, sentence)
        if doc is not None and kind == kinds.ARMED_CLASH:
            kind = captive_kind(tokens, excluded) or kind  # people captured
        if doc is None:
            status = (
                STATUS_PLANNED if is_future(sentence, head.start, head.end) else STATUS_OCCURRED
            )
            places, actors, anaphoric = (), (), _DEFINITE_BEFORE.search(sentence[: head.start])
            if kind == kinds.DISASTER:
                named = [
                    (i, toponyms[i])
                    for i in inside
                    if not _outside(sentence, toponyms[i].toponym.start - s_start, toponyms[i])
                ]
                near = nearest_places(sentence, (head.start, head.end), named, s_start)
                if not figures.get(n):  # a toll told place by place is one event's figure
                    near = tallied_names(sentence, near, named, s_start)
                places = tuple(_known_place(toponyms, i) for i in near)
        else:
            status = status_of(tokens)
            chosen = locate(doc, tokens, hints, candidates)
            if not chosen and kind == kinds.DISASTER:
                chosen = disaster_places(doc, tokens, candidates)
            if kind == kinds.DISASTER and not figures.get(n):  # "three in Texas, two in Ohio"
                chosen = tallied_places(doc, tokens, candidates, chosen)
            places = tuple(_place(a, s_start, sentence, toponyms, doc, candidates) for a in chosen)
            actors = actors_of(tokens, excluded)
            anaphoric = any(_definite(t) for t in tokens)
        when, precision, loose = _date(sentence, phrases, head.start, status, article.published)
        drafts.append(
            Draft(
                sentence=number,
                sentence_start=s_start,
                sentence_end=s_start + len(sentence),
                trigger_start=s_start + head.start,
                trigger_end=s_start + head.end,
                trigger=head.text,
                kind=kind,
                generic=hints <= {kinds.VIOLENCE, kinds.CASUALTIES, SUPPORT},
                status=status,
                places=places,
                date=when,
                date_precision=precision,
                date_loose=loose,
                figures=tuple(figures.get(n, ())),
                actors=actors,
                anaphoric=bool(anaphoric),
                headline=_headline(number, sentence, article),
                hints=frozenset(hints),
            )
        )
    return drafts


_OUTSIDE = re.compile(r"(?i)\boutside\s+(?:of\s+)?(?:the\s+)?$")
# "excluding the deaths in Argentina", "except in Mexico", "apart from China": not there
_EXCEPT = re.compile(
    r"(?i)\b(?:excluding|except(?:\s+for)?|apart\s+from|aside\s+from|other\s+than|besides)"
    r"(?:\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:in|from|of))?\s+(?:the\s+)?$"
)


def _outside(sentence: str, start: int, item: ResolvedToponym) -> bool:
    """A place named as where something did not happen: a country after "outside" ("55
    deaths outside of China"; not a town: "outside Baghdad" is near it), any place after
    "excluding", "except" or "apart from" ("excluding the deaths in Argentina")."""
    before = sentence[max(0, start - 40) : start]
    if _EXCEPT.search(before):
        return True
    country = item.place is not None and item.place.precision == "country"
    return country and bool(_OUTSIDE.search(before[-20:]))


def _candidates(doc, sentence: str, s_start, toponyms, inside) -> list[Candidate]:
    """The sentence's place names: geoparsed toponyms (not demonyms), then proper nouns in
    place-like positions that the geoparser did not find (``sentence``: the doc's text)."""
    candidates = []
    for i in inside:
        item = toponyms[i]
        if item.toponym.demonym or _outside(sentence, item.toponym.start - s_start, item):
            continue
        known = item.place is not None
        rank = _RANKS.get(item.place.precision, 0.0) if known else _UNKNOWN_RANK
        candidates.append(
            Candidate(item.toponym.start - s_start, item.toponym.end - s_start, i, rank, known)
        )
    taken = [
        (toponyms[i].toponym.start - s_start, toponyms[i].toponym.end - s_start) for i in inside
    ]
    return candidates + syntactic_candidates(doc, taken)


def _date(sentence, phrases, anchor, status, published) -> tuple[date | None, str, bool]:
    """The event date, its precision and whether it only bounds the event (the date of a
    report, or the publication date). A planned event takes only a date ahead of publication."""
    if status != STATUS_PLANNED:
        chosen = choose_phrase(sentence, phrases, anchor)
        if chosen is None:
            return (*resolve_date("", published), True)
        return chosen.date, chosen.precision, chosen.reporting
    ahead = [
        p
        for p in phrases
        if not p.reporting and p.date is not None and (published is None or p.date >= published)
    ]
    chosen = choose_phrase(sentence, ahead, anchor)
    return (chosen.date, chosen.precision, False) if chosen else (None, DATE_UNKNOWN, True)


def _place(attachment, s_start: int, sentence: str, toponyms, doc, candidates) -> Place:
    candidate = attachment.candidate
    name = sentence[candidate.start : candidate.end]
    ref = candidate.ref
    place = toponyms[ref].place if ref is not None else None
    key = _merge_key(place, name)
    within = None
    if place is None:
        inner = known_within(doc, candidate, candidates)
        within = inner.ref if inner is not None else None
    stand_in = toponyms[within].place if within is not None else place
    return Place(
        ref,
        s_start + candidate.start,
        s_start + candidate.end,
        name,
        key,
        attachment.level,
        attachment.rank,
        stand_in.country_code if stand_in is not None else None,
        within,
        attachment.probability,
    )


def _known_place(toponyms, index: int) -> Place:
    """The Place of a resolved toponym (article offsets), for events placed without a parse."""
    item = toponyms[index]
    place, toponym = item.place, item.toponym
    rank = _RANKS.get(place.precision, 0.0)
    key = _merge_key(place, toponym.name)
    return Place(
        index, toponym.start, toponym.end, toponym.name, key, None, rank, place.country_code
    )


def _merge_key(place, name: str) -> str:
    """A place's identity when merging tellings: its GeoNames id, else the name as written."""
    return f"gn:{place.geonameid}" if place is not None and place.geonameid else name.casefold()


def _with_place_certainty(drafts: list[Draft]) -> list[Draft]:
    """The drafts, each one's confidence scaled by how sure the place ranker is of its place:
    what the map shows is the event at that place, and readers found a place the ranker
    chose with probability under .6 right half the time, over .9 nine times in ten."""
    return [
        dataclasses.replace(draft, confidence=round(draft.confidence * sure, 3))
        if (sure := min((p.probability for p in draft.places), default=1.0)) < 1.0
        else draft
        for draft in drafts
    ]


def _about_a_disease(article: Article, text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether the article is about a disease: its title or its first two sentences name one."""
    opening = text[: spans[min(len(spans), 2) - 1][1]] if spans else ""
    return names_a_disease(f"{article.title or ''}\n{opening}")


def _headline(number: int, sentence: str, article: Article) -> bool:
    """The article's title, or a first line without end punctuation (a headline)."""
    if article.title and sentence.strip() == article.title.strip():
        return True
    return number == 0 and not sentence.rstrip().endswith((".", "!", "?", '"', "”"))


def _token(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _tokens(doc, start: int, end: int) -> list:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _definite(token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.children)


def _check_offsets(article: Article, start: int, end: int, name: str) -> None:
    if 0 <= start < end <= len(article.text) and article.text[start:end] == name:
        return
    where = article.source or article.id
    raise ValueError(
        f"{where}: toponym {name!r} at {start}:{end} does not match the article text; "
        "run toponym recognition on this article's own text before extracting events"
    )
