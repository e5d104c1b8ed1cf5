"""Where an event happened: attach place names to event triggers through the dependency parse.

A sentence names places for many reasons: where something happened ("killed in Aleppo"), who
did it ("Syrian troops", "Washington said"), where someone came from, what was discussed. Only
the first is the event's location. Following Halterman (2019, "Geolocating Political Events in
Text"), we decide it from the syntax linking the place to the event word:

1. Climb from the place name to the head of the phrase that names a location, through
   compounds ("Helmand province"), appositions, conjunctions ("Raqqa and Mosul") and location
   nouns ("the Syrian city of Raqqa", "the outskirts of Homs", "20 km north of Kabul").
   A name reached as a possessor ("Syria's northern province of Aleppo") or as the place a
   location lies in ("Musa Qala in Helmand province", "Garubula village of Borno state") is a
   *container*: true but less precise than the name it contains.
2. That phrase locates the event when it is the object of a locative preposition ("in", "at",
   "near", "outside", "across", "over"; "on"/"against" for attacks; "to"/"into" for troop
   movements) attached to the event's *region*: the trigger, the verb a nominal trigger is the
   subject or object of ("clashes erupted in X"), coordinated verbs ("shot and killed"), and
   the nouns of locative phrases already attached ("in a bomb attack in southern Baghdad");
   or when it modifies the trigger ("the Baghdad bombing"); or when it is the object of an
   event verb that acts on places ("shelled Aleppo", "captured the town of X", "patrolled
   Hebron").
3. Among the names that locate the event, containers give way to what they contain; of the
   rest the finest gazetteer precision wins (a town over a province), then the first, together
   with its coordinated names (one event per place, like ACLED).

Names the gazetteer did not find can still be locations: a proper noun in a locative position
("at her Reshimbagh residence", "in the village of Garubula") is a candidate too; the caller
decides what to do without coordinates.

The rules above are exact but miss much (annotators place an event wherever the sentence sets
it: "Dallas police shot ..." happened in Dallas). So they are one voice among many: a learned
ranker (events/locate/attach_model.py) scores each candidate and "no place" on features of the parse
(events/locate/attach_features.py: the dependency path to the trigger, its prepositions, clause
boundaries, distance, precision, competing names, and what the rules say) and decides. It
was trained on the event_location corpus (``python -m events.train_attach``); without its
weights file the rules decide alone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from events.classify import kinds
from events.detect.parsing import pos
from events.locate.attach_features import candidate_features, none_features, sentence_context
from events.locate.phrases import (
    DIRECTION_PREPS,
    LOCATION_NOUNS,
    LOCATIVE_PREPS,
    PART_NOUNS,
    TARGET_PREPS,
    Candidate,
    Climb,
    climb,
)
from events.wordlists import words

_PLACE_OBJECT_HINTS = frozenset(
    {
        kinds.AIR_STRIKE,
        kinds.SHELLING,
        kinds.BOMBING,
        kinds.ARMED_CLASH,
        kinds.VIOLENCE,
        kinds.VIOLENCE_AGAINST_CIVILIANS,
        kinds.DEPLOYMENT,
        kinds.DISPLACEMENT,
        kinds.DISASTER,
        kinds.CASUALTIES,
    }
)
_MOVE_HINTS = frozenset({kinds.DEPLOYMENT, kinds.DISPLACEMENT})
# The place acted upon; the parser sometimes calls a bare name object an adverbial
# ("shelled Aleppo on Tuesday").
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "npadvmod"})
_VIOLENT_HINTS = _PLACE_OBJECT_HINTS - _MOVE_HINTS | {kinds.CASUALTIES}
# Nouns whose "of" names the place hit: "the bombardment of Iraq", "the invasion of Kuwait".
_TARGET_OF_HINTS = frozenset({kinds.AIR_STRIKE, kinds.SHELLING, kinds.BOMBING, kinds.ARMED_CLASH})
# Precision rank of a name the gazetteer does not know: likely small, but less sure than a town.


@dataclass(frozen=True)
class Attachment:
    """How a candidate locates an event: ``relation`` ("prep", "modifier", "object",
    "subject", "clause"), whether it only contains the location (``container``), its
    coordination group (the token heading "Raqqa and Mosul"), ``rank`` (precision, finer is
    lower) and ``distance`` (in tokens, to the nearest trigger word)."""

    candidate: Candidate
    relation: str
    container: bool
    group: int
    rank: float
    distance: int
    level: float | None = None  # rank of the place noun the name heads ("province of X": 1.5)
    # How sure the ranker is that this is the place (its probability; 1.0 for the rules').
    probability: float = 1.0


def attach(
    doc,
    trigger_tokens: Sequence,
    hints: Collection[str],
    candidates: Sequence[Candidate],
    model=None,
) -> list[Attachment]:
    """The candidates that locate the event of ``trigger_tokens``, in text order; an empty
    list when no name locates the event.

    A learned ranker (events/locate/attach_model.py; ``model`` defaults to the shipped weights)
    scores every candidate and the "no place" option on features of the parse, the rules
    below among them; the best candidate wins together with the names coordinated with it.
    Without weights the rules decide alone (:func:`rule_choice`).
    """
    from events.locate.attach_model import default_model

    model = model if model is not None else default_model()
    found = options(doc, trigger_tokens, hints, candidates)
    if model is None:
        return found.rule_choice
    return model.choose(found)


@dataclass(frozen=True)
class Options:
    """An event's candidate places with what the rules say of them and their features:
    ``pairs`` (candidate, token span), ``climbs`` and ``rules`` (an Attachment and its
    stage, or None) per pair, ``rule_choice`` (the rules' answer), and the features of each
    pair and of the "no place" option (events/locate/attach_features.py)."""

    pairs: list
    climbs: list
    rules: list
    rule_choice: list
    features: list
    none_features: dict
    trigger_tokens: tuple = ()


def options(doc, trigger_tokens: Sequence, hints: Collection[str], candidates) -> Options:
    """The rules' verdicts and the ranker's features for every candidate of one event."""
    hints = frozenset(hints)
    spans = [doc.char_span(c.start, c.end, alignment_mode="expand") for c in candidates]
    pairs = [
        (c, s)
        for c, s in zip(candidates, spans, strict=True)
        if s is not None and len(s) and not _is_trigger(s, trigger_tokens)
    ]
    scopes = event_scopes(trigger_tokens)
    rules = rule_attachments(pairs, trigger_tokens, hints, scopes)
    choice = rule_choice(rules)
    chosen = {a.candidate.start for a in choice}
    climbs = [climb(span.root) for _, span in pairs]
    context = sentence_context(pairs, climbs, trigger_tokens, chosen, scopes)
    features = [
        candidate_features(
            span, c, up, trigger_tokens, hints, (r[0].relation, r[1]) if r else None, context
        )
        for (c, span), up, r in zip(pairs, climbs, rules, strict=True)
    ]
    none = none_features(trigger_tokens, hints, context)
    return Options(pairs, climbs, rules, choice, features, none, tuple(trigger_tokens))


def event_scopes(trigger_tokens: Sequence) -> tuple[set, set, set[int]]:
    """The event's region, the region widened by neighbouring clauses, and the indexes of
    its clause's tokens (see :func:`event_region`, :func:`clause_tokens`)."""
    region = event_region(trigger_tokens)
    wider = event_region(list(region) + neighbour_clauses(trigger_tokens))
    return region, wider, clause_tokens(trigger_tokens)


def rule_attachments(pairs, trigger_tokens: Sequence, hints: frozenset[str], scopes) -> list:
    """For each (candidate, span) pair, its attachment by the rules and the stage that found
    it (1: the event's phrase, 2: a neighbouring clause, 3: a locative phrase anywhere in its
    clause), or None; ``scopes`` from :func:`event_scopes`."""
    region, wider, clause = scopes
    violent = bool(hints & _VIOLENT_HINTS)
    found = []
    for candidate, span in pairs:
        relation = _relation(span.root, region, hints, candidate.known, candidate.rank)
        stage = 1
        if relation is None:
            relation, stage = _relation(span.root, wider, hints, candidate.known, candidate.rank), 2
        if relation is None and span.root.i in clause:
            up = climb(span.root)
            if _locative(up.node, region, violent):
                relation, stage = ("clause", up), 3
        if relation is None:
            found.append(None)
        else:
            found.append((_attachment(candidate, span, *relation, trigger_tokens), stage))
    return found


def rule_choice(rules: list) -> list[Attachment]:
    """The rules' answer: the attachments of the first stage that found any (see
    :func:`choose`)."""
    for stage in (1, 2, 3):
        found = [a for item in rules if item is not None for a, s in [item] if s == stage]
        if found:
            return choose(found)
    return []


def disaster_places(doc, trigger_tokens: Sequence, candidates: Sequence[Candidate]) -> list:
    """Where a disaster or outbreak happened when the syntax names no place: the known place
    of the sentence nearest the event's words (the finer one at equal distance), with the names
    coordinated with it; a name containing another ("Kenya's capital Nairobi") gives way.

    Disaster news sets its events wherever its sentence's places are, and who reports an
    outbreak is where it is ("Shandong has reported five children dead", "Health officials
    in the Gaza Strip confirmed five cases"); in conflict news the ranker keeps such names out.
    Only names in the event's own clause count: not where a quote was given ('"The outbreak
    grows," said Dr Bruschke in Rome') nor where a test will be made.
    """
    clause = clause_tokens(trigger_tokens, speakers=True)
    found = []
    for candidate in candidates:
        if not candidate.known:
            continue
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is None or not len(span) or _is_trigger(span, trigger_tokens):
            continue
        if span.root.i not in clause:
            continue
        found.append(_attachment(candidate, span, "disaster", climb(span.root), trigger_tokens))
    pool = [a for a in found if not a.container] or found
    if not pool:
        return []
    best = min(pool, key=lambda a: (a.distance, a.rank, a.candidate.start))
    return sorted((a for a in pool if a.group == best.group), key=lambda a: a.candidate.start)


def make_attachment(candidate, span, relation: str, up: Climb, trigger_tokens) -> Attachment:
    """An Attachment of ``candidate`` (public for the ranker's choices)."""
    return _attachment(candidate, span, relation, up, trigger_tokens)


def _is_trigger(span, trigger_tokens) -> bool:
    """Whether a name overlaps the event's own words (a place noun of the name, "Uruzgan
    province", may well sit in the event's region)."""
    own = {t.i for t in trigger_tokens}
    return any(t.i in own for t in span)


def _attachment(candidate, span, relation, up: Climb, trigger_tokens) -> Attachment:
    rank = candidate.rank if up.level is None else min(candidate.rank, up.level)
    distance = min(abs(t.i - span.root.i) for t in trigger_tokens)
    return Attachment(candidate, relation, up.container, up.group, rank, distance, up.level)


_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "xcomp", "acl", "parataxis", "conj"})


def clause_tokens(trigger_tokens: Sequence, speakers: bool = False) -> set[int]:
    """Indexes of the tokens in the clause of the event (nested clauses left out, and the
    subjects of verbs other than the event's unless ``speakers``)."""
    heads = []
    for token in trigger_tokens:
        node = token
        while node.dep_ not in _CLAUSE_DEPS and node.head.i != node.i:
            node = node.head
        if node.dep_ == "conj" and pos(node) != "VERB" and node.head.i != node.i:
            node = node.head
        heads.append(node)
    own = {t.i for t in trigger_tokens}
    inside: set[int] = set()
    for head in heads:
        stack = [head]
        while stack:
            node = stack.pop()
            inside.add(node.i)
            for child in node.children:
                nested = child.dep_ in _CLAUSE_DEPS and pos(child) in ("VERB", "AUX")
                # "Officials in Damascus blamed rebels for the attack": the subject of a verb
                # that is not the event's says who speaks, not where it happened
                speaker = (
                    not speakers and child.dep_ in ("nsubj", "nsubjpass") and node.i not in own
                )
                if child.i in own or not (nested or speaker):
                    stack.append(child)
    return inside


def _locative(node, region: set, violent: bool) -> bool:
    """A locative phrase on a verb of the clause, or for violence on any of its nouns ("killed
    in clashes with YPG forces in Allok village"); but "escalations throughout the Middle East"
    does not locate the talks that discussed them."""
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ not in LOCATIVE_PREPS:
        return False
    return violent or pos(prep.head) in ("VERB", "AUX") or prep.head in region


def neighbour_clauses(trigger_tokens: Sequence) -> list:
    """The verbs of the clauses next to the event's: the one its clause modifies ("killed in
    Oued Aissi when militants opened fire") and those modifying it ("shot while traveling in
    Colombo")."""
    found = []
    for token in trigger_tokens:
        node = token
        while node.dep_ not in ("advcl", "conj", "xcomp", "ROOT") and node.head.i != node.i:
            if node.dep_ in ("ccomp", "relcl", "acl", "parataxis"):
                break
            node = node.head
        if node.dep_ in ("advcl", "conj", "xcomp") and pos(node.head) == "VERB":
            found.append(node.head)
        below = [c for c in node.children if c.dep_ == "advcl" and pos(c) == "VERB"]
        # one level further: "killed when their vehicle was hit while conducting operations in X"
        below += [c for b in below for c in b.children if c.dep_ == "advcl" and pos(c) == "VERB"]
        found += below
    return found


def choose(found: list[Attachment]) -> list[Attachment]:
    """The best attachment and its coordinated ones (containers only when nothing else)."""
    if not found:
        return []
    pool = [a for a in found if not a.container] or found
    best = min(pool, key=lambda a: (a.rank, a.distance, a.candidate.start))
    chosen = [a for a in pool if a.group == best.group and a.relation == best.relation]
    return sorted(chosen, key=lambda a: a.candidate.start)


def event_region(trigger_tokens: Sequence) -> set:
    """Tokens whose locative modifiers locate the event (see the module notes)."""
    region = set(trigger_tokens)
    for token in trigger_tokens:
        head = token.head
        if token.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "pobj", "conj", "xcomp", "oprd"):
            region.add(head)
            if token.dep_ == "pobj" and head.dep_ == "prep":
                region.add(head.head)
        elif token.dep_ in ("advcl", "acl", "relcl") and token.tag_ == "VBG":
            region.add(head)  # "clashed ..., killing 13"
        for child in token.children:
            if child.dep_ == "conj" and pos(child) == pos(token):
                region.add(child)
            elif child.dep_ in ("acl", "relcl") and pos(token) == "NOUN" and pos(child) == "VERB":
                region.add(child)  # "the slaughter being prepared ... against X"
    for token in list(region):  # "captured a major city in X's cocoa belt"
        for child in token.children:
            if child.dep_ in ("dobj", "nsubjpass") and child.lower_ in LOCATION_NOUNS:
                region.add(child)
    frontier = list(region)
    while frontier:  # nouns of locative phrases already attached: "in a bomb attack in X"
        token = frontier.pop()
        for child in token.children:
            # "opened fire on their minibus in Baladruz": the minibus is where it happened
            if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS | TARGET_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj not in region and pos(obj) == "NOUN":
                        region.add(obj)
                        frontier.append(obj)
    return region


def _relation(token, region: set, hints: frozenset[str], known: bool, rank: float) -> tuple | None:
    """How the name headed by ``token`` relates to the event region, or None.

    ``known``: the gazetteer knows the name; only then may it be the object of an event verb
    ("shelled Aleppo"), where unknown names are mostly people ("captured Leyva").
    """
    up = climb(token)
    node = up.node
    head = node.head
    found = None
    if node.dep_ == "pobj" and head.dep_ in ("prep", "pcomp", "dative") and head.head in region:
        word = head.lower_
        if (
            word in LOCATIVE_PREPS
            or (word in TARGET_PREPS and not hints <= _MOVE_HINTS)
            or (word in DIRECTION_PREPS and hints & _MOVE_HINTS)
            or (word == "of" and pos(head.head) == "NOUN" and hints & _TARGET_OF_HINTS)
        ):
            found = "prep"
    elif node.dep_ in ("compound", "nmod", "poss", "amod") and head in region:
        # "the Baghdad bombing"; but a country or unknown name there is mostly the actor
        # ("US air raids", "ISIS attack")
        if known and rank < 2:
            found = "modifier"
    elif node.dep_ in _OBJECT_DEPS and head in region and hints & _PLACE_OBJECT_HINTS:
        if pos(head) == "VERB" and (known or node.i != token.i):
            found = "object"
    elif node.dep_ == "nsubj" and known and head.lower_ in _REPORTING and _reports(head, region):
        found = "subject"  # "Shandong has reported five children dead"
    elif node.dep_ in ("npadvmod", "advmod") and head in region and node.lower_ in PART_NOUNS:
        found = "prep"  # "killed 20 km north of Kabul"
    return None if found is None else (found, up)


_REPORTING = words("reported reports recorded registered confirmed has have had saw suffered")


def _reports(verb, region: set) -> bool:
    """Whether the event is (in) the object of ``verb``: "X reported [five deaths]"."""
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and any(t in region for t in child.subtree):
            return True
    return False
