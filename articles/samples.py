"""The sample corpus bundled with the project (see ``articles/samples/CREDITS.md``).

The dashboard ingests these on its first start, so a fresh install has a map to show.
"""

from __future__ import annotations

from pathlib import Path

from articles.readers import ReadResult, combine, read_file

SAMPLES_DIR = Path(__file__).with_name("samples")
SAMPLE_FILES = (
    "us-air-raids-northern-syria-2016-07-22.txt",
    "wikinews-geovirus.jsonl",
)


def sample_paths() -> list[Path]:
    """The bundled article files, in a stable order (their sidecars are read with them)."""
    return [SAMPLES_DIR / name for name in SAMPLE_FILES]


def read_samples() -> ReadResult:
    """Every bundled sample article (a problem, not an exception, if a file has gone missing)."""
    return combine(read_file(path) for path in sample_paths())
