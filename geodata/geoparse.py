"""Find and resolve the place names of JSON Lines documents.

    python -m geodata.geoparse IN.jsonl > OUT.jsonl

Reads one document a line (``{"id", "text"}``) and writes one line per document:
``{"id", "toponyms": [{"start", "end", "name", "lat", "lon", "geonameid", "country_code",
"precision"}]}`` — the format the public geoparsing benchmark's scorer reads. Demonyms
("Syrian") are left out: they are context, not places named. A line that is not a JSON object
with a text is reported on stderr (with its line number) and written with no toponyms, so the
output keeps one line per input line.
"""

from __future__ import annotations

import argparse
import json
import sys

from tqdm import tqdm

from geodata.documents import read_documents
from geodata.model import ResolvedToponym


def toponym_record(resolved: ResolvedToponym) -> dict | None:
    """The JSON record of one resolved toponym (None for demonyms and unresolved names)."""
    toponym, place = resolved.toponym, resolved.place
    if toponym.demonym or place is None:
        return None
    return {
        "start": toponym.start,
        "end": toponym.end,
        "name": toponym.name,
        "lat": round(place.lat, 5),
        "lon": round(place.lon, 5),
        "geonameid": place.geonameid,
        "country_code": place.country_code,
        "precision": place.precision,
    }


def main(argv: list[str] | None = None) -> int:
    """Geoparse a JSON Lines file to standard output."""
    parser = argparse.ArgumentParser(prog="python -m geodata.geoparse", description=__doc__)
    parser.add_argument(
        "input",
        type=argparse.FileType("r", encoding="utf-8"),
        metavar="IN.jsonl",
        help='documents, one {"id", "text"} a line',
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    from geodata.geoparser import Geoparser

    geoparser = Geoparser.default()
    documents = [(d["id"], d["text"]) for d in read_documents(args.input, sys.stderr)]
    ids = [doc_id for doc_id, _ in documents]
    texts = (text for _, text in documents)
    results = geoparser.parse_many(texts)
    for doc_id, resolved in tqdm(
        zip(ids, results, strict=True), total=len(ids), disable=args.quiet, unit="doc"
    ):
        records = [r for r in map(toponym_record, resolved) if r is not None]
        sys.stdout.write(json.dumps({"id": doc_id, "toponyms": records}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
