"""The one kind table: every kind's label, ACLED counterpart and colour, and the stored values
that stores, exports, share links and trained weights depend on."""

from __future__ import annotations

import json
import re

from events.classify import kinds
from events.classify.kind_table import Kind


def test_every_kind_has_a_label_an_acled_type_and_a_distinct_colour():
    for kind in Kind:
        assert kind.label.strip() and kind.label != kind.value, kind
        assert kind.acled.strip(), kind
        assert re.fullmatch(r"#[0-9a-f]{6}", kind.colour), kind
    assert len({kind.colour for kind in Kind}) == len(Kind)
    assert len({kind.label for kind in Kind}) == len(Kind)


def test_values_are_the_strings_stores_links_and_weights_hold():
    assert [kind.value for kind in Kind] == [
        "air_strike",
        "shelling",
        "armed_clash",
        "bombing",
        "violence_against_civilians",
        "protest",
        "riot",
        "arrest",
        "troop_deployment",
        "meeting",
        "displacement",
        "disaster",
        "other",
    ]
    # a member is its string: equal, same hash, written as the string in JSON and f-strings
    assert Kind.AIR_STRIKE == "air_strike" and {"air_strike": 1}[Kind.AIR_STRIKE] == 1
    assert json.dumps({"kind": Kind.DEPLOYMENT}) == '{"kind": "troop_deployment"}'
    assert f"rule={Kind.RIOT}" == "rule=riot"


def test_lookup_finds_stored_values_and_nothing_else():
    assert Kind.lookup("troop_deployment") is Kind.DEPLOYMENT
    for other in ("violence", "casualties", "Air_strike", "", None, 3):
        assert Kind.lookup(other) is None


def test_the_extractor_names_are_the_table_members():
    assert tuple(Kind) == kinds.EVENT_KINDS
    assert kinds.DEPLOYMENT is Kind.DEPLOYMENT and kinds.OTHER is Kind.OTHER
    assert {
        Kind.AIR_STRIKE,
        Kind.SHELLING,
        Kind.BOMBING,
        Kind.ARMED_CLASH,
        Kind.VIOLENCE_AGAINST_CIVILIANS,
        Kind.RIOT,
    } == kinds.VIOLENT_KINDS
