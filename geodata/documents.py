"""Reading benchmark-style documents: one JSON object a line with an "id" and a "text"."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO


def read_corpus(path: Path, limit: int | None = None) -> list[dict]:
    """Gold documents of a JSON Lines corpus (the first ``limit`` when given).

    Unlike :func:`read_documents`, a broken line is an error: a gold corpus is scored whole.
    """
    docs = []
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                docs.append(json.loads(line))
                if limit is not None and len(docs) >= limit:
                    break
    return docs


def read_documents(
    lines: TextIO, errors: TextIO, check: Callable[[dict], object] | None = None
) -> Iterator[dict]:
    """One record per non-blank line, its "id" as a string (the line number when missing).

    A line that is not a JSON object with a string "text", or that ``check`` rejects with a
    ValueError, is reported on ``errors`` (file and line number) and yields
    ``{"id": "line-N", "text": ""}``, so outputs keep one line per input document.
    """
    name = getattr(lines, "name", "<input>")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError("expected an object with a string 'text'")
            if check is not None:
                check(record)
        except ValueError as error:
            print(f"{name}:{number}: skipped: {error}", file=errors)
            record = {"text": ""}
        yield {**record, "id": str(record.get("id", f"line-{number}"))}
