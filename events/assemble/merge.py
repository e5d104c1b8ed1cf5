"""One event told in several sentences of an article becomes one event with all its figures.

"Airstrikes ... killed as many as 212 civilians in Aleppo on Tuesday" and, a sentence later,
"The original civilian death toll produced by the strikes was reported to be 56" are one air
strike: the later sentence names no place, and refers back ("the strikes"). "The carnage in
Aleppo" is the same event again (same place, a generic word). Merging keeps the first telling
(its trigger, sentence, place and date) and gathers every casualty figure and actor.

A draft B joins an earlier draft A (at most six sentences back) when both have the same status,
compatible kinds (equal, or one told only in generic words such as "carnage", "killed"),
compatible dates (equal within a day, or one only the date of a report or of publication) and
either B names the same place (or one inside A's country, or the reverse) while referring back
(a definite article or demonstrative, or generic words only, or A is the headline), or B names
no place and refers back.
"""

from __future__ import annotations

from dataclasses import replace

from events.classify import kinds
from events.drafts import Draft, Figure, Place
from events.locate.article_place import tells_of_many_places
from events.model import DATE_PUBLISHED, DATE_UNKNOWN

_WINDOW = 6  # sentences
_REMOTE = frozenset({kinds.AIR_STRIKE, kinds.SHELLING, kinds.BOMBING})
_DATE_ORDER = {"day": 0, "week": 1, "month": 2}


def merge_drafts(drafts: list[Draft], text: str = "") -> list[Draft]:
    """Merge later tellings into earlier ones (see the module notes); order is kept. With the
    article's ``text``, a telling for the world or many countries ("the 1968 pandemic killed a
    million people worldwide") never merges with one of a place, nor the reverse: its figure
    is not the local event's."""
    kept: list[Draft] = []
    for draft in drafts:
        target = next(
            (
                i
                for i in _candidates(kept, draft)
                if _joins(kept[i], draft) and _same_scope(kept[i], draft, text)
            ),
            None,
        )
        if target is None:
            kept.append(draft)
        else:
            kept[target] = _combine(kept[target], draft)
    return kept


def fold_generic_tellings(drafts: list[Draft]) -> list[Draft]:
    """In one sentence, the casualties told in generic words go to the sentence's one specific
    event: "the truck bombing that killed 60 and injured 260", "14 were killed after a bomber
    attacked a court", "eight were killed from shelling" are one bombing or shelling with its
    figures, not that event and a second, kindless killing (the parse may not join the clauses).
    A sentence with two specific events or none keeps its drafts as they are; order is kept."""
    by_sentence: dict[int, list[int]] = {}
    for i, draft in enumerate(drafts):
        by_sentence.setdefault(draft.sentence, []).append(i)
    folded: dict[int, Draft] = {}
    gone: set[int] = set()
    for members in by_sentence.values():
        specific = [i for i in members if _specific(drafts[i])]
        if len(specific) != 1:
            continue
        [target] = specific
        for i in members:
            told = drafts[i]
            if told.generic and told.figures and told.status == drafts[target].status:
                lead = folded.get(target, drafts[target])
                folded[target] = replace(
                    lead,
                    figures=lead.figures + told.figures,
                    actors=lead.actors + tuple(a for a in told.actors if a not in lead.actors),
                    places=lead.places or told.places,
                )
                gone.add(i)
    return [folded.get(i, d) for i, d in enumerate(drafts) if i not in gone]


def _specific(draft: Draft) -> bool:
    """A draft told in its own kind's words, of a kind that has casualties."""
    return not draft.generic and (draft.kind in kinds.VIOLENT_KINDS or draft.kind == kinds.DISASTER)


def _candidates(kept: list[Draft], later: Draft) -> list[int]:
    """Which earlier drafts ``later`` may join, nearest first. A telling in generic words
    ("the death toll has risen to 1,103") refers to the event told just before it: it may join
    that one (or a generic telling after it), never reach past it to an older event of
    another kind, whose figure it would become."""
    order = range(len(kept) - 1, -1, -1)
    if not later.generic:
        return list(order)
    reach = []
    for i in order:
        reach.append(i)
        if not kept[i].generic:
            break
    return reach


def _joins(first: Draft, later: Draft) -> bool:
    if later.sentence - first.sentence > _WINDOW or later.sentence == first.sentence:
        return False
    if first.status != later.status or not _kinds_fit(first, later):
        return False
    if not _dates_fit(first, later):
        return False
    if later.places:
        # A second specific telling at the same place must refer back ("the strikes on
        # Aleppo"), or the first be the headline, which announces the story's main event.
        refers = later.generic or later.anaphoric or first.headline
        return refers and _places_fit(first.places, later.places)
    return later.anaphoric


def _same_scope(first: Draft, later: Draft, text: str) -> bool:
    """Whether both tellings are of one place's event, or both of the world's."""
    if not text:
        return True
    return tells_of_many_places(
        text[first.sentence_start : first.sentence_end]
    ) == tells_of_many_places(text[later.sentence_start : later.sentence_end])


def _places_fit(first: tuple[Place, ...], later: tuple[Place, ...]) -> bool:
    """The same place, or a country and a place inside it ("northern Syria", "Aleppo")."""
    if {p.key for p in first} & {p.key for p in later}:
        return True
    if {p.name.casefold() for p in first} & {p.name.casefold() for p in later}:
        return True  # "the province of Aleppo", then "the carnage in Aleppo"
    return any(
        a.country is not None and a.country == b.country and max(a.rank, b.rank) >= 2
        for a in first
        for b in later
    )


def _family(kind: str) -> str:
    """Kinds a later "the bombings" may refer back to: air strikes, shelling, bombs alike."""
    return "remote" if kind in _REMOTE else kind


def _kinds_fit(first: Draft, later: Draft) -> bool:
    if first.kind == later.kind:
        return True
    if not later.places and later.anaphoric and _family(first.kind) == _family(later.kind):
        return True
    if later.generic and first.kind in kinds.VIOLENT_KINDS:
        return True
    return first.generic and later.kind in kinds.VIOLENT_KINDS


def _dates_fit(first: Draft, later: Draft) -> bool:
    loose = (DATE_PUBLISHED, DATE_UNKNOWN)
    if first.date_precision in loose or later.date_precision in loose:
        return True
    if first.date_loose or later.date_loose:
        return True
    if first.date is None or later.date is None:
        return True
    return abs((first.date - later.date).days) <= 1


def _combine(first: Draft, later: Draft) -> Draft:
    """One draft of two tellings: the more precise one (place, then date) leads."""
    kind = first.kind if not first.generic else later.kind
    actors = first.actors + tuple(a for a in later.actors if a not in first.actors)
    lead = min((first, later), key=_precision)
    return replace(
        lead,
        kind=kind,
        generic=first.generic and later.generic,
        figures=first.figures + later.figures,
        actors=actors,
        confidence=max(first.confidence, later.confidence),
    )


def _precision(draft: Draft) -> tuple[bool, float, int, int]:
    """Which telling leads: a specific one (not "the carnage"), then the finer place, then
    the finer date, then the earlier."""
    place = min((p.rank for p in draft.places), default=9.0)
    return draft.generic, place, _DATE_ORDER.get(draft.date_precision, 3), draft.sentence


def casualty_summary(figures: tuple[Figure, ...], kind: str) -> tuple[int | None, str, tuple]:
    """(highest figure, its qualifier, the other figures in text order) for one casualty kind."""
    best = _reported_figure(figures, kind)
    if best is None:
        return None, "", ()
    others = tuple(f.value for f in figures if f.kind == kind and f is not best)
    return best.value, best.qualifier, others


def figure_confidence(figures: tuple[Figure, ...], kind: str) -> float | None:
    """How sure the figure gate is of the figure :func:`casualty_summary` reports (None: no
    figure)."""
    best = _reported_figure(figures, kind)
    return None if best is None else best.confidence


def _reported_figure(figures: tuple[Figure, ...], kind: str) -> Figure | None:
    chosen = [f for f in figures if f.kind == kind]
    if not chosen:
        return None
    # A running total ("bringing the death toll to 16") is no toll of this event when the
    # event has one of its own ("7 soldiers were killed today"): then it is only a revision.
    own = [f for f in chosen if not f.running] or chosen
    return max(own, key=lambda f: f.value)
