from __future__ import annotations

import pytest

from events.classify import kinds


@pytest.mark.parametrize(
    ("hints", "sentence", "kind"),
    [
        ({"air_strike", "casualties"}, "Airstrikes killed 212 civilians.", kinds.AIR_STRIKE),
        ({"bombing", "violence"}, "A bomb attack hit the market.", kinds.BOMBING),
        ({"casualties"}, "A man was killed in his shop.", kinds.VIOLENCE_AGAINST_CIVILIANS),
        ({"casualties"}, "Two soldiers were killed.", kinds.ARMED_CLASH),
        ({"violence"}, "The attacks on Raqqa and Mosul.", kinds.ARMED_CLASH),
        ({"violence"}, "Gunmen attacked villagers.", kinds.VIOLENCE_AGAINST_CIVILIANS),
        # unarmed people shot by armed ones; fighting with people caught in it
        (
            {"casualties"},
            "Gunmen shot and killed two men outside the capital.",
            kinds.VIOLENCE_AGAINST_CIVILIANS,
        ),
        (
            {"casualties"},
            "An official was killed after gunmen attacked him.",
            kinds.VIOLENCE_AGAINST_CIVILIANS,
        ),
        ({"casualties"}, "Armed men killed two policemen at a checkpoint.", kinds.ARMED_CLASH),
        ({"casualties"}, "Two civilians were killed in the crossfire.", kinds.ARMED_CLASH),
        ({"violence"}, "The officer wounded him while trading gunfire.", kinds.ARMED_CLASH),
        # animals culled or found dead: no violence
        (
            {"violence_against_civilians"},
            "Millions of infected birds were slaughtered.",
            kinds.DISASTER,
        ),
        ({"violence"}, "Whereupon 4,500 birds were destroyed.", kinds.OTHER),
        ({"casualties"}, "Gunmen killed 3 people and 10 cows.", kinds.VIOLENCE_AGAINST_CIVILIANS),
        ({"meeting", "support"}, "Talks were held.", kinds.MEETING),
        ({"support"}, "It began.", kinds.OTHER),
        # ACLED's riots: a crowd against the police, a protest turned violent
        ({"armed_clash"}, "Villagers clashed with police in Patna.", kinds.RIOT),
        ({"armed_clash"}, "Troops clashed with rebels near Goma.", kinds.ARMED_CLASH),
        ({"armed_clash"}, "Police and militants clashed as residents fled.", kinds.ARMED_CLASH),
        ({"protest"}, "The march turned violent when protesters threw stones.", kinds.RIOT),
        ({"protest"}, "Thousands marched peacefully through the capital.", kinds.PROTEST),
    ],
)
def test_kind_from_hints_and_participants(hints, sentence, kind):
    assert kinds.classify(hints, sentence) == kind


def test_every_kind_has_a_label_and_an_acled_counterpart():
    assert len(kinds.EVENT_KINDS) == 13
    for kind in kinds.EVENT_KINDS:
        assert kind.label and kind.acled
    assert kinds.label(kinds.AIR_STRIKE) == "Air/drone strike"
    assert kinds.label("air_strike") == "Air/drone strike"  # as read back from a store
    assert kinds.label("unheard-of") == "unheard-of"


def test_specific_kinds_rank_before_generic_hints():
    assert kinds.specificity(kinds.AIR_STRIKE) < kinds.specificity(kinds.MEETING)
    assert kinds.specificity(kinds.VIOLENCE) == kinds.specificity("casualties")


def test_every_kind_has_one_rank_of_specificity_before_the_generic_hints():
    ranks = [kinds.specificity(kind) for kind in kinds.EVENT_KINDS]
    assert sorted(ranks) == list(range(len(kinds.EVENT_KINDS)))
    assert min(kinds.specificity(h) for h in kinds.GENERIC_HINTS) == len(kinds.EVENT_KINDS)


def test_deaths_without_a_cause_take_the_kind_of_an_outbreak_article():
    outbreak = [kinds.DISASTER, kinds.MEETING]
    assert kinds.uncaused_deaths_kind({kinds.CASUALTIES}, outbreak) == kinds.DISASTER
    # an article with violence in it: the sentence decides
    assert kinds.uncaused_deaths_kind({kinds.CASUALTIES}, [*outbreak, kinds.ARMED_CLASH]) is None
    # an attack is no death from disease
    assert kinds.uncaused_deaths_kind({kinds.CASUALTIES, kinds.VIOLENCE}, outbreak) is None
    assert kinds.uncaused_deaths_kind({kinds.CASUALTIES}, [kinds.MEETING]) is None
