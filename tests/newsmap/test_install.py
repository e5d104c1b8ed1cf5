"""newsmap installed as a package (``pip install .``, not editable) into a fresh virtual
environment works from any folder: its data files are in the wheel, the ``newsmap`` command
ingests, exports and serves, and the store and built files go to the user's folders, never
into site-packages.

The environment sees this interpreter's packages (``--system-site-packages``) and the wheel is
built without a network (``--no-build-isolation --no-index``), so nothing is downloaded.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from dashboard.serve import free_port, stop_server, wait_for

pytestmark = pytest.mark.model  # ingests with the spaCy model and the gazetteer

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("articles", "dashboard", "events", "geodata", "newsmap", "pipeline", "store", "watch")
SEED = "us-air-raids-northern-syria-2016-07-22.txt"
UNDATED = "Jets bomb Aleppo\n\nWarplanes struck Aleppo on Tuesday, killing 12 civilians.\n"


@pytest.fixture(scope="module")
def installed(tmp_path_factory, geoparser):
    """(the virtual environment's bin folder, its site-packages, a home folder for the user)
    with newsmap built from a copy of this checkout and installed; the gazetteer the tests
    already built is linked into the user's cache folder (building it again takes a minute)."""
    del geoparser  # only so that the checkout's gazetteer is built and current
    pytest.importorskip("setuptools", reason="building the wheel offline needs setuptools")
    from geodata.gazetteer_build import DEFAULT_PATH

    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "requirements.txt"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:  # as they are, built files included: the wheel must leave them
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__py*"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps"]
    pip += ["--no-build-isolation", "--no-index", str(source)]
    subprocess.run(pip, check=True, cwd=base, env=_env(base / "home"))
    site = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import newsmap, os; print(newsmap.__path__[0])"],
            check=True,
            capture_output=True,
            text=True,
            cwd=base,
            env=_env(base / "home"),
        ).stdout.strip()
    ).parent
    home = base / "home"
    cache = home / ".cache" / "newsmap"
    cache.mkdir(parents=True)
    (cache / "gazetteer.sqlite").symlink_to(DEFAULT_PATH)
    return venv / "bin", site, home, source


def _env(home: Path) -> dict[str, str]:
    """This environment, for a user whose home is ``home`` and who set nothing of newsmap's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSMAP_", "XDG_"))}
    env.pop("PYTHONPATH", None)
    return {**env, "HOME": str(home)}


def _run(installed, *command: str, cwd: Path) -> subprocess.CompletedProcess:
    bin_dir, _, home, _ = installed
    program = str(bin_dir / command[0])
    return subprocess.run(  # noqa: S603 - the installed commands under test
        [program, *command[1:]], cwd=cwd, env=_env(home), capture_output=True, text=True
    )


def test_the_wheel_holds_the_runtime_packages_with_their_data_and_nothing_built(installed):
    _, site, _, _ = installed
    assert site != ROOT and site.name == "site-packages"
    (record,) = site.glob("newsmap-*.dist-info/RECORD")
    files = {line.split(",")[0] for line in record.read_text("utf-8").splitlines()}
    for data in (
        f"articles/samples/{SEED}",
        f"articles/samples/{SEED}.meta.json",
        "articles/samples/wikinews-geovirus.jsonl",
        "articles/samples/CREDITS.md",
        "events/locate/attach_weights.json",
        "events/classify/judge_weights.json",
        "events/classify/place_trust.json",
        "geodata/ranker.json",
        "geodata/regions.csv",
        "newsmap/vocabulary/calendar.toml",
        "newsmap/vocabulary/divisions.toml",
        "newsmap/vocabulary/diseases.toml",
        "newsmap/vocabulary/triggers.toml",
        "newsmap/vocabulary/kinds.toml",
        "dashboard/static/newsmap/newsmap.js",
        "dashboard/static/newsmap/newsmap.css",
    ):
        assert data in files and (site / data).is_file(), data
    tops = {name.split("/")[0] for name in files if not name.startswith(("newsmap-", "../"))}
    assert tops == set(PACKAGES)  # no tools/, tests/ or scripts/
    built = [f for f in files if f.endswith((".sqlite", ".geojson")) or "/vendor/" in f]
    assert built == []  # the checkout's gazetteer and map assets stay out of the wheel


def test_the_installed_commands_ingest_and_export_from_any_folder(installed, tmp_path):
    _, site, home, _ = installed
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "in").mkdir(parents=True)
    (elsewhere / "in" / "aleppo.txt").write_text(UNDATED, encoding="utf-8")
    seed = site / "articles" / "samples" / SEED
    done = _run(installed, "newsmap", "ingest", str(seed), "in", "--quiet",
                "--published-default", "2026-12-02", cwd=elsewhere)  # fmt: skip
    assert done.returncode == 0, done.stderr
    store = home / ".local" / "share" / "newsmap" / "newsmap.sqlite"  # the XDG default
    assert done.stdout.startswith(f"{store}: read 2 article(s): 2 new")
    assert "  1 article(s) had no publication date: dated 2026-12-02 (--published-default)\n" in (
        done.stdout
    )
    assert store.is_file() and not list(site.glob("**/*.sqlite"))

    exported = _run(installed, "newsmap", "export", "--format", "csv", cwd=elsewhere)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    mosul = [r for r in rows if r["place_as_written"] == "Mosul"]
    assert mosul and mosul[0]["country_code"] == "IQ" and mosul[0]["published"] == "2016-07-22"
    aleppo = [r for r in rows if r["place_as_written"] == "Aleppo" and r["published_fallback"]]
    assert {(r["event_date"], r["date_approximate"]) for r in aleppo} == {("2026-12-01", "True")}

    page = _run(installed, "newsmap", "export", "--format", "html", "--out", "map.html",
                cwd=elsewhere)  # fmt: skip
    assert page.returncode == 0, page.stderr
    assert "L.Newsmap.places(" in (elsewhere / "map.html").read_text("utf-8")
    assert (home / ".cache" / "newsmap" / "outlines.geojson").is_file()  # built, cached there

    # The module commands work from any folder too, and a relative store means this folder.
    again = _run(installed, "python", "-m", "articles", "ingest", "in", "--store", "mine.sqlite",
                 "--quiet", cwd=elsewhere)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert (elsewhere / "mine.sqlite").is_file()
    assert "left undated (give --published-default" in again.stdout


def test_the_installed_serve_shows_the_dashboard_on_loopback(installed, tmp_path):
    bin_dir, _, home, _ = installed
    from tests.dashboard.conftest import fill_store

    store = fill_store(tmp_path / "s.sqlite")
    helped = _run(installed, "newsmap", "serve", "--help", cwd=tmp_path)
    expected = home / ".local" / "share" / "newsmap" / "newsmap.sqlite"
    assert f"default: {expected};" in " ".join(helped.stdout.split()).replace("- ", "-")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - the installed command under test
        [str(bin_dir / "newsmap"), "serve", "--store", str(store), "--port", str(port)],
        cwd=tmp_path,
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/_stcore/health", timeout=60, process=process)
        for asset in ("vendor/leaflet/leaflet.js", "newsmap/newsmap.js"):
            with urllib.request.urlopen(f"{base}/app/static/{asset}", timeout=10) as answer:  # noqa: S310
                assert answer.status == 200 and "javascript" in answer.headers["Content-Type"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) in (0, 128 + signal.SIGTERM)
    finally:
        stop_server(process)


def test_an_editable_install_keeps_its_files_in_the_project_folder(installed, tmp_path):
    _, _, home, source = installed
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps"]
    pip += ["--no-build-isolation", "--no-index", "--editable", str(source)]
    subprocess.run(pip, check=True, cwd=tmp_path, env=_env(home))
    helped = subprocess.run(  # noqa: S603 - the installed command under test
        [str(venv / "bin" / "newsmap"), "ingest", "--help"],
        cwd=tmp_path,
        env=_env(home),
        capture_output=True,
        text=True,
    )
    assert helped.returncode == 0, helped.stderr
    text = " ".join(helped.stdout.split()).replace("- ", "-")
    assert f"default: {source / 'data' / 'newsmap.sqlite'};" in text
