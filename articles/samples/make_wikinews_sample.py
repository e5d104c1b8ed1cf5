"""Build ``wikinews-geovirus.jsonl`` (our JSON Lines article format) from GeoVirus.jsonl.

GeoVirus (Gritta et al. 2018) holds Wikinews articles on epidemics, CC BY 2.5. We keep only
the article text and its Wikinews URL; the gold toponyms (annotations) are left out.
Documents that share a URL are consecutive parts of one article: they are joined, paragraphs
separated by a blank line, so each article appears once (article ids come from the URL).
``published`` stays null: the URL carries no date, and a date in the text ("on February 17,
2006") is an event's, not the publication's. Titles come from the URL's page name.

Usage (from the project root):
    python articles/samples/make_wikinews_sample.py PATH/TO/GeoVirus.jsonl
writes articles/samples/wikinews-geovirus.jsonl (or the path given with --out).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

CREDIT = "Wikinews, CC BY 2.5"
DEFAULT_OUT = Path(__file__).with_name("wikinews-geovirus.jsonl")


def title_from_url(url: str) -> str:
    """The Wikinews page name of ``url``: percent-decoded, underscores to spaces."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return " ".join(name.replace("_", " ").split())


def convert(documents: Iterable[dict]) -> Iterator[dict]:
    """Our article records from GeoVirus documents, parts of one article joined, in order."""
    pending: dict | None = None
    for doc in documents:
        url, text = doc["source"], doc["text"].strip()
        if pending is not None and pending["url"] == url:
            pending["text"] += "\n\n" + text
            continue
        if pending is not None:
            yield pending
        pending = {
            "id": doc["id"],
            "url": url,
            "title": title_from_url(url),
            "published": None,
            "text": text,
            "credit": CREDIT,
        }
    if pending is not None:
        yield pending


def read_geovirus(path: Path) -> Iterator[dict]:
    """GeoVirus documents, one JSON object a line; a line without id/source/text is an error."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            doc = json.loads(line)
            missing = [key for key in ("id", "source", "text") if not doc.get(key)]
            if missing:
                raise ValueError(f"{path}:{number}: missing {missing}; is this GeoVirus.jsonl?")
            yield doc


def main(argv: list[str] | None = None) -> int:
    """Convert the GeoVirus file named on the command line; print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("geovirus", type=Path, help="path to GeoVirus.jsonl")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .jsonl path")
    args = parser.parse_args(argv)
    try:
        records = list(convert(read_geovirus(args.geovirus)))
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
