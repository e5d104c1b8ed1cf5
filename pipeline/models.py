"""Which geoparser and geocoder an ingest uses, from the settings.

The standard geoparser is spaCy's small English NER with the offline gazetteer (at the
settings' path, else geodata's default, built there on first use) and Natural Earth's borders;
the fallback geocoder is cached Nominatim when the settings turn it on, else none.
"""

from __future__ import annotations

from pathlib import Path

from newsmap.progress import ProgressCallback, ProgressEvent


def load_geoparser(gazetteer: Path | None = None, progress: ProgressCallback | None = None):
    """The standard geoparser, its gazetteer at ``gazetteer`` (None: geodata's default path).

    ``progress`` hears "Loading the language model", then the gazetteer's build steps when it
    has to be built (see geodata.gazetteer.Gazetteer.open).
    """
    from geodata.gazetteer import Gazetteer
    from geodata.geoparser import LOADING_MODEL, Geoparser
    from geodata.naturalearth import border_point
    from geodata.nlp import load_ner

    if progress is not None:
        progress(ProgressEvent(LOADING_MODEL))
    nlp = load_ner()
    opened = Gazetteer.open(gazetteer, progress=progress)
    return Geoparser(nlp=nlp, gazetteer=opened, border_point=border_point)


def ensure_gazetteer(gazetteer: Path | None = None, progress: ProgressCallback | None = None):
    """Build the gazetteer at ``gazetteer`` now when it is missing (before local workers start,
    so that one process builds it, with progress shown, instead of each worker waiting)."""
    from geodata.gazetteer import SCHEMA_VERSION, Gazetteer, stored_schema_version
    from geodata.gazetteer_build import DEFAULT_PATH

    if stored_schema_version(Path(gazetteer or DEFAULT_PATH)) != SCHEMA_VERSION:
        Gazetteer.open(gazetteer, progress=progress)


def fallback_geocoder(settings, share: int = 1):
    """The geocoder asked for names the gazetteer missed: cached Nominatim when the settings
    turn it on, else None. ``share`` processes ask it at once (Dask workers): each waits
    ``share`` seconds between requests, so that together they keep to one a second."""
    from geodata.geocoding import DEFAULT_CACHE_PATH, CachedGeocoder, nominatim_from_env

    online = nominatim_from_env(
        settings.nominatim_environ(), min_delay_seconds=float(max(1, share))
    )
    return None if online is None else CachedGeocoder(online, DEFAULT_CACHE_PATH)
