"""Offline map assets: Leaflet, Leaflet.markercluster and jQuery served by the app itself.

streamlit-folium bundles no Leaflet; it loads whatever ``default_js``/``default_css`` URLs the
folium elements carry, which are CDNs by default (unreachable offline, and a third-party request
per page view online). :func:`prepare_static` copies the files from the installed XStatic
packages into ``dashboard/static/vendor/`` (git-ignored), which Streamlit serves at
``/app/static/vendor/`` when ``server.enableStaticServing`` is on; the map builders in
:mod:`dashboard.maps` point folium at those URLs. The country outlines are written there too, so
the map fetches them instead of carrying megabytes of GeoJSON in every page.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from newsmap.errors import NewsmapError

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
# Where Streamlit serves STATIC_DIR (the `static/` folder beside the main script).
STATIC_URL = "/app/static"
VENDOR_URL = f"{STATIC_URL}/vendor"
OUTLINES_FILE = "outlines.geojson"
OUTLINES_URL = f"{VENDOR_URL}/{OUTLINES_FILE}"
# Country names and capitals for the offline base map (geodata.labels), fetched like outlines.
LABELS_FILE = "labels.json"
LABELS_URL = f"{VENDOR_URL}/{LABELS_FILE}"

# (XStatic package module, file inside its data dir, destination under VENDOR_DIR)
_VENDOR_FILES: tuple[tuple[str, str, str], ...] = (
    ("xstatic.pkg.leaflet", "leaflet.js", "leaflet/leaflet.js"),
    ("xstatic.pkg.leaflet", "leaflet.css", "leaflet/leaflet.css"),
    ("xstatic.pkg.leaflet", "images/layers.png", "leaflet/images/layers.png"),
    ("xstatic.pkg.leaflet", "images/layers-2x.png", "leaflet/images/layers-2x.png"),
    ("xstatic.pkg.leaflet", "images/marker-icon.png", "leaflet/images/marker-icon.png"),
    ("xstatic.pkg.leaflet", "images/marker-icon-2x.png", "leaflet/images/marker-icon-2x.png"),
    ("xstatic.pkg.leaflet", "images/marker-shadow.png", "leaflet/images/marker-shadow.png"),
    (
        "xstatic.pkg.leaflet_markercluster",
        "leaflet.markercluster.js",
        "markercluster/leaflet.markercluster.js",
    ),
    ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css", "markercluster/MarkerCluster.css"),
    (
        "xstatic.pkg.leaflet_markercluster",
        "MarkerCluster.Default.css",
        "markercluster/MarkerCluster.Default.css",
    ),
    ("xstatic.pkg.jquery", "jquery.min.js", "jquery/jquery.min.js"),
)

# Load order matters: Leaflet, then jQuery (folium's popups call $), then the plugin.
MAP_JS: list[tuple[str, str]] = [
    ("leaflet", f"{VENDOR_URL}/leaflet/leaflet.js"),
    ("jquery", f"{VENDOR_URL}/jquery/jquery.min.js"),
]
MAP_CSS: list[tuple[str, str]] = [("leaflet_css", f"{VENDOR_URL}/leaflet/leaflet.css")]
# The dashboard's own layers and controls (committed, not vendored): dashboard/static/newsmap/.
NEWSMAP_URL = f"{STATIC_URL}/newsmap"
NEWSMAP_JS: list[tuple[str, str]] = [("newsmapjs", f"{NEWSMAP_URL}/newsmap.js")]
NEWSMAP_CSS: list[tuple[str, str]] = [("newsmapcss", f"{NEWSMAP_URL}/newsmap.css")]
# The page around the map (Streamlit's own elements), given to st.html as a file.
PAGE_CSS = STATIC_DIR / "newsmap" / "page.css"
MARKERCLUSTER_JS: list[tuple[str, str]] = [
    ("markerclusterjs", f"{VENDOR_URL}/markercluster/leaflet.markercluster.js"),
]
MARKERCLUSTER_CSS: list[tuple[str, str]] = [
    ("markerclustercss", f"{VENDOR_URL}/markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{VENDOR_URL}/markercluster/MarkerCluster.Default.css"),
]


class AssetError(NewsmapError):
    """A vendor file cannot be found or copied; the message says which and what to do."""


def vendor_sources() -> list[tuple[Path, str]]:
    """(source file, destination relative to the vendor dir) for every vendored asset."""
    import importlib

    pairs = []
    for module_name, inner, dest in _VENDOR_FILES:
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            package = module_name.rsplit(".", 1)[-1].replace("_", "-")
            raise AssetError(
                f"{module_name} is not installed: pip install XStatic-{package} "
                "(see requirements.txt)"
            ) from exc
        pairs.append((Path(module.BASE_DIR) / inner, dest))
    return pairs


def prepare_static(
    vendor_dir: Path = VENDOR_DIR,
    outlines: Callable[[], dict] | None = None,
    labels: Callable[[], dict] | None = None,
) -> list[Path]:
    """Copy the vendored assets (and the country outlines and place names) into
    ``vendor_dir``; idempotent.

    A file is rewritten only when missing or different in size or content, so repeated starts
    cost a few stat calls. ``outlines`` returns the outline FeatureCollection (default:
    geodata.naturalearth.country_outlines_geojson), ``labels`` the country names and
    capitals (default: geodata.labels.map_labels); when either fails the map still works,
    without outlines or names, and a warning is logged. Returns the files written this time.
    """
    written = []
    for source, dest in vendor_sources():
        target = vendor_dir / dest
        if not source.is_file():
            raise AssetError(f"{source} is missing: reinstall its XStatic package")
        data = source.read_bytes()
        if _differs(target, data):
            _atomic_write(target, data)
            written.append(target)
    made = (
        (OUTLINES_FILE, outlines or _default_outlines, "country outlines", "no outline layer"),
        (LABELS_FILE, labels or _default_labels, "place names", "no names on the offline map"),
    )
    for name, build, what, cost in made:
        try:
            data = json.dumps(build(), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        except Exception as exc:  # any failure here costs only that layer
            log.warning("%s unavailable (%s): the map shows %s", what, exc, cost)
            continue
        target = vendor_dir / name
        if _differs(target, data):
            _atomic_write(target, data)
            written.append(target)
    return written


@functools.cache
def ensure_static() -> None:
    """prepare_static() once per process (the app calls this on every run; cheap after)."""
    prepare_static()


def static_file(url: str) -> Path:
    """The file behind a URL under STATIC_URL (for inlining assets into a standalone page)."""
    if not url.startswith(STATIC_URL + "/"):
        raise AssetError(f"{url} is not one of the app's static files")
    relative = url[len(STATIC_URL) + 1 :]
    path = (STATIC_DIR / relative).resolve()
    if STATIC_DIR.resolve() not in path.parents or not path.is_file():
        raise AssetError(f"{url}: no such static file (run python -m dashboard once to prepare)")
    return path


def _default_outlines() -> dict:
    from geodata.naturalearth import country_outlines_geojson

    return country_outlines_geojson()


def _default_labels() -> dict:
    from geodata.labels import map_labels

    return map_labels()


def _differs(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size != len(data) or target.read_bytes() != data
    except FileNotFoundError:
        return True


def _atomic_write(target: Path, data: bytes) -> None:
    """Write via a temp file and rename, so a server never serves a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
