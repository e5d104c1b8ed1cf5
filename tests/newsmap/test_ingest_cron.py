"""scripts/ingest-cron.sh, as cron runs it: from any folder, on an inbox given by a relative
path, with ingest options after the inbox."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ingest-cron.sh"
UNDATED = "Jets bomb Aleppo\n\nWarplanes struck Aleppo on Tuesday, killing 12 civilians.\n"


def _cron(args: list[str], cwd: Path, store: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMAP_")}
    env.pop("PYTHONPATH", None)  # the script finds the project's code itself
    env.update(NEWSMAP_STORE=str(store), PYTHON=sys.executable, TMPDIR=str(cwd))
    return subprocess.run(  # noqa: S603 - the project's own script
        ["sh", str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.mark.model
def test_the_cron_script_ingests_an_inbox_from_another_folder_and_archives_it(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "aleppo.txt").write_text(UNDATED, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    store = tmp_path / "s.sqlite"
    done = _cron(["../inbox", "--published-default", "2026-12-02"], elsewhere, store)
    assert done.returncode == 0, done.stderr
    assert "1 new" in done.stdout and "dated 2026-12-02 (--published-default)" in done.stdout
    archived = tmp_path / "inbox-done" / date.today().isoformat() / "aleppo.txt"
    assert archived.is_file() and list(inbox.iterdir()) == []
    with sqlite3.connect(store) as conn:
        rows = conn.execute("SELECT published, published_fallback FROM articles").fetchall()
    assert rows == [("2026-12-02", "default")]
    again = _cron(["../inbox"], elsewhere, store)  # an empty inbox: nothing to do
    assert again.returncode == 0 and again.stdout == ""


def test_the_cron_script_names_an_inbox_that_is_not_there(tmp_path):
    done = _cron(["no-such-inbox"], tmp_path, tmp_path / "s.sqlite")
    assert done.returncode == 2
    assert "no-such-inbox: no such folder" in done.stderr
    assert not (tmp_path / "s.sqlite").exists()
