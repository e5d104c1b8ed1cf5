"""Features of (event, candidate place) pairs for the learned attachment ranker.

Everything comes from the sentence's dependency parse and the candidates we already have (no
extra model): how the place name sits in its own phrase (events/locate/phrases.climb), the
dependency path between it and the event's trigger words (its length on each side, the
relations and prepositions along it, whether another verb or a clause boundary intervenes),
what the rules of events/locate/attach.py say about it, its gazetteer precision, its distance and
side, how many other places compete, and whether the name hangs from another event's word
("met to plan the attacks on Raqqa": the attacks' place, not the meeting's). The "no place"
option has features of its own (the event's kind, how many names the sentence has, whether
the rules found any).

Features are sparse: a dict of name -> value; names of the "no place" option start with
``none:`` so one weight vector scores both (events/locate/attach_model.py).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from events.classify import kinds
from events.detect.parsing import doc_text, pos
from events.detect.triggers import SUPPORT
from events.locate.phrases import Candidate, Climb
from events.wordlists import words

# Prepositions worth their own feature; any other is "other".
_PREPS = words(
    "in at near on from to of against into across outside inside over around throughout "
    "through along within by for with between toward towards"
)
_CLAUSE_DEPS = frozenset({"ccomp", "relcl", "advcl", "acl", "xcomp", "conj", "parataxis"})
_TOPIC_PREPS = words("about over regarding concerning on")
_SPEECH = words("said says say told tells announced reported according claimed")
_MODALS = words("will would could may might should")
_QUOTES = frozenset({'"', "“", "”"})
_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod", "poss"})
_MAX_DEPTH = 24
# Features that rule a name out as the event's place (events/locate/attach_model.py).
ACTOR = "actor"
SPEAKER = "speaker_outside"  # parse trees are shallow; the bound guards against odd input
# A meeting's topic: "met to plan the attacks on Raqqa" (the attacks' place, not the meeting's).
TOPIC = "topic_of_meeting"


def rank_name(rank: float) -> str:
    """A readable bucket for a candidate's precision rank (see events/locate/phrases.Candidate)."""
    return {0.0: "town", 1.0: "admin", 1.5: "province", 2.0: "country", 3.0: "region"}.get(
        rank, "unknown" if rank < 0 else "venue"
    )


def trigger_head(trigger_tokens: Sequence):
    """The trigger word highest in the parse (the fewest ancestors)."""
    return min(trigger_tokens, key=lambda t: len(_ancestors(t)))


def _ancestors(token) -> tuple:
    """The token and its heads up to the root (at most _MAX_DEPTH), climbed once per token
    of a parse: every candidate and trigger of a sentence asks again."""
    known = token.doc.user_data.setdefault(_ANCESTORS, {})
    chain = known.get(token.i)
    if chain is None:
        climbed = [token]
        while climbed[-1].head.i != climbed[-1].i and len(climbed) < _MAX_DEPTH:
            climbed.append(climbed[-1].head)
        chain = known[token.i] = tuple(climbed)
    return chain


_ANCESTORS = "newsmap_ancestors"


def _path(node, trigger_tokens: Sequence) -> tuple[list, list]:
    """The shortest dependency path from ``node`` to a trigger word: the tokens climbed from
    the node (up to, not including, the common ancestor) and those from the trigger."""
    ups = _ancestors(node)
    where = {t.i: n for n, t in enumerate(ups)}
    best = None
    for trigger in trigger_tokens:
        downs = _ancestors(trigger)
        for m, token in enumerate(downs):
            n = where.get(token.i)
            if n is not None:
                if best is None or n + m < len(best[0]) + len(best[1]):
                    best = (ups[:n], downs[:m], token)
                break
    if best is None:  # separate trees (should not happen within one sentence)
        return list(ups), list(trigger_tokens)
    up, down, _ = best
    return list(up), list(down)


def _bucket(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def candidate_features(
    span,
    candidate: Candidate,
    up: Climb,
    trigger_tokens: Sequence,
    hints: Collection[str],
    rule: tuple[str, int] | None,
    context: dict,
) -> dict[str, float]:
    """Features of one candidate place for one event.

    ``span`` is the candidate's tokens, ``up`` its climb, ``rule`` the rules' relation and
    stage (1: the event's phrase, 2: a neighbouring clause, 3: anywhere in its clause) or
    None, ``context`` the sentence-level facts from :func:`sentence_context`.
    """
    f: dict[str, float] = {"bias": 1.0}
    node = up.node
    kind = rank_name(candidate.rank)
    f["rank=" + kind] = 1.0
    if candidate.known:
        f["known"] = 1.0
    if up.level is not None:
        f[f"level={up.level}"] = 1.0
    if up.container:
        f["container"] = 1.0
    dep = node.dep_
    f["dep=" + dep] = 1.0
    prep = ""
    if dep == "pobj":
        word = node.head.lower_
        prep = word if word in _PREPS else "other"
        f["prep=" + prep] = 1.0
        f[f"prep={prep}|head={pos(node.head.head)}"] = 1.0
        if node.head.head in trigger_tokens:
            f["prep_on_trigger"] = 1.0
            f[f"prep_on_trigger={prep}"] = 1.0
    elif node.head in trigger_tokens:
        f["mod_of_trigger=" + dep] = 1.0
        if dep in _MODIFIER_DEPS and (not candidate.known or candidate.rank >= 2):
            f[ACTOR] = 1.0  # "US air raids", "ISIS attack": who did it, not where
        elif dep == "nsubj" and _government_town(span, candidate, node):
            f[ACTOR] = 1.0  # "Paris would deploy the aircraft carrier": France's government
    for hint in hints:
        f[f"hint={hint}|prep={prep}"] = 1.0
        f[f"hint={hint}|rank={kind}"] = 1.0
    if rule is not None:
        relation, stage = rule
        f["rule=" + relation] = 1.0
        f[f"stage={stage}"] = 1.0
        if candidate.start in context["rule_chosen"]:
            f["rule_chosen"] = 1.0
    else:
        f["rule=none"] = 1.0

    climb_up, climb_down = _path(node, trigger_tokens)
    f["up=" + _bucket(len(climb_up), (0, 1, 2, 3, 4, 6))] = 1.0
    f["down=" + _bucket(len(climb_down), (0, 1, 2, 3, 5))] = 1.0
    f["cpath=" + ">".join(t.dep_ for t in climb_up[:3])] = 1.0
    f["tpath=" + ">".join(t.dep_ for t in climb_down[:2])] = 1.0
    between = [t for t in climb_up[1:] + climb_down[1:] if pos(t) == "VERB"]
    f["verbs_between=" + _bucket(len(between), (0, 1))] = 1.0
    for t in climb_up:
        if t.dep_ in _CLAUSE_DEPS:
            f["ccross=" + t.dep_] = 1.0
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lower_ in _SPEECH:
            f["speaker"] = 1.0
    for t in climb_down:
        if t.dep_ in _CLAUSE_DEPS:
            f["tcross=" + t.dep_] = 1.0
    if climb_up and climb_up[-1].dep_ in ("nsubj", "nsubjpass"):
        f["subject_of_lca"] = 1.0

    region, wider, clause = context["scopes"]
    if node.i in clause:
        f["in_clause"] = 1.0
    elif "subject_of_lca" in f:
        # "Officials in Damascus blamed rebels for the attack": who speaks, not where
        f[SPEAKER] = 1.0
    elif dep == "nsubj" and candidate.known and node.i == span.root.i:
        # "the bombings serve notice that Washington is ready to ...": who acts elsewhere
        f[ACTOR] = 1.0
    if dep == "pobj":
        attached = node.head.head
        scope = "region" if attached in region else "wider" if attached in wider else "out"
        f[f"pp_in={scope}|prep={prep}"] = 1.0
        f[f"pp_on={attached.lower_}"] = 1.0
    tpath = f"tpath={'>'.join(t.dep_ for t in climb_down[:2])}"
    f[f"prep={prep}|{tpath}"] = 1.0
    f[f"prep={prep}|up={_bucket(len(climb_up), (0, 1, 2, 3))}"] = 1.0
    if rule is not None:
        f[f"rule={rule[0]}|rank={kind}"] = 1.0
        f[f"rule={rule[0]}|{tpath}"] = 1.0
    root = span.root
    gaps = [root.i - t.i for t in trigger_tokens]
    gap = min(gaps, key=abs)
    f["side=" + ("after" if gap > 0 else "before")] = 1.0
    f["dist=" + _bucket(abs(gap), (1, 2, 3, 5, 8, 12, 20))] = 1.0
    f["ncands=" + _bucket(context["count"], (1, 2, 3))] = 1.0
    if candidate.start == context["first"]:
        f["first"] = 1.0
    if candidate.rank == context["finest"]:
        f["finest"] = 1.0
    if abs(gap) == context["nearest"]:
        f["nearest"] = 1.0
    if context["count"] == 1:
        f["single|rank=" + kind] = 1.0
    own = {t.i for t in trigger_tokens}
    other_event = any(t.i in context["event_words"] and t.i not in own for t in climb_up[1:])
    if other_event:
        # the name is another event's place: "met to plan the attacks on Raqqa"
        f["under_other_event"] = 1.0
        for hint in hints:
            f[f"under_other_event|hint={hint}"] = 1.0
    if set(hints) - {SUPPORT} == {kinds.MEETING} and (
        other_event or any(t.lower_ in _TOPIC_PREPS for t in climb_up[1:])
    ):
        f[TOPIC] = 1.0  # what the meeting was about: "talks on the fighting in Iraq"
    if candidate.known and context["known"] == 1:
        f["only_known"] = 1.0
    for other in context["nesting"].get(candidate.start, ()):
        # "an Internet cafe in Gaza City": the cafe's phrase holds a known town
        f[f"holds={'known' if other.known else 'unknown'}"] = 1.0
    for other in context["held_by"].get(candidate.start, ()):
        f[f"held_by={'known' if other.known else 'unknown'}"] = 1.0
    if not candidate.known:
        f["name_len=" + _bucket(len(span), (1, 2))] = 1.0
        f["name_tag=" + span.root.tag_] = 1.0
        if node.dep_ == "compound" and node.head.tag_ in ("NN", "NNS"):
            f["names_a_thing"] = 1.0  # "the Internet cafe", "GSM village market"
    low, high = sorted((root.i, root.i - gap))
    if any(t.text in _QUOTES for t in span.doc[low + 1 : high]):
        f["quote_between"] = 1.0
    return f


def _government_town(span, candidate: Candidate, subject) -> bool:
    """Whether a known town, named alone as the subject of a verb with a direct object,
    stands for its government ("Paris would deploy the carrier", "Moscow sent troops")."""
    return (
        candidate.known
        and candidate.rank == 0
        and span.root.i == subject.i
        and any(child.dep_ == "dobj" for child in subject.head.children)
    )


def sentence_context(
    pairs: Sequence[tuple[Candidate, object]],
    climbs: Sequence[Climb],
    trigger_tokens: Sequence,
    rule_chosen: Collection,
    scopes: tuple,
) -> dict:
    """Sentence-level facts the candidate features compare against."""
    where = [t.i for t in trigger_tokens]
    gaps = [min(abs(s.root.i - i) for i in where) for _, s in pairs]
    nesting: dict[int, list] = {}
    held_by: dict[int, list] = {}
    # the tokens above each name: whose phrase it lies in
    above = [{t.i for t in _ancestors(span.root)} for _, span in pairs]
    for (outer, outer_span), up in zip(pairs, climbs, strict=True):
        for (inner, inner_span), chain in zip(pairs, above, strict=True):
            own = outer_span.start <= inner_span.root.i < outer_span.end
            if inner is not outer and up.node.i in chain and not own:
                nesting.setdefault(outer.start, []).append(inner)
                held_by.setdefault(inner.start, []).append(outer)
    return {
        "scopes": scopes,
        "event_words": event_words(trigger_tokens[0].doc) if trigger_tokens else frozenset(),
        "nesting": nesting,
        "held_by": held_by,
        "count": len(pairs),
        "known": sum(c.known for c, _ in pairs),
        "first": min((c.start for c, _ in pairs), default=-1),
        "finest": min((c.rank for c, _ in pairs), default=None),
        "nearest": min(gaps, default=-1),
        "rule_chosen": frozenset(rule_chosen),
    }


_TRIGGERS = "newsmap_triggers"


def remember_triggers(doc, triggers: Sequence) -> None:
    """Keep with ``doc`` its sentence's triggers as ``find_triggers(doc.text)`` gives them,
    found before the parse, so :func:`event_words` need not find them again."""
    doc.user_data[_TRIGGERS] = triggers


def event_words(doc) -> frozenset[int]:
    """Indexes of the tokens of ``doc`` (one sentence) that are event words (the trigger
    lexicon's, support verbs aside), found once per parse."""
    cached = doc.user_data.get("newsmap_event_words")
    if cached is None:
        from events.detect.triggers import find_triggers

        found = set()
        triggers = doc.user_data.get(_TRIGGERS)
        for trigger in find_triggers(doc_text(doc)) if triggers is None else triggers:
            span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
            if trigger.kind != SUPPORT and span is not None:
                found.update(t.i for t in span)
        cached = doc.user_data["newsmap_event_words"] = frozenset(found)
    return cached


def none_features(trigger_tokens: Sequence, hints: Collection[str], context: dict) -> dict:
    """Features of the "no place" option."""
    f = {"none:bias": 1.0}
    f["none:ncands=" + _bucket(context["count"], (0, 1, 2, 3))] = 1.0
    f["none:nknown=" + _bucket(context["known"], (0, 1, 2))] = 1.0
    if not context["rule_chosen"]:
        f["none:rules_none"] = 1.0
    for hint in hints:
        f["none:hint=" + hint] = 1.0
    head = trigger_head(trigger_tokens)
    f["none:trigger=" + pos(head)] = 1.0
    f["none:word=" + head.lower_] = 1.0
    f["none:trigger_dep=" + head.dep_] = 1.0
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in head.children):
        f["none:modal"] = 1.0
    return f
