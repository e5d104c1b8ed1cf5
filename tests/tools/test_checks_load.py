"""The load campaign (python -m tools.checks load): three concurrent websocket sessions are all
served by ``python -m dashboard``, with its memory and page times; a page that raises or a run
that fails is counted as a failure."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from tests.dashboard.conftest import fill_gazetteer, fill_store
from tools.checks import load

ROOT = Path(__file__).resolve().parents[2]


def test_three_concurrent_sessions_are_all_served_with_memory_and_page_times(tmp_path):
    # the dashboard tests' small store and gazetteer (no ingest, no spaCy model, not the built
    # gazetteer: a unit test, well under a minute)
    store_file = fill_store(tmp_path / "store.sqlite")
    gazetteer_file = fill_gazetteer(tmp_path / "gazetteer.sqlite")
    done = subprocess.run(
        [sys.executable, "-m", "tools.checks", "load", "--sessions", "3", "--rounds", "2"]
        + ["--store", str(store_file)],
        cwd=ROOT,
        env={**os.environ, "NEWSMAP_GAZETTEER": str(gazetteer_file)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("3 concurrent websocket sessions x 2 pages each: 6 pages served")
    assert lines[1].startswith("page time: median ") and " p95 " in lines[1]
    assert lines[2].startswith("server RSS: ") and " MB at peak" in lines[2]
    assert lines[-1] == "all 3 sessions served every page"


class FakeSocket:
    """Sends what a server would: the given ForwardMsgs after the page is asked for."""

    def __init__(self, messages):
        self.messages = [m.SerializeToString() for m in messages]
        self.sent = []

    async def send(self, data):
        self.sent.append(data)

    async def recv(self):
        return self.messages.pop(0)


def _finished(status):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    message.script_finished = status
    return message


def test_a_page_that_raises_or_a_run_that_fails_is_a_failure():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    raised = ForwardMsg()
    raised.delta.new_element.exception.message = "boom"
    socket = FakeSocket([raised])
    seconds, problem = asyncio.run(load._page(socket, "http://127.0.0.1:1/", "countries=SY"))
    assert problem == "?countries=SY: the page raised" and seconds >= 0
    failed = FakeSocket([_finished(ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN)])
    assert asyncio.run(load._page(failed, "http://127.0.0.1:1/", ""))[1].startswith("?: run ended")
    fine = FakeSocket([_finished(ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY)])
    assert asyncio.run(load._page(fine, "http://127.0.0.1:1/", ""))[1] is None
    from streamlit.proto.BackMsg_pb2 import BackMsg

    asked = BackMsg()
    asked.ParseFromString(fine.sent[0])
    assert asked.rerun_script.query_string == ""
