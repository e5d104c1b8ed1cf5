"""Where newsmap keeps its files: the store, and what it builds once and caches.

Run from a source checkout (the project folder, holding newsmap's ``pyproject.toml``; an
editable install, ``pip install -e .``, counts as one), every file stays in the project folder
as it always has: the store in ``data/newsmap.sqlite``, the gazetteer, the geocoder's answers
and the country outlines in ``geodata/``. Installed as a package (``pip install .``), the
package folders are no place for them (site-packages may be read-only and is replaced on every
upgrade), so they go in the user's folders:

- the store (your data): ``$XDG_DATA_HOME/newsmap``, else ``~/.local/share/newsmap``
  (macOS: ``~/Library/Application Support/newsmap``; Windows: ``%LOCALAPPDATA%\\newsmap``);
- what is built or fetched once and can be rebuilt (the gazetteer, cached geocoder answers,
  country outlines): ``$XDG_CACHE_HOME/newsmap``, else ``~/.cache/newsmap`` (macOS:
  ``~/Library/Caches/newsmap``; Windows: ``%LOCALAPPDATA%\\newsmap\\Cache``).

``$NEWSMAP_STORE`` (and ``--store``) still choose the store in either case.

This module imports nothing of the project's, so every package can use it. Its functions
look at the file system once (is there a checkout's ``pyproject.toml``?) and cache the answer.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "APP_NAME",
    "PROJECT_ROOT",
    "cache_dir",
    "cache_file",
    "data_dir",
    "source_checkout",
    "store_file",
]

APP_NAME = "newsmap"
ENV_STORE = "NEWSMAP_STORE"
# The folder holding the packages: the project folder in a checkout, site-packages when installed.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
STORE_NAME = "newsmap.sqlite"


@functools.cache
def source_checkout(root: Path = PROJECT_ROOT) -> bool:
    """True when the packages run from newsmap's own source folder (a checkout, or an
    editable install of one): ``root`` holds the ``pyproject.toml`` that names newsmap."""
    try:
        text = (root / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return f'name = "{APP_NAME}"' in text


def data_dir(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> Path:
    """The user's data folder for newsmap (where an installed copy keeps its store)."""
    environ = os.environ if environ is None else environ
    home = Path(environ.get("HOME") or Path.home())
    if platform.startswith("win"):
        return Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP_NAME
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP_NAME
    return _xdg(environ, "XDG_DATA_HOME", home / ".local" / "share") / APP_NAME


def cache_dir(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> Path:
    """The user's cache folder for newsmap (what an installed copy builds and can rebuild)."""
    environ = os.environ if environ is None else environ
    home = Path(environ.get("HOME") or Path.home())
    if platform.startswith("win"):
        local = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return local / APP_NAME / "Cache"
    if platform == "darwin":
        return home / "Library" / "Caches" / APP_NAME
    return _xdg(environ, "XDG_CACHE_HOME", home / ".cache") / APP_NAME


def store_file(environ: Mapping[str, str] | None = None) -> Path:
    """The store when no ``--store`` names one: ``$NEWSMAP_STORE`` if set, else
    ``data/newsmap.sqlite`` in a checkout, else ``newsmap.sqlite`` in the user's data folder."""
    environ = os.environ if environ is None else environ
    configured = environ.get(ENV_STORE, "").strip()
    if configured:
        return Path(configured).expanduser()
    if source_checkout():
        return PROJECT_ROOT / "data" / STORE_NAME
    return data_dir(environ) / STORE_NAME


def cache_file(name: str, checkout_folder: str = "geodata") -> Path:
    """Where a built or cached file ``name`` lives: ``<checkout_folder>/<name>`` in the
    project folder of a checkout, else in the user's cache folder."""
    if source_checkout():
        return PROJECT_ROOT / checkout_folder / name
    return cache_dir() / name


def _xdg(environ: Mapping[str, str], variable: str, fallback: Path) -> Path:
    """An XDG base directory: the variable when it holds an absolute path (the specification
    says to ignore a relative one), else the fallback."""
    value = environ.get(variable, "").strip()
    return Path(value) if value and Path(value).is_absolute() else fallback
