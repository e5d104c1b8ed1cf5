from __future__ import annotations

import pytest

from events.detect.triggers import TRIGGER_KINDS, find_triggers, nearest_trigger


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Airstrikes by the American-led war coalition killed as many as 212 civilians in "
            "Syria's northern province of Aleppo on Tuesday.",
            [("Airstrikes", "air_strike"), ("killed", "casualties")],
        ),
        ("US air strikes hit Manbij.", [("air strikes", "air_strike"), ("hit", "support")]),
        ("Government forces shelled rebel-held districts.", [("shelled", "shelling")]),
        ("Rebels and troops clashed near Daraa.", [("clashed", "armed_clash")]),
        (
            "A car bomb exploded outside a mosque.",
            [("car bomb", "bombing"), ("exploded", "bombing")],
        ),
        (
            "The Australian government announced Tuesday that it will send forces to Baghdad.",
            [("send forces", "troop_deployment")],
        ),
        (
            "Having committed an additional 560 US troops to Iraq last week, Washington waits.",
            [("committed an additional 560 US troops", "troop_deployment")],
        ),
        ("Paris would deploy the aircraft carrier.", [("deploy", "troop_deployment")]),
        ("Thousands protested in Caracas.", [("protested", "protest")]),
        ("Dock workers went on strike in Le Havre.", [("went on strike", "protest")]),
        ("Police arrested 12 people in Nice.", [("arrested", "arrest")]),
        (
            "Carter met Le Drian and the two held talks.",
            [("met", "meeting"), ("held", "support"), ("talks", "meeting")],
        ),
        (
            "Both sides signed a ceasefire in Minsk.",
            [("signed", "meeting"), ("ceasefire", "meeting")],
        ),
        ("Some 20,000 people fled Fallujah.", [("fled", "displacement")]),
        ("A 7.8 earthquake struck Ecuador.", [("earthquake", "disaster"), ("struck", "violence")]),
        ("The river flooded 40 villages.", [("flooded", "disaster")]),
        (
            "A cholera outbreak has infected 300.",
            [("outbreak", "disaster"), ("infected", "disaster")],
        ),
        ("Nine people died when a bus crashed.", [("died", "casualties"), ("crashed", "disaster")]),
        ("The death toll rose to 56.", [("death toll", "casualties")]),
        # context only: no trigger
        ("NATO plans to expand efforts to train Iraqi military officers.", []),
        ("The alliance is already training Iraqi officers at camps in Jordan.", []),
        ('The coalition seeks to "collapse ISIS control over Mosul and Raqqa."', []),
        ("He sent them home and the troops stayed.", []),
        ("The killer whale show was cancelled; the metal skills class went on.", []),
        # new forms: patrols, launches, captures, marches
        (
            "Troops patrolled Hebron after rebels launched an attack and captured two posts.",
            [
                ("patrolled", "troop_deployment"),
                ("launched", "support"),
                ("attack", "violence"),
                ("captured", "armed_clash"),
            ],
        ),
        ("Thousands marched through Kiev.", [("marched", "protest")]),
        (
            "A bombing raid hit the town; a hunger strike began.",
            [
                ("bombing raid", "air_strike"),
                ("hit", "support"),
                ("hunger strike", "protest"),
                ("began", "support"),
            ],
        ),
    ],
)
def test_find_triggers_on_news_sentences(sentence, expected):
    assert [(t.text, t.kind) for t in find_triggers(sentence)] == expected


def test_trigger_offsets_point_into_the_sentence():
    sentence = "KILLED in Aleppo; Air-Strikes continued and civilians FLED."
    triggers = find_triggers(sentence)
    assert [t.text for t in triggers] == ["KILLED", "Air-Strikes", "continued", "FLED"]
    for trigger in triggers:
        assert sentence[trigger.start : trigger.end] == trigger.text
        assert trigger.kind in TRIGGER_KINDS


def test_nearest_trigger_is_the_one_closest_to_the_name():
    sentence = "Jets bombed Raqqa while protesters marched in Paris."
    triggers = find_triggers(sentence)
    raqqa = sentence.index("Raqqa")
    paris = sentence.index("Paris")
    assert nearest_trigger(triggers, raqqa, raqqa + 5).text == "bombed"
    assert nearest_trigger(triggers, paris, paris + 5).text == "marched"
    assert nearest_trigger([], 0, 1) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("She captured gold medals in Seoul.", []),
        ("Paul Hamm captured his second consecutive all-around title.", []),
        ("Crude oil prices shot past 28 dollars a barrel.", []),
        ("The movie was shot in Beirut.", []),
        ("Officials urged citizens to receive a flu shot.", []),
        # a word inside a name is no event; a battle or a hurricane named is one
        ("They may contact the Patrol Division at 619-3947.", []),
        ("Students at Battle Ground Academy celebrated Mardi Gras.", []),
        ("The boy was booked into the St. James Youth Detention Center.", []),
        ("The Battle of Mosul began in October.", ["Battle", "began"]),
        ("Hurricane Katrina killed 1,800 people.", ["Hurricane", "killed"]),
        ("Chapin Man Dies After Car Strikes Tree", ["Dies"]),  # a headline: capitals say nothing
        # a plea entered, carbon captured
        ("The court entered a not guilty plea on his behalf.", []),
        ("The carbon dioxide that is captured will be released.", []),
        ("Troops entered the town of Qusayr.", ["entered"]),
        # a product recalled is an event; a memory recalled is not
        ("The company recalled 380 million eggs on Friday.", ["recalled"]),
        ("He recalled how the soldiers came to the village.", []),
        ("Residents recall the day the river rose.", []),
        # roads and buildings occupied by protesters are no ground taken
        ("Protesters occupied the square outside parliament.", ["Protesters"]),
        ("Rebels occupied two villages near Goma.", ["occupied"]),
        # the month is no march; a named march is
        ("Rebels attacked the town in March.", ["attacked"]),
        ("On March 5, 2005, the suit was filed.", []),
        ("Thousands joined the March on Washington.", ["March"]),
        # strikes that are no attack
        ("Chapin man dies after car strikes tree.", ["dies"]),
        ("Lightning strikes killed two farmers.", ["killed"]),
        ("Workers are striking for higher pay.", []),
        ("A general strike paralysed the capital.", ["general strike"]),  # a protest
        ("Israeli strikes killed 12 in Gaza.", ["strikes", "killed"]),
        ("It is a long shot for the opposition.", []),
        ("Rebels captured the town of Kafr Nabl.", ["captured"]),
        # a race, a rank or the news captured; a golfer's score shot
        ("The German driver captured pole position on Saturday.", []),
        ("The Spanish rider captured second in the final lap.", []),
        ("The trial captured headlines across Europe.", []),
        ("Rebels captured a second town on Monday.", ["captured"]),
        ("The veteran shot a 68 on Sunday to lead by two strokes.", []),
        ("A gunman shot a 12-year-old boy in the market.", ["shot"]),
        ("Insurgents shot down a helicopter.", ["shot"]),
        ("Police shot two men in the market.", ["shot"]),
        ("The judge heard three cases in Lagos on Monday.", []),
        ("In some cases the roads were closed.", []),
        ("Health officials confirmed 12 new cases of cholera in Lagos.", ["cases"]),
        # a disease found, detected, caught: both words tell the one outbreak event
        ("A second case of bird flu was found in Romania.", ["case", "found"]),
        ("Two farm workers tested positive for the virus.", ["tested positive"]),
        ("The H5N1 virus was detected in wild swans in Michigan.", ["detected"]),
        ("Three more people were hospitalised with cholera.", ["hospitalised"]),
        ("Illnesses linked to the salmonella were reported in 16 states.", ["Illnesses"]),
        # ...only beside a disease
        ("Police found the weapons in a car near Lagos.", []),
        ("He was hospitalised after a fall.", []),
        ("The bodies were found in a river.", ["bodies were found"]),
        # an outbreak of violence is no epidemic
        ("Dozens were killed in the outbreak of civil war.", ["killed"]),
        ("An outbreak of cholera spread through the camp.", ["outbreak"]),
        # a hazard word that only qualifies a noun: no hazard struck
        ("Thieves forced the storm door of the house.", []),
        ("The county sells drought-resistant seed to farmers.", []),
        ("Homeowners near the river need flood insurance.", []),
        ("A storm flattened barns across the county.", ["storm"]),
        # a weapon system, a threat, a weapon deployed or bought: no strike
        ("The missile shield will be built in Romania.", []),
        ("A bomb threat emptied the courthouse.", []),
        ("Moscow threatened the deployment of missiles near the border.", ["deployment"]),
        ("The ministry plans to buy 40 rockets abroad.", []),
        ("Militants fired rockets at the airport.", ["rockets"]),
        # bodies recovered: deaths told by what was found
        ("Rescuers recovered 12 bodies from the rubble.", ["recovered 12 bodies"]),
        ("The coach found the body language of his players odd.", []),
        # a vehicle striking something is a crash (told by its own words), not an attack
        ("The drunk driver struck a parked car on the highway.", []),
        ("A delivery truck struck a cyclist near the school.", []),
        ("A roadside bomb struck a truck carrying soldiers.", ["bomb", "struck"]),
        ("Israeli aircraft struck a building in Gaza.", ["struck"]),
    ],
)
def test_other_senses_of_conflict_words_are_not_triggers(sentence, expected):
    assert [t.text for t in find_triggers(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Chile has a recorded 2,335 cases.", ["cases"]),
        ("Two cases were reported in neighbouring Massachusetts.", ["cases"]),
        ("In most cases the symptoms are mild.", []),
        ("In the vast majority of cases the symptoms are mild.", []),
        ("A sharp rise in cases was reported.", ["cases"]),
        # only "cases": a body found is no outbreak's, in any story
        ("Police found the weapons in a car near Lagos.", []),
    ],
)
def test_in_a_story_about_a_disease_its_cases_need_not_name_it(sentence, expected):
    assert [t.text for t in find_triggers(sentence, disease_story=True)] == expected
    assert find_triggers(sentence) == []


def test_the_word_prefilter_finds_the_same_triggers_as_scanning_every_position():
    # find_triggers tries the lexicon only at words a trigger can begin with (FIRST_WORDS,
    # enumerated from the lexicon's expressions): it must lose nothing a full scan finds.
    from events.detect.triggers import _PATTERN, FIRST_WORDS, _matches

    assert FIRST_WORDS is not None and {"airstrikes", "air", "car", "blew"} <= FIRST_WORDS
    sentences = [
        "Air-strikes and airstrikes, then an AIR RAID: car-bombs blew up near the rebel-held town.",
        "Police ARRESTED 12 protesters; clashes erupted and mortar shells hit the camp.",
        "Bombers bombed the base (pre-bombing talks had failed) and troops were sent to Iraq.",
        "Snow-capped peaks, unexploded shells and a re-captured hill.",
    ]
    for sentence in sentences:
        scanned = [(m.start(), m.end(), m.lastgroup) for m in _PATTERN.finditer(sentence)]
        assert scanned, sentence
        assert [(m.start(), m.end(), m.lastgroup) for m in _matches(sentence)] == scanned


def test_the_entries_tried_at_each_word_find_what_the_whole_lexicon_finds_in_real_sentences():
    # at a word, only the lexicon entries that can begin with it are tried, in the lexicon's
    # order: the first entry that matches there is the one the whole lexicon would give
    import json
    from pathlib import Path

    from events.detect.triggers import _PATTERN, _matches

    annotations = Path(__file__).resolve().parents[2] / "tools" / "eventsets" / "annotations"
    with (annotations / "train_1.jsonl").open(encoding="utf-8") as lines:
        sentences = [json.loads(line)["text"] for line in lines if line.strip()]
    sentences += [sentence.upper() for sentence in sentences[:200]]
    found = 0
    for sentence in sentences:
        scanned = [(m.span(), m.group(), m.lastgroup) for m in _PATTERN.finditer(sentence)]
        assert [(m.span(), m.group(), m.lastgroup) for m in _matches(sentence)] == scanned
        found += len(scanned)
    assert found > 300
