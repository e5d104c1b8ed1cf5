"""Geocoders behind one interface: the offline gazetteer, Nominatim (optional), a cache, a chain.

Typical use::

    from geodata.gazetteer import Gazetteer
    from geodata.geocoding import default_geocoder

    geocoder = default_geocoder(Gazetteer.open())
    result = geocoder.geocode("Aleppo", country_codes=["SY"])
"""

from geodata.geocoding.base import Geocoder, GeocodeResult, normalize_query, place_from_result
from geodata.geocoding.cache import DEFAULT_CACHE_PATH, CachedGeocoder, GeocodeCacheError
from geodata.geocoding.chain import ChainGeocoder, default_geocoder
from geodata.geocoding.nominatim import NominatimGeocoder, nominatim_from_env
from geodata.geocoding.offline import OfflineGeocoder, best_candidate

__all__ = [
    "DEFAULT_CACHE_PATH",
    "CachedGeocoder",
    "ChainGeocoder",
    "GeocodeCacheError",
    "GeocodeResult",
    "Geocoder",
    "NominatimGeocoder",
    "OfflineGeocoder",
    "best_candidate",
    "default_geocoder",
    "nominatim_from_env",
    "normalize_query",
    "place_from_result",
]
