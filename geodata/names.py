"""Name keys for the gazetteer: how a place name is folded before it is stored or looked up.

Two keys exist for every name:

* :func:`normalize` is the *exact* key: case, diacritics, punctuation and a few abbreviations
  are folded, nothing else (``"ALEPPO"``, ``"Ḩalab"``, ``"U.S."``, ``"St. Louis"``).
* :func:`loose_key` additionally folds the usual ways one Arabic, Persian or Russian name is
  spelled in Latin letters (``"Raqqa"`` = ``"Ar Raqqah"`` = ``"Rakka"``;
  ``"Deir ez-Zor"`` = ``"Dayr az Zawr"``). Lookups use it only when exact keys find nothing.

:func:`is_usable_alt_name` decides which alternate names from GeoNames are worth storing:
they hold codes, other scripts and romanization junk that would make ordinary words look
like places to the recognizer.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable

from unidecode import unidecode

from newsmap.vocabulary import division_words

# Characters unidecode renders badly for place names ("Hələb" -> "H@l@b", "Rakˌkˌa" -> "Rak,k,a").
_PRE_FOLD = str.maketrans({"ə": "e", "Ə": "E", "ˌ": "", "ˈ": ""})
# Apostrophes vanish ("N'Djamena" = "Ndjamena", "Sana'a" = "Sanaa"); other punctuation splits.
_APOSTROPHES = str.maketrans("", "", "'`\"")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Abbreviations spelled out, so "St. Petersburg" = "Saint Petersburg", "Mt. Kenya" = "Mount Kenya".
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}

# Arabic (and a few Persian/Turkish) articles dropped by the loose key: "Ar Raqqah" ~ "Raqqa".
_ARTICLES = frozenset(
    (
        "al",
        "el",
        "ar",
        "as",
        "ad",
        "an",
        "ash",
        "at",
        "az",
        "ath",
        "adh",
        "ed",
        "ez",
        "es",
        "er",
        "et",
        "en",
        "ul",
        "ud",
    )
)
# Consonant digraphs and letters that transliterations swap, applied in order.
_CONSONANTS = (
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("y", "i"),
)
# Diphthongs and vowels reduced to Arabic's three (a, i, u): "Dayr" ~ "Deir", "Zawr" ~ "Zor".
_VOWELS = (
    ("ai", "i"),
    ("ei", "i"),
    ("au", "u"),
    ("aw", "u"),
    ("ou", "u"),
    ("ow", "u"),
    ("e", "i"),
    ("o", "u"),
)
# Loose keys shorter than this match noise ("The" ~ "Ti"), so they are neither stored nor used.
MIN_LOOSE_KEY = 4
_CONSONANTS_THEN_VOWELS = _CONSONANTS + _VOWELS
_DOUBLED = re.compile(r"(.)\1+")
_FIRST_GROUP = operator.itemgetter(1)
_VOWEL_H = ("ah", "eh", "ih", "oh", "uh")

# A character outside these ranges marks a name written in another script: GeoNames lists
# Arabic, Cyrillic, CJK... forms as alternates.
# Allowed: Basic Latin through Latin Extended-B, IPA letters ("ə"), modifier letters and
# combining marks (U+0000-036F), Latin Extended Additional (U+1E00-1EFF), punctuation (U+20xx).
_NON_LATIN = re.compile(r"[^\u0000-\u036f\u1e00-\u1eff\u2000-\u206f]")
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")  # IATA/ICAO/ISO-like codes: "ALP", "OSAP", "SYR"
_DIGIT = re.compile(r"\d")


def _fold_char(char: str) -> str:
    """What :func:`normalize` makes of one character: ASCII lower-case letters and digits,
    "" (apostrophes, marks) or spaces (other punctuation); "&" becomes " and "."""
    text = unidecode(char.translate(_PRE_FOLD)).casefold().translate(_APOSTROPHES)
    return _NON_ALNUM.sub(" ", text.replace("&", " and "))


class _FoldTable(dict):
    """str.translate's table for :func:`normalize`: each character's fold, worked out the
    first time the character is seen (unidecode transliterates one character at a time, so
    folding a name character by character gives what folding it whole gives)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()
# A one-letter word ("u s a") or an abbreviation ("st louis") in a folded name: token rules apply
_TOKEN_RULES = re.compile(rf"(?<![a-z0-9])(?:[a-z]|{'|'.join(_ABBREVIATIONS)})(?![a-z0-9])")


def normalize(name: str) -> str:
    """The exact lookup key of a name: ASCII, casefolded, punctuation folded, spaces collapsed.

    Apostrophes are dropped, other punctuation separates words, a run of single letters joins
    up ("U.S.A." -> "usa", "D.C." -> "dc"), "&" reads "and", and "St"/"Ste"/"Mt"/"Ft" are spelled
    out. Returns "" for a name with no letters or digits.
    """
    # One pass of str.translate folds every character (_FOLD); only names with a one-letter
    # word or an abbreviation need the token rules.
    text = name.translate(_FOLD)
    if _TOKEN_RULES.search(text) is None:
        return " ".join(text.split())
    return " ".join(_expand(_join_initials(text.split())))


def loose_key(name: str) -> str:
    """A looser key for transliteration variants; compare only loose keys with loose keys.

    On top of :func:`normalize`: a leading "the" and Arabic articles (al-, ar-, ez- ...) go, a
    vowel-final "h" goes ("Raqqah"), spaces go, digraphs fold (kh->k, q->k ...), vowels reduce to
    a/i/u and doubled letters collapse. Names that are nothing but articles keep them.
    Returns "" when the result is shorter than ``MIN_LOOSE_KEY`` characters.
    """
    return loosen(normalize(name))


def loosen(key: str) -> str:
    """:func:`loose_key` of a name whose :func:`normalize` key is ``key`` (normalizes once)."""
    tokens = key.split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    kept = [t for t in tokens if t not in _ARTICLES]
    tokens = kept or tokens
    # "raqqah" -> "raqqa": a word's final h after a vowel goes (words of three letters or more)
    text = "".join([t[:-1] if len(t) > 2 and t.endswith(_VOWEL_H) else t for t in tokens])
    for old, new in _CONSONANTS_THEN_VOWELS:
        text = text.replace(old, new)
    text = _DOUBLED.sub(_FIRST_GROUP, text)  # a C callable: no template to expand per match
    return text if len(text) >= MIN_LOOSE_KEY else ""


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin (accents and ASCII punctuation allowed)."""
    return name.isascii() or _NON_LATIN.search(name) is None


# Words for a division in the local languages GeoNames romanises, closing a division's name
# ("Hebei Sheng"), and the English words that end a division's English name ("Aleppo
# Governorate", "Chuvash Republic", "Prince Edward Island"): the shared division words
# (newsmap/vocabulary/divisions.toml) and three that end such names without being one.
_LOCAL_DIVISION_WORDS = division_words().local
_DIVISION_WORDS = division_words().english | {"republic", "island", "islands"}


def display_name(name: str, aliases: Iterable[str], key: Callable[[str], str] | None = None) -> str:
    """The name to show for a division: its GeoNames name, unless that is not English.

    GeoNames often names divisions in a local romanisation ("Ḩalab", "Avtonomna Respublika
    Krym", "Hebei Sheng"). When the name has non-ASCII letters, ends in a local word for a
    division ("Sheng", "Oblast'", "Län"), or shares no word with any ASCII alias, an ASCII alias
    is shown instead: the plain-ASCII spelling of the name itself if listed ("Ile-de-France"),
    else the name without its local division word if listed ("Hebei"), else one ending in a
    division word ("Aleppo Governorate", "Moscow Oblast"), else the name as it is.

    ``key`` is :func:`normalize` or a function giving the same keys (a build's cache of them).
    """
    key = key or normalize
    ascii_aliases = [a.strip() for a in aliases if a.strip() and a.isascii()]
    words = set(key(name).split())
    head, _, last = name.rpartition(" ")
    local_word = bool(head) and last.casefold() in _LOCAL_DIVISION_WORDS
    if (
        name.isascii()
        and not local_word
        and any(words & set(key(a).split()) for a in ascii_aliases)
    ):
        return name
    plain = unidecode(name)
    for alias in ascii_aliases:
        if key(alias) == key(plain):
            return alias
    if local_word and head in ascii_aliases:
        return head
    for alias in ascii_aliases:
        last = alias.rsplit(None, 1)[-1].casefold()
        if last in _DIVISION_WORDS or " of " in alias:
            return alias
    return name


def is_usable_alt_name(name: str) -> bool:
    """Whether an alternate name from GeoNames is worth a gazetteer key.

    Kept: Latin-script names of two or more characters with at least one capital letter.
    Dropped: other scripts, codes ("ALP", "OSAP"), names with digits or URLs, and all-lowercase
    strings, which in GeoNames are romanization junk ("alrqt", "swldw") rather than names.
    """
    name = name.strip()
    if len(name) < 2 or not is_latin(name):
        return False
    if _CODE_LIKE.match(name) or _DIGIT.search(name) or "://" in name:
        return False
    return any(map(str.isupper, name))


def demonym_plurals(demonym: str) -> list[str]:
    """Plural forms of a nationality word: "Syrian" -> ["Syrians"], "French" -> [].

    Words ending in -ese, -ish, -ch, -sh, -ss, -s, -x or -z have no "s" plural ("Chinese",
    "British", "French", "Swiss"); "-man" becomes "-men" ("Frenchman" -> "Frenchmen").
    """
    word = demonym.strip()
    lower = word.casefold()
    if not lower or lower.endswith(("ese", "ish", "ch", "sh", "ss", "s", "x", "z")):
        return []
    if lower.endswith("man"):
        return [word[:-3] + "men"]
    return [word + "s"]


def _join_initials(tokens: list[str]) -> list[str]:
    """Join runs of two or more one-letter tokens: ["u", "s", "army"] -> ["us", "army"]."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            out.extend(["".join(run)] if len(run) > 1 else run)
            run = []
        if token:
            out.append(token)
    return out


def _expand(tokens: list[str]) -> list[str]:
    return [_ABBREVIATIONS.get(t, t) for t in tokens]
