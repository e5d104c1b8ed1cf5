"""The kind of deaths told without their cause, read from the article around them.

"Nine deaths were recorded" says nothing of what killed; in outbreak news they are the
outbreak's, in a story of an ambush the ambush's. The one-sentence judge cannot tell, so the
kind read here from the whole article is marked (``kind_from_article``) for the judge to keep.
"""

from __future__ import annotations

import dataclasses

from events.classify import kinds
from events.drafts import Draft

_SUPPORT = "support"  # a support verb's hint (events.detect.triggers: detect imports classify)
# Kinds whose events kill: the deaths told next may be theirs.
_DEADLY = kinds.VIOLENT_KINDS | {kinds.DISASTER}


def with_article_kinds(drafts: list[Draft], window: int) -> list[Draft]:
    """The drafts, deaths told without their cause given their kind from the article's other
    events (:func:`events.classify.kinds.uncaused_deaths_kind`): in outbreak news, "nine deaths"
    are the outbreak's. In an article telling of both an outbreak and violence, they are those
    of the event told last, up to ``window`` sentences before ("an outbreak of cholera killed
    60 ... officials reported 45 people dead in Nyanza"). Such a kind, and the rules' kind of
    deaths in an article that tells of violence, is marked so the one-sentence judge keeps it."""
    if len(drafts) < 2:
        return drafts
    told = [d.kind for d in drafts if not d.generic]
    violent = any(d.kind in kinds.VIOLENT_KINDS for d in drafts if not uncaused(d))
    marked = []
    for d in drafts:
        if uncaused(d):
            kind = kinds.uncaused_deaths_kind(d.hints, told) or _kind_just_told(d, drafts, window)
            if kind is not None or violent:
                d = dataclasses.replace(d, kind=kind or d.kind, kind_from_article=True)
        marked.append(d)
    return marked


def uncaused(draft: Draft) -> bool:
    """Deaths told without their cause ("nine deaths were recorded")."""
    return draft.hints <= {kinds.CASUALTIES, _SUPPORT}


def _kind_just_told(draft: Draft, drafts: list[Draft], window: int) -> str | None:
    """The kind of the last deadly event told in specific words up to ``window`` sentences
    before ``draft`` (or earlier in its own sentence), or None."""
    before = [
        d
        for d in drafts
        if not uncaused(d)
        and not d.generic
        and d.kind in _DEADLY
        and draft.sentence - window <= d.sentence <= draft.sentence
        and d.trigger_start < draft.trigger_start
    ]
    return before[-1].kind if before else None
