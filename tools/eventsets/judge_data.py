"""Training examples for the judge: every draft the rules propose on the annotated sentences,
with what the annotation says of it.

A draft is labelled a real event when its trigger overlaps the gold event's trigger (then its
gold kind is known) or one of the sentence's ``other_triggers``; no event when the sentence has
none. A draft of a sentence with an event that overlaps neither is left out: it is often the
same event told by another word ("21 people were killed in two attacks": gold "attacks", the
rules' head "killed"), so calling it no event would teach the judge wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from articles.model import Article
from events.classify.features import draft_features, draft_vector
from events.classify.figure_features import figure_features
from events.drafts import Draft
from events.extract import extract_many


@dataclass(frozen=True)
class Example:
    """One draft of one annotated sentence."""

    item: str  # the sentence's id
    group: str  # its document: folds never split one
    features: dict[str, float]
    event: int | None  # 1 real, 0 not, None unknown
    kind: str | None  # the gold kind when known
    # Each casualty figure of the draft: (its features, 1 when it is the gold figure of the
    # draft's event, 0 when not); none when the draft's gold figures are not known.
    figures: tuple[tuple[dict[str, float], int], ...] = ()
    vector: np.ndarray | None = None  # the dense features (events.classify.features)


@dataclass(frozen=True)
class Prepared:
    """An annotated sentence as an article, with its geoparse (reused across folds)."""

    item: dict
    article: Article
    toponyms: list


def prepare(items: Sequence[dict], geoparser) -> list[Prepared]:
    """Geoparse every sentence once."""
    resolved = geoparser.parse_many(item["text"] for item in items)
    prepared = []
    for item, toponyms in zip(items, resolved, strict=True):
        published = date.fromisoformat(item["published"]) if item.get("published") else None
        article = Article(id=item["id"], title="", text=item["text"], published=published)
        prepared.append(Prepared(item, article, list(toponyms)))
    return prepared


def group_of(item: dict) -> str:
    """The document a sentence comes from (its "doc", else its own id)."""
    return str(item.get("doc") or item["id"]).strip()


def fold_of(item: dict, folds: int) -> int:
    """A stable fold number for the sentence's document."""
    digest = hashlib.sha256(group_of(item).encode()).digest()
    return int.from_bytes(digest[:4], "big") % folds


def _overlaps(text: str, words: str, draft: Draft) -> bool:
    start = text.find(words)
    if not words or start < 0:
        return False
    return draft.trigger_start < start + len(words) and start < draft.trigger_end


def label(item: dict, draft: Draft) -> tuple[int | None, str | None]:
    """(is it an event, its gold kind) for one draft of an annotated sentence."""
    gold, text = item["event"], item["text"]
    if gold is None:
        others = item.get("other_triggers") or []
        return (1, None) if any(_overlaps(text, w, draft) for w in others) else (0, None)
    if _overlaps(text, gold["trigger"], draft):
        return 1, gold["kind"]
    if any(_overlaps(text, w, draft) for w in item.get("other_triggers") or []):
        return 1, None
    return None, None


def examples(prepared: Sequence[Prepared], parser=None, admin_lookup=None) -> list[Example]:
    """Every draft the rules propose on the sentences, labelled (see the module notes)."""
    seen: list[tuple[Prepared, Draft]] = []
    current: list[Prepared] = []

    def record(drafts: list[Draft], text: str) -> list[Draft]:
        seen.extend((current[0], d) for d in drafts)
        return drafts

    for one in prepared:
        current[:] = [one]
        # One article at a time, so each recorded draft is known to be this sentence's.
        list(extract_many([(one.article, one.toponyms)], parser, admin_lookup, judge=record))
    found = []
    for one, draft in seen:
        event, kind = label(one.item, draft)
        sentence = one.article.text[draft.sentence_start : draft.sentence_end]
        found.append(
            Example(
                one.item["id"],
                group_of(one.item),
                draft_features(sentence, draft),
                event,
                kind,
                figure_labels(one.item, draft, sentence, event, kind),
                draft_vector(sentence, draft),
            )
        )
    return found


def figure_labels(item: dict, draft: Draft, sentence: str, event, kind) -> tuple:
    """(features, right) for each casualty figure of a draft whose gold figures are known: the
    draft is the gold event (its figure is right when it is the gold number) or no event (every
    figure is wrong)."""
    if event == 0:
        truth = {}
    elif event == 1 and kind is not None:
        truth = {"killed": item["event"]["killed"], "injured": item["event"]["injured"]}
    else:
        return ()
    return tuple(
        (figure_features(sentence, draft, f), int(truth.get(f.kind) == f.value))
        for f in draft.figures
    )
