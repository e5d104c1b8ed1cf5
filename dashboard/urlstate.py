"""Share links: the dashboard's filters, map view, selected place and layers as query parameters.

``?from=2016-07-01&countries=SY,IQ&kinds=air_strike&minc=5&q=convoy&uncertain=1&lat=36.2
&lon=37.1&z=6&fit=1&place=36.20124,37.16117&layers=markers,heat&base=light&step=week``

``step`` opens the time slider (the replay) with its window: day, week, month or year; the
window it shows is the date filter (``from``/``to``).

Without ``roles`` a link shows events alone (``roles=event,mention`` adds the places named in
passing; links written before mentions were hidden by default showed both).

The map either follows the filters (each filter change fits it to the events left: ``fit=1``,
and the default when a link gives no view) or keeps a fixed view (a link with ``lat``, ``lon``
and ``z`` but no ``fit=1``, as every link written before the map followed the filters).

Pure functions: :func:`parse_query` turns (possibly tampered) parameters into a valid
:class:`ViewState` plus a list of problems to show; :func:`encode_query` is its inverse.
A bad or unknown parameter never raises: it falls back to its default and is named in a problem.
Problem texts never echo parameter values (they reach the page) except short plain codes;
keys are echoed only when they are short and plain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from dashboard.filters import DEFAULT_ROLES, MAX_TEXT, ROLES, Filters

MIN_ZOOM = 2
MAX_ZOOM = 18
PRECISIONS = ("town", "admin", "country", "region")
LAYERS = ("markers", "heat", "countries", "animation")
DEFAULT_LAYERS = ("markers",)
BASES = ("outlines", "osm", "light", "dark")
STEPS = ("day", "week", "month", "year")  # the replay's windows (dashboard.replay.UNITS)
KEYS = (
    "from",
    "to",
    "undated",
    "countries",
    "regions",
    "kinds",
    "minc",
    "precision",
    "sources",
    "q",
    "roles",
    "uncertain",
    "lat",
    "lon",
    "z",
    "fit",
    "place",
    "layers",
    "base",
    "step",
)
MAX_CASUALTIES = 1_000_000
_MAX_VALUE = 4000  # longer values are tampering, not a share link
_MAX_ITEMS = 300
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.-]{1,30}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class ViewState:
    """Filters, map view, selected place and layers. None means "not set" (view, place).

    ``follow``: each filter change fits the map to the events it leaves (else the view stays).
    """

    filters: Filters = field(default_factory=Filters)
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    follow: bool = True
    place: tuple[float, float] | None = None
    layers: tuple[str, ...] = DEFAULT_LAYERS
    base: str = BASES[0]
    step: str | None = None  # the replay open, with this window (STEPS); None: closed


@dataclass(frozen=True)
class Known:
    """The values a link may name: what the store holds (anything else is tampering)."""

    countries: Collection[str] = ()
    regions: Collection[str] = ()
    kinds: Collection[str] = ()
    sources: Collection[str] = ()


@dataclass(frozen=True)
class ParsedQuery:
    """The state parsed from a URL and the problems found (one message per bad parameter)."""

    state: ViewState
    problems: tuple[str, ...] = ()


def parse_query(params: Mapping[str, str | Sequence[str]], known: Known) -> ParsedQuery:
    """Read the query parameters into a ViewState; bad values fall back to the defaults.

    ``params`` maps keys to a value or a list of values (the last one counts, like
    st.query_params).
    """
    problems: list[str] = []
    values: dict[str, str] = {}
    for key, raw in params.items():
        value = raw if isinstance(raw, str) else (raw[-1] if len(raw) else "")
        if key not in KEYS:
            problems.append(f"Ignored the unknown link parameter {_name(key)}.")
        elif len(value) > _MAX_VALUE:
            problems.append(f"Ignored the link parameter `{key}`: its value is too long.")
        else:
            values[key] = value.strip()

    f = Filters()
    date_from = _date(values, "from", problems)
    date_to = _date(values, "to", problems)
    if date_from and date_to and date_from > date_to:
        problems.append("Ignored the link parameters `from` and `to`: `from` is after `to`.")
        date_from = date_to = None
    f = replace(f, date_from=date_from, date_to=date_to)
    for key, name in (("undated", "include_undated"), ("uncertain", "show_uncertain")):
        if key in values:
            flag = values[key].lower()
            if flag in _TRUE | _FALSE:
                f = replace(f, **{name: flag in _TRUE})
            else:
                problems.append(f"Ignored the link parameter `{key}`: use 1 or 0.")
    upper = {c.upper() for c in known.countries}
    f = replace(
        f,
        countries=_codes(values, "countries", upper, problems, str.upper),
        regions=_codes(values, "regions", set(known.regions), problems),
        kinds=_codes(values, "kinds", set(known.kinds), problems),
        precisions=_codes(values, "precision", set(PRECISIONS), problems, str.lower),
        sources=_codes(values, "sources", set(known.sources), problems, str.lower),
    )
    if "minc" in values:
        text = values["minc"]
        if text.isascii() and text.isdigit() and int(text) <= MAX_CASUALTIES:
            f = replace(f, min_casualties=int(text))
        else:
            problems.append("Ignored the link parameter `minc`: use a whole number of casualties.")
    if "q" in values:
        text = values["q"]
        if len(text) > MAX_TEXT or any(ord(ch) < 32 for ch in text):
            problems.append("Ignored the link parameter `q`: the search text is not plain text.")
        else:
            f = replace(f, text=text)
    if "roles" in values:
        roles = _roles(values["roles"], problems)
        if roles:
            f = replace(f, roles=roles)

    state = ViewState(filters=f)
    lat = _number(values, "lat", -90.0, 90.0, problems)
    lon = _number(values, "lon", -180.0, 180.0, problems)
    if lat is not None and lon is not None:
        state = replace(state, lat=lat, lon=lon)
    elif ("lat" in values) != ("lon" in values):
        problems.append("Ignored the map centre: the link needs both `lat` and `lon`.")
    zoom = _zoom(values, problems)
    if zoom is not None:
        state = replace(state, zoom=zoom)
    # A link that fixes a view and says nothing of following keeps its view (older links).
    follow = state.lat is None
    if "fit" in values:
        flag = values["fit"].lower()
        if flag in _TRUE | _FALSE:
            follow = flag in _TRUE
        else:
            problems.append("Ignored the link parameter `fit`: use 1 or 0.")
    state = replace(state, follow=follow)
    if "place" in values:
        place = _point(values["place"])
        if place is None:
            problems.append("Ignored the link parameter `place`: use a point like 36.2,37.16.")
        else:
            state = replace(state, place=place)
    if "layers" in values:
        layers = _codes(values, "layers", set(LAYERS), problems, str.lower)
        if layers or values["layers"].lower() == "none":
            state = replace(state, layers=tuple(x for x in LAYERS if x in layers))
    for name, allowed in (("base", BASES), ("step", STEPS)):
        if name in values:
            value = values[name].lower()
            if value in allowed:
                state = replace(state, **{name: value})
            else:
                problems.append(
                    f"Ignored the link parameter `{name}`: use one of {', '.join(allowed)}."
                )
    return ParsedQuery(state=state, problems=tuple(problems))


def encode_query(state: ViewState) -> dict[str, str]:
    """The query parameters for a state (inverse of parse_query); defaults are left out."""
    f = state.filters
    params: dict[str, str] = {}
    if f.date_from is not None:
        params["from"] = f.date_from.isoformat()
    if f.date_to is not None:
        params["to"] = f.date_to.isoformat()
    if not f.include_undated:
        params["undated"] = "0"
    for key, items in (
        ("countries", f.countries),
        ("regions", f.regions),
        ("kinds", f.kinds),
        ("precision", f.precisions),
        ("sources", f.sources),
    ):
        if items:
            params[key] = ",".join(items)
    if f.min_casualties > 0:
        params["minc"] = str(int(f.min_casualties))
    if f.text.strip():
        params["q"] = f.text.strip()
    if set(f.roles) != set(DEFAULT_ROLES):
        params["roles"] = ",".join(f.roles)
    if f.show_uncertain:
        params["uncertain"] = "1"
    if state.lat is not None and state.lon is not None:
        params["lat"] = _fmt(state.lat, 4)
        params["lon"] = _fmt(state.lon, 4)
    if state.zoom is not None:
        params["z"] = str(int(state.zoom))
    if state.follow != (state.lat is None or state.lon is None):
        params["fit"] = "1" if state.follow else "0"
    if state.place is not None:
        params["place"] = f"{_fmt(state.place[0], 5)},{_fmt(state.place[1], 5)}"
    if tuple(state.layers) != DEFAULT_LAYERS:
        params["layers"] = ",".join(state.layers) or "none"
    if state.base != BASES[0]:
        params["base"] = state.base
    if state.step in STEPS:
        params["step"] = state.step
    return params


def resolve_view(state: ViewState, fit: tuple[float, float, int]) -> tuple[float, float, int]:
    """The view to open at: the link's centre and zoom where given, else ``fit``'s."""
    lat, lon = (state.lat, state.lon) if state.lat is not None else fit[:2]
    return lat, lon, fit[2] if state.zoom is None else state.zoom


def map_view(
    reported: Mapping[str, object] | None, fallback: tuple[float, float, int]
) -> tuple[float, float, int]:
    """The view st_folium reports (``center``: {lat, lng}, ``zoom``), made valid for a link.

    Latitude is clamped, longitude wrapped into [-180, 180) (the map may have been panned
    around the world), zoom clamped; missing or malformed parts come from ``fallback``.
    """
    reported = reported or {}
    center = reported.get("center")
    lat, lon, zoom = fallback
    if isinstance(center, Mapping):
        try:
            lat, lon = float(center["lat"]), float(center["lng"])
        except (KeyError, TypeError, ValueError):
            lat, lon = fallback[:2]
    if isinstance(reported.get("zoom"), int | float) and math.isfinite(reported["zoom"]):
        zoom = int(reported["zoom"])
    if not (math.isfinite(lat) and math.isfinite(lon)):
        lat, lon = fallback[:2]
    lat = max(-90.0, min(90.0, lat))
    lon = ((lon + 180.0) % 360.0) - 180.0
    return lat, lon, max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def map_bounds(reported: Mapping[str, object] | None) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) from st_folium's reported ``bounds``; None when missing."""
    box = (reported or {}).get("bounds")
    try:
        south, west = float(box["_southWest"]["lat"]), float(box["_southWest"]["lng"])
        north, east = float(box["_northEast"]["lat"]), float(box["_northEast"]["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (south, west, north, east)) or south > north:
        return None
    return south, west, north, east


def share_url(base_url: str, state: ViewState) -> str:
    """The full share link: ``base_url`` (the app's address) plus the encoded state."""
    query = urlencode(encode_query(state), safe=",")
    base = base_url.split("?", 1)[0]
    return f"{base}?{query}" if query else base


def _name(key: str) -> str:
    return f"`{key}`" if _PLAIN_KEY.fullmatch(key) else "(an unreadable name)"


def _date(values: dict[str, str], key: str, problems: list[str]) -> date | None:
    if key not in values:
        return None
    text = values[key]
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    problems.append(f"Ignored the link parameter `{key}`: not a date like 2016-07-31.")
    return None


def _codes(
    values: dict[str, str], key: str, known: set[str], problems: list[str], norm=str.strip
) -> tuple[str, ...]:
    """The known codes of a comma-separated parameter (in link order, deduplicated)."""
    if key not in values:
        return ()
    codes = [norm(c.strip()) for c in values[key].split(",") if c.strip()]
    if key == "layers" and codes == ["none"]:
        return ()
    if len(codes) > _MAX_ITEMS:
        problems.append(f"Ignored the link parameter `{key}`: too many values.")
        return ()
    good = tuple(dict.fromkeys(c for c in codes if c in known))
    bad = [c for c in codes if c not in known]
    if bad:
        shown = ", ".join(f"`{c}`" for c in bad[:5] if _PLAIN_KEY.fullmatch(c) and len(c) <= 12)
        detail = f" ({shown})" if shown else ""
        problems.append(f"Ignored unknown values in the link parameter `{key}`{detail}.")
    return good


def _roles(text: str, problems: list[str]) -> tuple[str, ...]:
    wanted = {r.strip().lower().rstrip("s") for r in text.split(",") if r.strip()}
    good = tuple(r for r in ROLES if r in wanted)
    if wanted - set(ROLES) or not good:
        problems.append("Ignored part of the link parameter `roles`: use event and/or mention.")
    return good


def _number(
    values: dict[str, str], key: str, low: float, high: float, problems: list[str]
) -> float | None:
    if key not in values:
        return None
    number = _float(values[key])
    if number is None or not low <= number <= high:
        problems.append(f"Ignored the link parameter `{key}`: not a number in {low:g}..{high:g}.")
        return None
    return number


def _float(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _point(text: str) -> tuple[float, float] | None:
    parts = text.split(",")
    if len(parts) != 2:
        return None
    lat, lon = _float(parts[0]), _float(parts[1])
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _zoom(values: dict[str, str], problems: list[str]) -> int | None:
    if "z" not in values:
        return None
    text = values["z"]
    if text.isascii() and text.isdigit() and MIN_ZOOM <= int(text) <= MAX_ZOOM:
        return int(text)
    problems.append(f"Ignored the link parameter `z`: use a zoom level {MIN_ZOOM}-{MAX_ZOOM}.")
    return None


def _fmt(number: float, digits: int) -> str:
    text = f"{number:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
