"""Share links: the dashboard's filters and map view as URL query parameters, and back.

``?from=2016-07-01&to=2016-07-31&countries=SY,IQ&roles=event&undated=0&lat=36.2&lon=37.1&z=6``

Pure functions: :func:`parse_query` turns (possibly tampered) parameters into a valid
:class:`ViewState` plus a list of problems to show; :func:`encode_query` is its inverse.
A bad or unknown parameter never raises: it falls back to its default and is named in a problem.
Problem texts never echo parameter values (they reach the page); keys are echoed only when
they are short and plain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

ROLES = ("event", "mention")
MIN_ZOOM = 2
MAX_ZOOM = 18
KEYS = ("from", "to", "undated", "countries", "roles", "lat", "lon", "z")
_MAX_VALUE = 4000  # longer values are tampering, not a share link
_MAX_COUNTRIES = 300
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.-]{1,30}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class ViewState:
    """Filters plus map view. None means "not restricted" (dates) or "not set" (view)."""

    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    countries: tuple[str, ...] = ()  # ISO alpha-2, upper case; empty = all countries
    roles: tuple[str, ...] = ROLES
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None


@dataclass(frozen=True)
class ParsedQuery:
    """The state parsed from a URL and the problems found (one message per bad parameter)."""

    state: ViewState
    problems: tuple[str, ...] = ()


def parse_query(
    params: Mapping[str, str | Sequence[str]],
    known_countries: Collection[str],
    defaults: ViewState = ViewState(),  # noqa: B008 - frozen, so a shared default is safe
) -> ParsedQuery:
    """Read the query parameters into a ViewState; bad values fall back to ``defaults``.

    ``params`` maps keys to a value or a list of values (the last one counts, like
    st.query_params). ``known_countries`` are the accepted ISO codes.
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

    state = defaults
    date_from = _date(values, "from", problems)
    date_to = _date(values, "to", problems)
    if date_from and date_to and date_from > date_to:
        problems.append("Ignored the link parameters `from` and `to`: `from` is after `to`.")
        date_from = date_to = None
    if "from" in values and date_from is not None:
        state = replace(state, date_from=date_from)
    if "to" in values and date_to is not None:
        state = replace(state, date_to=date_to)

    if "undated" in values:
        flag = values["undated"].lower()
        if flag in _TRUE | _FALSE:
            state = replace(state, include_undated=flag in _TRUE)
        else:
            problems.append("Ignored the link parameter `undated`: use 1 or 0.")

    if "countries" in values:
        state = replace(state, countries=_countries(values["countries"], known_countries, problems))

    if "roles" in values:
        roles = _roles(values["roles"], problems)
        if roles:
            state = replace(state, roles=roles)

    lat = _number(values, "lat", -90.0, 90.0, problems)
    lon = _number(values, "lon", -180.0, 180.0, problems)
    if lat is not None and lon is not None:
        state = replace(state, lat=lat, lon=lon)
    elif ("lat" in values) != ("lon" in values):
        problems.append("Ignored the map centre: the link needs both `lat` and `lon`.")
    zoom = _zoom(values, problems)
    if zoom is not None:
        state = replace(state, zoom=zoom)
    return ParsedQuery(state=state, problems=tuple(problems))


def encode_query(state: ViewState) -> dict[str, str]:
    """The query parameters for a state (inverse of parse_query); unset parts are left out."""
    params: dict[str, str] = {}
    if state.date_from is not None:
        params["from"] = state.date_from.isoformat()
    if state.date_to is not None:
        params["to"] = state.date_to.isoformat()
    if not state.include_undated:
        params["undated"] = "0"
    if state.countries:
        params["countries"] = ",".join(state.countries)
    if tuple(state.roles) != ROLES:
        params["roles"] = ",".join(state.roles)
    if state.lat is not None and state.lon is not None:
        params["lat"] = _fmt(state.lat, 4)
        params["lon"] = _fmt(state.lon, 4)
    if state.zoom is not None:
        params["z"] = str(int(state.zoom))
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


def _countries(text: str, known: Collection[str], problems: list[str]) -> tuple[str, ...]:
    codes = [c.strip().upper() for c in text.split(",") if c.strip()]
    if len(codes) > _MAX_COUNTRIES:
        problems.append("Ignored the link parameter `countries`: too many codes.")
        return ()
    known_upper = {k.upper() for k in known}
    good = tuple(dict.fromkeys(c for c in codes if c in known_upper))
    bad = [c for c in codes if c not in known_upper]
    if bad:
        shown = ", ".join(f"`{c}`" for c in bad[:5] if _PLAIN_KEY.fullmatch(c) and len(c) <= 3)
        detail = f" ({shown})" if shown else ""
        problems.append(f"Ignored unknown country codes in the link parameter `countries`{detail}.")
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
    try:
        number = float(values[key])
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not low <= number <= high:
        problems.append(f"Ignored the link parameter `{key}`: not a number in {low:g}..{high:g}.")
        return None
    return number


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
