"""Curated name tables for the gazetteer build: what no package gets right for news text.

Public knowledge; small enough to review by eye. Keys are ISO 3166-1 alpha-2 codes.
"""

from geodata.names import normalize
from newsmap.vocabulary import division_words

# Well-known short English names counted as primary names (MATCH_NAME), so "U.S." outranks the
# French village "Us" and "Britain" means the country. ISO codes are otherwise never names.
COUNTRY_SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "AE": ("UAE", "U.A.E.", "United Arab Emirates"),
    "CD": ("DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Republic of Congo", "Congo-Brazzaville", "Congo Republic"),
    "CN": ("PRC", "China"),
    "KP": ("North Korea", "DPRK"),
    "KR": ("South Korea",),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "MM": ("Burma", "Myanmar"),
    "CZ": ("Czechia", "Czech Republic"),
    "NL": ("Holland", "Netherlands", "The Netherlands"),
    "TR": ("Turkey", "Türkiye"),
    "SZ": ("Eswatini", "Swaziland"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "TL": ("East Timor", "Timor-Leste"),
    "MK": ("North Macedonia", "Macedonia"),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "PS": ("Palestine", "Palestinian Territories", "Occupied Palestinian Territories"),
    "RU": ("Russia",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "VN": ("Vietnam",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "BS": ("Bahamas", "The Bahamas"),
    "GM": ("Gambia", "The Gambia"),
}

# Demonyms countryinfo lacks or spells unusually; these win over countryinfo's on conflict.
EXTRA_DEMONYMS: dict[str, str] = {
    "American": "US",
    "Briton": "GB",
    "Brit": "GB",
    "English": "GB",
    "Englishman": "GB",
    "Scottish": "GB",
    "Scot": "GB",
    "Welsh": "GB",
    "Argentine": "AR",
    "Argentinian": "AR",
    "Kyrgyz": "KG",
    "Kyrgyzstani": "KG",
    "Tajik": "TJ",
    "Tajikistani": "TJ",
    "Kazakh": "KZ",
    "Uzbek": "UZ",
    "Azeri": "AZ",
    "Belarussian": "BY",
    "Saudi": "SA",
    "Nepali": "NP",
    "Filipina": "PH",
    "Philippine": "PH",
    "Lao": "LA",
    "Maldivian": "MV",
    "Djiboutian": "DJ",
    "Somalian": "SO",
    "Bissau-Guinean": "GW",
    "Cape Verdean": "CV",
    "Ecuadorian": "EC",
    "Salvadorian": "SV",
    "Botswanan": "BW",
    "Batswana": "BW",
    "Icelandic": "IS",
    "Dane": "DK",
    "Swede": "SE",
    "Finn": "FI",
    "Spaniard": "ES",
    "Frenchman": "FR",
    "Dutchman": "NL",
    "Irishman": "IE",
    "Turk": "TR",
    "Croat": "HR",
    "Serb": "RS",
    "Slovakian": "SK",
    "Slovenian": "SI",
    "Kosovar": "XK",
    "Kosovan": "XK",
    "Burkinabè": "BF",
    "Congolese": "CD",
    "Czechs": "CZ",
    "Poles": "PL",
    "Emirati": "AE",
    "Ivorian": "CI",
    "Nigerien": "NE",
    "Nigerian": "NG",
    "Chadian": "TD",
    "Syrian": "SY",
    "Iraqi": "IQ",
    "Libyan": "LY",
    "Jordanian": "JO",
    "French": "FR",
    "British": "GB",
    "Australian": "AU",
    "Indian": "IN",
    "Chinese": "CN",
    "Dominican": "DO",
    "Norwegian": "NO",
}

# Countries with neither a countryinfo point nor a city of 500+ people (public-knowledge points:
# Antarctica's interior, Bouvet Island, Wake Island for the US Minor Outlying Islands, Willemstad).
COUNTRY_POINT_FALLBACK: dict[str, tuple[float, float]] = {
    "AQ": (-75.0, 0.0),
    "BV": (-54.42, 3.36),
    "UM": (19.29, 166.63),
    "AN": (12.11, -68.93),
}

# Words that name the kind of subdivision, ignored when matching a subdivision to its seat city
# ("Ar-Raqqah District" ~ "Ar Raqqah"), as normalized keys: the shared division words, English
# and local (newsmap/vocabulary/divisions.toml), and the other words such names hold.
# fmt: off
SUBDIVISION_WORDS = frozenset(
    normalize(word) for word in division_words().english | division_words().local
) | frozenset((
    "municipal", "commune", "city", "capital", "metropolitan", "area", "of", "the", "de", "do",
    "da", "del", "du", "la", "le",
))
# fmt: on

# Abbreviations of first-level divisions used in news style (AP style for US states: "Ga.",
# "W.Va."; Canadian Press for provinces), keyed by their exact written form without spaces
# ("W. Va." is looked up as "W.Va."). Dotted forms only, so that words such as "Miss", "Ill" or
# "Wash" are never read as states; undotted forms only where they are not also common words.
# Values: (ISO country code, GeoNames admin1 code).
# fmt: off
ADMIN1_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "Ala.": ("US", "AL"), "Ariz.": ("US", "AZ"), "Ark.": ("US", "AR"), "Calif.": ("US", "CA"),
    "Cal.": ("US", "CA"), "Colo.": ("US", "CO"), "Conn.": ("US", "CT"), "Del.": ("US", "DE"),
    "Fla.": ("US", "FL"), "Ga.": ("US", "GA"), "Ill.": ("US", "IL"), "Ind.": ("US", "IN"),
    "Kan.": ("US", "KS"), "Kans.": ("US", "KS"), "Ky.": ("US", "KY"), "La.": ("US", "LA"),
    "Md.": ("US", "MD"), "Mass.": ("US", "MA"), "Mich.": ("US", "MI"), "Minn.": ("US", "MN"),
    "Miss.": ("US", "MS"), "Mo.": ("US", "MO"), "Mont.": ("US", "MT"), "Neb.": ("US", "NE"),
    "Nebr.": ("US", "NE"), "Nev.": ("US", "NV"), "N.H.": ("US", "NH"), "N.J.": ("US", "NJ"),
    "N.M.": ("US", "NM"), "N.Mex.": ("US", "NM"), "N.Y.": ("US", "NY"), "N.C.": ("US", "NC"),
    "N.D.": ("US", "ND"), "N.Dak.": ("US", "ND"), "Okla.": ("US", "OK"), "Ore.": ("US", "OR"),
    "Oreg.": ("US", "OR"), "Pa.": ("US", "PA"), "Penn.": ("US", "PA"), "R.I.": ("US", "RI"),
    "S.C.": ("US", "SC"), "S.D.": ("US", "SD"), "S.Dak.": ("US", "SD"), "Tenn.": ("US", "TN"),
    "Tex.": ("US", "TX"), "Vt.": ("US", "VT"), "Va.": ("US", "VA"), "Wash.": ("US", "WA"),
    "W.Va.": ("US", "WV"), "Wis.": ("US", "WI"), "Wisc.": ("US", "WI"), "Wyo.": ("US", "WY"),
    "Alta.": ("CA", "01"), "B.C.": ("CA", "02"), "Man.": ("CA", "03"), "N.B.": ("CA", "04"),
    "N.L.": ("CA", "05"), "Nfld.": ("CA", "05"), "N.S.": ("CA", "07"), "Ont.": ("CA", "08"),
    "P.E.I.": ("CA", "09"), "Que.": ("CA", "10"), "Sask.": ("CA", "11"),
    "NSW": ("AU", "02"), "N.S.W.": ("AU", "02"), "Qld": ("AU", "04"), "Qld.": ("AU", "04"),
}
# fmt: on
