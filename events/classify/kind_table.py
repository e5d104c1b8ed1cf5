"""The one table of event kinds: each kind's stored name, its name for people, its ACLED
counterpart, its map colour and whether it is political violence.

Every part of newsmap reads the kinds from here: the extractor (events/classify/kinds.py, triggers,
attachment, merging), the dashboard (marker colours, legend, filters, side panel) and the
synthetic benchmark stores. A kind's value is the string stored in the events table, exported,
written in share links (``?kinds=air_strike``) and named in the trained weights
(events/classify/judge_weights.json), so values never change.

ACLED (Armed Conflict Location & Event Data, codebook 2023) codes six event types with
sub-events; the kinds keep the sub-events news readers ask for most and add what conflict
news also reports (deployments, meetings, displacement, disasters). Each kind names its ACLED
counterpart, so exports can be compared with ACLED data. ``violent`` marks ACLED's political
violence (battles, explosions/remote violence, violence against civilians, riots).
"""

from __future__ import annotations

from enum import StrEnum

_EXPLOSIONS = "Explosions/Remote violence"


class Kind(StrEnum):
    """An event kind: a ``str`` equal to its stored value ("air_strike"), with its
    ``label`` for people, its ``acled`` event type and sub-event types, its map ``colour``
    and whether it is ``violent``.

    The table's order is the order kinds are listed in (synthetic stores draw from it).
    """

    label: str
    acled: str
    colour: str
    violent: bool

    def __new__(cls, value: str, label: str, acled: str, colour: str, violent: bool) -> Kind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.acled = acled
        member.colour = colour
        member.violent = violent
        return member

    # fmt: off
    # member = value, label, ACLED event type: sub-event types, colour, violent
    AIR_STRIKE = (
        "air_strike", "Air/drone strike", f"{_EXPLOSIONS}: Air/drone strike", "#dc2626", True,
    )
    SHELLING = (
        "shelling", "Shelling/artillery/missile",
        f"{_EXPLOSIONS}: Shelling/artillery/missile attack", "#f97316", True,
    )
    ARMED_CLASH = (
        "armed_clash", "Armed clash",
        "Battles: Armed clash; Government regains territory; Non-state actor overtakes territory",
        "#7c2d12", True,
    )
    BOMBING = (
        "bombing", "Bombing/IED",
        f"{_EXPLOSIONS}: Suicide bomb; Remote explosive/landmine/IED", "#9333ea", True,
    )
    VIOLENCE_AGAINST_CIVILIANS = (
        "violence_against_civilians", "Violence against civilians",
        "Violence against civilians: Attack; Abduction/forced disappearance", "#db2777", True,
    )
    PROTEST = (
        "protest", "Protest", "Protests: Peaceful protest; Protest with intervention",
        "#2563eb", False,
    )
    RIOT = ("riot", "Riot", "Riots: Violent demonstration; Mob violence", "#0891b2", True)
    ARREST = ("arrest", "Arrest/detention", "Strategic developments: Arrests", "#4f46e5", False)
    DEPLOYMENT = (
        "troop_deployment", "Troop deployment/movement",
        "Strategic developments: Other (deployments)", "#65a30d", False,
    )
    MEETING = (
        "meeting", "Meeting/talks/agreement", "Strategic developments: Agreement",
        "#059669", False,
    )
    DISPLACEMENT = (
        "displacement", "Displacement/refugees", "Strategic developments: Other (displacement)",
        "#ca8a04", False,
    )
    DISASTER = (
        "disaster", "Disaster/outbreak/accident", "(not coded by ACLED)", "#78716c", False,
    )
    OTHER = ("other", "Other", "Strategic developments: Other", "#a16207", False)
    # fmt: on

    @classmethod
    def lookup(cls, value: object) -> Kind | None:
        """The kind whose value is ``value`` ("air_strike"), or None for anything else
        (None, a generic hint such as "violence", a kind from another version)."""
        return cls._value2member_map_.get(value) if isinstance(value, str) else None
