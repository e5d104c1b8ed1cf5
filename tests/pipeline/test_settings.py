"""Settings: every NEWSMAP_* variable read in one place."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline import settings as settings_module
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_each_variable_lands_in_its_field():
    environ = {
        "NEWSMAP_STORE": "~/s.sqlite",
        "NEWSMAP_GAZETTEER": "/shared/gazetteer.sqlite",
        "NEWSMAP_NOMINATIM_USER_AGENT": "newsmap-test/1.0 (ops@example.org)",
        "NEWSMAP_NOMINATIM_URL": " http://127.0.0.1:8080 ",
        "NEWSMAP_ATTACH_WEIGHTS": "w.json",
        "NEWSMAP_READONLY": "yes",
        "NEWSMAP_PAGE_INGEST": "0",
        "NEWSMAP_INGEST_TOKEN": "x" * 20,
        "NEWSMAP_HOSTED": "1",
        "DASK_SCHEDULER_ADDRESS": "tcp://10.0.0.5:8786",
    }
    got = Settings.from_environ(environ)
    assert got.store == Path("~/s.sqlite").expanduser()
    assert got.gazetteer == Path("/shared/gazetteer.sqlite")
    assert got.nominatim_url == "http://127.0.0.1:8080"
    assert (got.readonly, got.page_ingest, got.hosted) == (True, False, True)
    assert got.scheduler == "tcp://10.0.0.5:8786"
    assert got.store_path() == got.store


def test_unset_and_blank_variables_leave_the_defaults():
    got = Settings.from_environ({"NEWSMAP_STORE": "  ", "NEWSMAP_PAGE_INGEST": ""})
    assert got == Settings()
    assert got.store_path().name == "newsmap.sqlite"


def test_every_newsmap_variable_the_code_reads_has_a_field():
    """A variable added anywhere in the runtime without its place here fails this test."""
    read = set()
    for package in ("articles", "dashboard", "events", "geodata", "newsmap", "pipeline", "store"):
        for path in (ROOT / package).rglob("*.py"):
            read |= set(re.findall(r'"(NEWSMAP_[A-Z_]+)"', path.read_text(encoding="utf-8")))
    known = {value for name, value in vars(settings_module).items() if name.startswith("ENV_")}
    assert read <= known, sorted(read - known)
