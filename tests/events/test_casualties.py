from __future__ import annotations

import pytest

from events.drafts import INJURED, KILLED, FigurePattern
from events.measure.casualties import find_figures, parse_number


def figures(sentence):
    return [(f.kind, f.value, f.high, f.qualifier, f.who) for f in find_figures(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Airstrikes killed as many as 212 civilians in Syria's northern province of Aleppo.",
            [(KILLED, 212, 212, "as many as", "civilians")],
        ),
        (
            "The original civilian death toll produced by the strikes was reported to be 56.",
            [(KILLED, 56, 56, "", "civilian")],
        ),
        (
            "Shelling hit a trolleybus in Donetsk killing 8 people and wounding about 20.",
            [(KILLED, 8, 8, "", "people"), (INJURED, 20, 20, "about", "")],
        ),
        (
            "At least 22 ISIS members were killed in the clashes.",
            [(KILLED, 22, 22, "at least", "ISIS members")],
        ),
        (
            "Five people died and nearly 20 were wounded when a car bomb exploded.",
            [(KILLED, 5, 5, "", "people"), (INJURED, 20, 20, "nearly", "")],
        ),
        (
            "A car bomb exploded, killing seven bodyguards and five civilians.",
            [(KILLED, 12, 12, "", "bodyguards")],
        ),
        ("Luckily no civilians were reportedly killed.", [(KILLED, 0, 0, "", "civilians")]),
        (
            "The violence left at least twelve people dead and several hundred injured.",
            [(KILLED, 12, 12, "at least", "people"), (INJURED, 100, 100, "several", "")],
        ),
        ("Dozens of soldiers were killed.", [(KILLED, 24, 24, "dozens", "soldiers")]),
        ("Between 10 and 20 people were killed.", [(KILLED, 10, 20, "between", "people")]),
        ("Gunmen killed 10-12 villagers.", [(KILLED, 10, 12, "between", "villagers")]),
        ("The blast killed twenty-one people.", [(KILLED, 21, 21, "", "people")]),
        ("The death toll rose to 1,200 on Sunday.", [(KILLED, 1200, 1200, "", "")]),
        ("The death count is now over 120,000.", [(KILLED, 120000, 120000, "over", "")]),
        # numbers that are not casualties
        ("Washington committed an additional 560 US troops to Iraq.", []),
        ("The attack left the town without power for 12 hours.", []),
        ("Some 20,000 people fled Fallujah.", []),
    ],
)
def test_casualty_figures_in_news_sentences(sentence, expected):
    assert figures(sentence) == expected


def test_figure_offsets_point_at_the_words():
    sentence = "On Monday, gunmen killed at least 5 people in Kabul."
    [figure] = find_figures(sentence)
    assert sentence[figure.start : figure.end] == figure.text == "killed at least 5 people"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("212", 212),
        ("1,200", 1200),
        ("twenty-one", 21),
        ("two dozen", 24),
        ("dozens", 24),
        ("hundreds of", 200),
        ("3 million", 3_000_000),
        ("several hundred", 100),
        ("many", None),
        ("scores of", None),
        ("banana", None),
    ],
)
def test_numbers_in_words_and_digits(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # who they were, between the figure and the verb
        ("At least 20 members of the security forces were killed.", [(KILLED, 20)]),
        ("Four patients from the district hospital in Kano have died.", [(KILLED, 4)]),
        # a subset set aside: the figure is the whole
        (
            "Six civilians, including three children and a woman, have been killed by shelling.",
            [(KILLED, 6)],
        ),
        ("Four soldiers, among them a colonel, were killed.", [(KILLED, 4)]),
        # an adverb before the verb
        ("More than 300 people have now died in the floods.", [(KILLED, 300)]),
        # a long phrase between the toll and its figure
        (
            "The number of people killed in the northern districts since the storm has now "
            "risen to 41.",
            [(KILLED, 41)],
        ),
        # a figure inside the phrase is the real one: the first number is a part or another count
        ("He was one of at least three soldiers killed in the ambush.", [(KILLED, 3)]),
        ("Seven of the 14 killed in the crash were children.", [(KILLED, 14)]),
        (
            "Rebels took the hill after a two day battle in which nine soldiers were killed.",
            [(KILLED, 9)],
        ),
        # told at one remove: reported, believed, feared
        ("Over 50 people were reported to have been killed in the district.", [(KILLED, 50)]),
        ("Eleven persons have been reported killed by gunmen.", [(KILLED, 11)]),
        ("At least 40 miners are feared dead after the blast.", [(KILLED, 40)]),
        ("Twelve people are thought to have been injured.", [(INJURED, 12)]),
        # ... but not what is expected
        ("Ten people are expected to die.", []),
        # "all" before the figure; "the deaths of" a figure
        ("The plane crashed, killing all 157 people on board.", [(KILLED, 157)]),
        ("The fighting caused the deaths of six civilians.", [(KILLED, 6)]),
        ("The vaccine could prevent the deaths of thousands of people.", []),
        ("Officials counted the deaths of 2,600 birds.", []),
        # the ones named before "and N others", each with its own article
        (
            "Gunmen attacked the village, killing a pastor, a teacher and 18 other persons.",
            [(KILLED, 20)],
        ),
        (
            "The blast killed the governor and 11 others and wounded 20.",
            [(KILLED, 12), (INJURED, 20)],
        ),
        # a toll told far from its figure
        (
            "The death toll from the suicide car bombing in the northwestern city of Peshawar "
            "has risen to 52.",
            [(KILLED, 52)],
        ),
    ],
)
def test_figures_with_words_between_number_and_verb(sentence, expected):
    assert [(f.kind, f.value) for f in find_figures(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "value", "who"),
    [
        ("Two Israelis were shot dead on a road near the border.", 2, "Israelis"),
        ("Police on Monday shot two people to death.", 2, "people"),
        ("Militants raided a village and shot to death six men from one family.", 6, "men"),
        ("Gunmen massacred 40 villagers.", 40, "villagers"),
        ("Officials said 111 of the 163 recorded deaths were children.", 163, ""),
    ],
)
def test_killings_told_by_other_verbs_are_counted(sentence, value, who):
    [figure] = find_figures(sentence)
    assert (figure.kind, figure.value, figure.who) == (KILLED, value, who)


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        # the groups of one event add up
        ("Ten civilians and three army technicians were killed on Wednesday.", [13]),
        ("Two soldiers and 16 gunmen were killed in the battle.", [18]),
        # the members counted, not the one family they belong to
        ("Five members of one family were killed and four others wounded.", [5, 4]),
        # a year or an age is no count; the count after a year is
        ("In 1993 one of his sons was shot dead in an ambush.", [1]),
        ("On 3 May 2004 five people were killed in the town.", [5]),
        ("She was murdered on April 29, 1999 at a party.", []),
        # the others of an event
        ("Three servicemen were killed and ten others injured.", [3, 10]),
        ("The bomb killed two soldiers and 11 others.", [13]),
        ("Gunmen killed five people and 20 others were wounded.", [5, 20]),
        # "several", "many" and "scores of" have no value (the annotation conventions)
        ("Several people were killed and scores of others were wounded.", []),
        ("Another attacker shot his way into a home, killing 47-year-old Katya Greenberg.", []),
    ],
)
def test_what_a_figure_counts(sentence, values):
    assert [f.value for f in find_figures(sentence)] == values


def test_a_running_total_is_a_revision_not_the_events_toll():
    from events.assemble.merge import casualty_summary

    sentence = "Seven soldiers were killed today, bringing their total death toll to 16."
    figures = tuple(find_figures(sentence))
    assert [f.running for f in figures] == [False, True]
    assert casualty_summary(figures, KILLED) == (7, "", (16,))


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said 12 people were killed or wounded in the raid.",
        "Dozens of fighters were killed and injured in the attacks.",
        "The shelling killed and wounded dozens of people in the market.",
        "The army captured or killed at least 20 suspected militants last month.",
    ],
)
def test_one_figure_for_killed_and_wounded_together_is_no_death_toll(sentence):
    # The conventions leave such a figure out: how many died is not known.
    assert [f for f in find_figures(sentence) if f.kind == KILLED] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Two gunmen shot dead a shopkeeper in the market on Monday.",
        "At least three militias murdered villagers and burned their homes.",
        "Four assailants killed the mayor outside his house.",
    ],
)
def test_a_number_counting_the_killers_is_no_death_toll(sentence):
    assert all(f.value != 2 and f.value != 3 and f.value != 4 for f in find_figures(sentence))


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Five people killed in a blast in Kabul.", 5),
        ("Two soldiers killed Monday in an ambush.", 2),
        ("Two people were shot dead by police.", 2),
        ("Four soldiers killed three militants near the border.", 3),
    ],
)
def test_short_passives_and_real_objects_still_count(sentence, value):
    assert [f.value for f in find_figures(sentence) if f.kind == KILLED] == [value]


def test_a_share_is_no_count():
    assert find_figures("The virus kills 40 percent of those infected.") == []
    assert find_figures("Such strains kill 50% of patients.") == []


def test_the_killers_named_after_by_are_not_counted_with_the_victim():
    sentence = "The driver was found murdered by his brother and two others."
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (
            "Security forces shot dead six people in Deraa, six in the city of Hama, five "
            "in Idlib province and four more in Homs.",
            21,
        ),
        ("One person was killed in Damascus and two in the province of Idlib.", 3),
        ("Gunmen killed two police officers and six other civilians who were at the station.", 8),
    ],
)
def test_a_toll_told_place_by_place_or_group_by_group_adds_up(sentence, value):
    assert [f.value for f in find_figures(sentence) if f.kind == KILLED] == [value]


@pytest.mark.parametrize(
    "sentence",
    [
        "Two were killed in 2010 and three in 2011.",
        "Five people were killed in Kabul, and 20 in the south were wounded.",
    ],
)
def test_groups_in_other_years_or_with_their_own_fate_are_not_added(sentence):
    assert [f.value for f in find_figures(sentence) if f.kind == KILLED] in ([2], [5])


def test_others_with_a_fate_of_their_own_are_not_added_to_the_killed():
    found = figures("Her driver was killed in the explosion and four other people injured.")
    assert [(kind, value) for kind, value, *_ in found] == [(INJURED, 4)]


def test_a_long_unit_name_between_the_number_and_the_verb_still_counts():
    sentence = (
        "However, 7 soldiers of the army's Desert Hawks Brigade and the Marines were killed "
        "today, bringing their total death toll to 16."
    )
    found = find_figures(sentence)
    assert [(f.value, f.running) for f in found] == [(7, False), (16, True)]


def test_people_killed_in_addition_to_a_group_add_up():
    sentence = (
        "Officials said three bystanders were killed in the attack near a market, in addition "
        "to the two children, and seven people were injured."
    )
    assert [(kind, value) for kind, value, *_ in figures(sentence)] == [(KILLED, 5), (INJURED, 7)]


def test_the_wounded_who_then_died_are_counted_dead():
    [figure] = find_figures("Three of the wounded died later in hospital.")
    assert (figure.kind, figure.value) == (KILLED, 3)
    [figure] = find_figures("Ten of the wounded were flown to Kabul.")
    assert figure.kind != KILLED


def test_a_span_of_time_is_no_count():
    assert find_figures("Posey was shot and killed two days later during a fight.") == []
    [figure] = find_figures("Gunmen killed two people three days ago.")
    assert figure.value == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Bandits shot and killed three-time champion Ali Hassan near the border.",
        "Rebels killed a 10-man patrol's commander, officials said.",
        "The No. 2 official of the province was shot dead on Monday.",
    ],
)
def test_a_number_in_a_compound_or_a_rank_counts_no_one(sentence):
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Witnesses said up to 40 villagers were killed or kidnapped in the raid.",
        "About 30 people were killed or missing after the attack.",
    ],
)
def test_one_figure_for_killed_and_another_fate_is_no_death_toll(sentence):
    assert not [f for f in find_figures(sentence) if f.kind == KILLED]


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # a second group with a fate of its own is not among the killed
        ("Gunmen stopped a minibus and killed seven people and four people suffered wounds.", 7),
        ("Gunmen killed seven bodyguards and five civilians.", 12),
        # the members, not the one family
        ("Three more children from one family were killed in the shelling.", 3),
        # a part told aside between dashes still leaves the whole
        ("In the north, 12 soldiers -- including two officers -- and four rebels were killed.", 16),
        # one more person named after the group
        ("Fighting in the market killed five civilians and a policeman.", 6),
        ("The blast killed two soldiers and a policeman was wounded.", 2),
    ],
)
def test_groups_joined_to_a_figure(sentence, killed):
    assert [f.value for f in find_figures(sentence) if f.kind == KILLED] == [killed]


@pytest.mark.parametrize(
    "sentence",
    [
        "During the filming two donkeys were shot to death.",
        "More than 2,600 birds died on the farms last week.",
    ],
)
def test_animals_are_no_casualties(sentence):
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "pattern"),
    [
        ("Airstrikes killed as many as 212 civilians.", FigurePattern.VERB),
        ("At least 56 people were killed.", FigurePattern.FIGURE),
        ("Police shot two people to death.", FigurePattern.TO_DEATH),
        ("The death toll rose to 40.", FigurePattern.TOLL),
        ("There have been 63 deaths.", FigurePattern.DEATHS),
        ("The blast left 25 dead.", FigurePattern.LEFT),
        ("The bomb killed the district head, Ibrahim Dawi and 11 others.", FigurePattern.OTHERS),
    ],
)
def test_each_figure_says_how_it_was_read_as_one_of_the_named_patterns(sentence, pattern):
    [figure] = find_figures(sentence)
    assert figure.pattern is pattern
    assert f"pattern={figure.pattern}" == f"pattern={pattern.value}"  # the gate's feature name


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        # four words between the number and the verb
        ("Three elderly Kurdish tobacco farmers were shot and killed near the border.", 3, ""),
        # an aside between the people and their fate: a relative clause, a bracketed estimate,
        # "including" without a comma
        ("Twelve pilgrims, who had come for the festival, were killed by the blast.", 12, ""),
        ("At least eight villagers (residents say 15) were killed overnight.", 8, "at least"),
        ("Six workers including a foreman were killed when the scaffold fell.", 6, ""),
        # a time told between the auxiliary and the verb
        ("Nine traders were on Friday evening killed by bandits on the highway.", 9, ""),
        ("Four fishermen were Sunday killed in the storm.", 4, ""),
        # hedges of more words
        ("The raiders killed no fewer than 14 herders.", 14, "no fewer than"),
        ("The army said it killed just over 40 fighters.", 40, "just over"),
        # other verbs that tell deaths
        ("Cholera has taken the lives of 85 people in the camps.", 85, ""),
        ("A gunman fatally shot six students at the college.", 6, ""),
        # "the" before the number; one named victim and a counted group
        ("A truck bomb exploded, killing the three men inside it.", 3, ""),
        ("The mortar round killed a shopkeeper and two customers.", 3, ""),
        # the killer counted with the killed
        ("The attacker killed four passengers and himself with an axe.", 5, ""),
        ("A gunman fatally shot seven diners and himself in the restaurant.", 8, ""),
        # deaths told by how they died; one death told as a life claimed
        ("Four fishermen drowned when their boat capsized.", 4, ""),
        ("The crash claimed the life of a retired teacher.", 1, ""),
        # lives claimed and bodies counted
        ("The epidemic claimed 1,250 lives in two years.", 1250, ""),
        ("Divers recovered about 40 bodies from the lake.", 40, "about"),
        ("Nine bodies were pulled from the rubble.", 9, ""),
        ("Police found the bodies of three farmers near the road.", 3, ""),
    ],
)
def test_more_ways_of_telling_a_death_toll(sentence, value, qualifier):
    killed = [f for f in find_figures(sentence) if f.kind == KILLED]
    assert [(f.value, f.qualifier) for f in killed] == [(value, qualifier)]


@pytest.mark.parametrize(
    "sentence",
    [
        # a group with a fate of its own after the one named
        "The mortar round killed a shopkeeper and two customers were wounded.",
        # a hedge that is no count of the dead
        "No fewer than 14 herders fled the raid.",
    ],
)
def test_the_new_ways_still_need_a_toll(sentence):
    assert [f.value for f in find_figures(sentence) if f.kind == KILLED] in ([], [1])


def test_the_number_of_killers_before_fatally_shot_is_no_toll():
    sentence = "Two masked riders fatally shot a village headman outside his house."
    assert [f for f in find_figures(sentence) if f.kind == KILLED] == []
