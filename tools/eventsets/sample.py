"""Draw the sentences of the event training set and of its held-out split, reproducibly.

    python -m tools.eventsets.sample --bench ../shared/bench --out tools/eventsets

Three openly licensed sources, split by *document* so no article or wire story has sentences on
both sides:

- event_location (Halterman 2019, MIT): records not from Masdar_RA, Masdar or wiki, 40-400
  characters, deduplicated; a record's document is its wire-story id ("APW_ENG_20031101.0130").
- Wikinews (GeoVirus, CC BY 2.5): sentences of the bundled sample articles, each with the two
  sentences before it as context for the annotator.
- PLOVER gold-standard records (CC BY-SA 4.0): their sentences (threats, demands, agreements...).

Sentences already in a hand-annotated set (``events/eval/*.jsonl`` and the bench's
``events_dev``) are left out. Three quarters of each draw carry an event cue word, as in the
events_dev sample, so the sets hold enough events; the rest do not.

Writes ``pool_train.jsonl`` and ``pool_heldout.jsonl``: ``{"id", "doc", "source", "credit",
"text", "context", "published"}`` a line, in random order. Annotations go beside them
(see README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

SEED = 20261207
ANCHOR = "2009-06-12"
HELDOUT_SHARE = 0.3  # of documents
CUE_SHARE = 0.75
DRAWS = {  # source: (train, held-out)
    "evloc": (700, 250),
    "wikinews": (300, 100),
    "plover": (200, 100),
}
CUE = re.compile(
    r"\b(?:kill|dead|died|death|injur|wound|attack|strike|bomb|blast|explo|shell|shot|shoot|"
    r"clash|fight|battle|protest|rally|march|demonstrat|riot|arrest|detain|captur|seiz|kidnap|"
    r"abduct|troops|deploy|fled|flee|refugee|displaced|earthquake|flood|storm|hurricane|fire|"
    r"outbreak|cases|infect|meet|talks|summit|agree|sign|siege|raid|offensive|casualt|cull|"
    r"quarantin|evacuat|threat|warn|murder|massacre|gunm|rocket|missile|crash)",
    re.IGNORECASE,
)
# A casualty figure: a death or injury word and a number (the --casualties draws).
CASUALTY_CUE = re.compile(
    r"\b(?:kill|dead|died|dies|death|injur|wound|casualt|toll|lives|bodies|massacre|perish)",
    re.IGNORECASE,
)
NUMBER_CUE = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|dozens?|scores|hundreds|thousands)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c\u2018])")
_PARAGRAPH = re.compile(r"\n\s*\n")
_WIRE_ID = re.compile(r"^evloc-([A-Z]{3}_[A-Z]{3}_\d{8}\.\d{4})")
MIN_LEN, MAX_LEN = 40, 400


def _heldout(doc: str) -> bool:
    digest = hashlib.sha256(f"{SEED}:{doc}".encode()).digest()
    return digest[0] / 256 < HELDOUT_SHARE


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def annotated_texts(paths: list[Path]) -> set[str]:
    """Stripped texts of every sentence already in a hand-annotated set."""
    return {row["text"].strip() for path in paths for row in _jsonl(path)}


def evloc_pool(path: Path, excluded: set[str]) -> list[dict]:
    """event_location sentences: (doc, text) rows, deduplicated, none already annotated."""
    seen, rows = set(excluded), []
    for record in _jsonl(path):
        if record.get("source") in ("Masdar_RA", "Masdar", "wiki"):
            continue
        text = record["text"].strip()
        if not MIN_LEN <= len(text) <= MAX_LEN or text in seen:
            continue
        seen.add(text)
        wire = _WIRE_ID.match(record["id"])
        rows.append(
            {
                "doc": wire.group(1) if wire else record["id"].strip(),
                "record": record["id"],
                "source": "https://github.com/ahalterman/event_location",
                "credit": "event_location (Halterman 2019), MIT",
                "text": text,
                "context": "",
            }
        )
    return rows


def wikinews_pool(path: Path, excluded: set[str]) -> list[dict]:
    """Wikinews sentences with the two sentences before each as context."""
    seen, rows = set(excluded), []
    for article in _jsonl(path):
        sentences = [
            s.strip()
            for paragraph in _PARAGRAPH.split(article["text"])
            for s in _SENTENCE_END.split(paragraph)
            if s.strip()
        ]
        for i, text in enumerate(sentences):
            if not MIN_LEN <= len(text) <= MAX_LEN or text in seen:
                continue
            seen.add(text)
            rows.append(
                {
                    "doc": article["id"],
                    "record": article["id"],
                    "source": article["url"],
                    "credit": "Wikinews, CC BY 2.5",
                    "text": text,
                    "context": " ".join(
                        [article.get("title") or ""] + sentences[max(0, i - 2) : i]
                    ).strip(),
                }
            )
    return rows


def plover_pool(path: Path, excluded: set[str]) -> list[dict]:
    """PLOVER gold-standard sentences (its own codes are not copied)."""
    seen, rows = set(excluded), []
    for record in json.loads(path.read_text(encoding="utf-8")):
        text = (record.get("text") or "").strip()
        if record.get("event") == "DOCUMENT" or not MIN_LEN <= len(text) <= MAX_LEN or text in seen:
            continue
        seen.add(text)
        rows.append(
            {
                "doc": record["id"],
                "record": record["id"],
                "source": "https://github.com/openeventdata/PLOVER",
                "credit": "PLOVER gold-standard records, Open Event Data Alliance, CC BY-SA 4.0",
                "text": text,
                "context": "",
            }
        )
    return rows


def draw(rows: list[dict], count: int, rng: random.Random) -> list[dict]:
    """``count`` rows, a CUE_SHARE of them with an event cue word (fewer if the pool lacks them)."""
    cue = [r for r in rows if CUE.search(r["text"])]
    plain = [r for r in rows if not CUE.search(r["text"])]
    n_cue = min(len(cue), round(count * CUE_SHARE))
    n_plain = min(len(plain), count - n_cue)
    return rng.sample(cue, n_cue) + rng.sample(plain, n_plain)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.eventsets.sample", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--bench", type=Path, required=True, help="the shared bench folder")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument(
        "--more",
        type=int,
        default=0,
        metavar="N",
        help="instead: draw N more training sentences (train-side documents only, none drawn "
        "before) into pool_train_<NAME>.jsonl",
    )
    parser.add_argument(
        "--heldout-more",
        type=int,
        default=0,
        metavar="N",
        help="instead: draw N more held-out sentences (held-out documents only, none drawn "
        "before) into pool_heldout_<NAME>.jsonl, for annotating blind",
    )
    parser.add_argument(
        "--casualties",
        action="store_true",
        help="with --more or --heldout-more: only sentences with a death or injury word and a "
        "number (casualty figures to train or test on)",
    )
    parser.add_argument("--name", default="more", help="with --more, --heldout-more: the name")
    args = parser.parse_args(argv)
    project = Path(__file__).resolve().parents[2]
    excluded = annotated_texts(
        sorted((project / "events" / "eval").glob("*.jsonl"))
        + sorted((args.bench / "events_dev").glob("*.jsonl"))
    )
    pools = {
        "evloc": evloc_pool(args.bench / "event_location_dev.jsonl", excluded),
        "wikinews": wikinews_pool(
            project / "articles" / "samples" / "wikinews-geovirus.jsonl", excluded
        ),
        "plover": plover_pool(args.bench / "plover" / "PLOVER_GSR_CAMEO.json", excluded),
    }
    if args.more:
        if args.casualties:
            return _draw_casualties(pools, args.more, args.out, args.name)
        return _draw_more(pools, args.more, args.out, args.name)
    if args.heldout_more:
        if args.casualties:
            return _draw_casualties(pools, args.heldout_more, args.out, args.name, heldout=True)
        return _draw_heldout_more(pools, args.heldout_more, args.out, args.name)
    rng = random.Random(SEED)
    splits: dict[str, list[dict]] = {"train": [], "heldout": []}
    for source, rows in pools.items():
        n_train, n_heldout = DRAWS[source]
        splits["train"] += draw([r for r in rows if not _heldout(r["doc"])], n_train, rng)
        splits["heldout"] += draw([r for r in rows if _heldout(r["doc"])], n_heldout, rng)
        print(f"{source}: pool {len(rows)}")
    for split, rows in splits.items():
        rng.shuffle(rows)
        prefix = "tr" if split == "train" else "ho"
        with (args.out / f"pool_{split}.jsonl").open("w", encoding="utf-8") as out:
            for i, row in enumerate(rows, 1):
                record = {"id": f"{prefix}{i:04d}", **row, "published": ANCHOR}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{split}: {len(rows)} sentences")


# The later draws, as they were made: name -> (seed, id prefix, the earlier pools excluded).
LATER_DRAWS = {
    "more": (SEED + 1500, "tm", ("pool_train", "pool_heldout")),
    "more2": (SEED + 3, "tn", ("pool_train", "pool_heldout", "pool_train_more")),
    "more3": (
        SEED + 4,
        "tp",
        ("pool_train", "pool_heldout", "pool_train_more", "pool_train_more2"),
    ),
}


def _draw_more(pools: dict[str, list[dict]], count: int, out: Path, name: str) -> None:
    """More training sentences: train-side documents, none drawn before, 70% event_location
    and 30% Wikinews. ``--more 1500`` then ``--more 900 --name more2`` remake the two later
    draws (LATER_DRAWS), ``--more 900 --name more3`` the third; another name draws anew after
    all of them."""
    seed, prefix, before = LATER_DRAWS.get(
        name, (SEED + len(name), "tx", tuple(p.stem for p in sorted(out.glob("pool_*.jsonl"))))
    )
    drawn = {
        json.loads(line)["text"]
        for stem in before
        if (out / f"{stem}.jsonl").exists() and stem != f"pool_train_{name}"
        for line in (out / f"{stem}.jsonl").open(encoding="utf-8")
    }
    rng = random.Random(seed)
    rows: list[dict] = []
    for source, fraction in (("evloc", 0.7), ("wikinews", 0.3)):
        pool = [r for r in pools[source] if not _heldout(r["doc"]) and r["text"] not in drawn]
        rows += draw(pool, round(count * fraction), rng)
        print(f"{source}: {len(pool)} left")
    rng.shuffle(rows)
    with (out / f"pool_train_{name}.jsonl").open("w", encoding="utf-8") as handle:
        for i, row in enumerate(rows, 1):
            record = {"id": f"{prefix}{i:04d}", **row, "published": ANCHOR}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)} sentences")


def _seed_of(name: str) -> int:
    """A draw's seed, from its name (so a draw is remade by naming it again)."""
    return int.from_bytes(hashlib.sha256(f"{SEED}:{name}".encode()).digest()[:4], "big")


def _already_drawn(out: Path, skip: str) -> set[str]:
    """Texts of every earlier pool in ``out`` but the one named ``skip``."""
    return {
        json.loads(line)["text"]
        for path in sorted(out.glob("pool_*.jsonl"))
        if path.stem != skip
        for line in path.open(encoding="utf-8")
        if line.strip()
    }


def _draw_casualties(
    pools: dict[str, list[dict]], count: int, out: Path, name: str, heldout: bool = False
) -> None:
    """More sentences that tell a casualty figure: train-side documents (or, with
    ``heldout``, held-out ones), none drawn before, every source, each sentence with a death or
    injury word and a number. Seeded by the name."""
    stem = f"pool_{'heldout' if heldout else 'train'}_{name}"
    drawn = _already_drawn(out, stem)
    rng = random.Random(_seed_of(name))
    pool = [
        row
        for rows in pools.values()
        for row in rows
        if _heldout(row["doc"]) == heldout
        and row["text"] not in drawn
        and CASUALTY_CUE.search(row["text"])
        and NUMBER_CUE.search(row["text"])
    ]
    print(f"casualty sentences left: {len(pool)}")
    rows = rng.sample(pool, min(count, len(pool)))
    _write_pool(out / f"{stem}.jsonl", rows, name)


def _write_pool(path: Path, rows: list[dict], prefix: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i, row in enumerate(rows, 1):
            record = {"id": f"{prefix}-{i:04d}", **row, "published": ANCHOR}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{path.stem}: {len(rows)} sentences")


def _draw_heldout_more(pools: dict[str, list[dict]], count: int, out: Path, name: str) -> None:
    """A further held-out draw: held-out documents only, no sentence of an earlier pool, 70%
    event_location and 30% Wikinews (PLOVER's held-out records are all drawn). Its ids are
    the name and a number, so they never clash with another draw's. Seeded by the name, so
    ``--heldout-more 360 --name fresh1`` remakes the same draw."""
    drawn = _already_drawn(out, f"pool_heldout_{name}")
    rng = random.Random(_seed_of(name))
    rows: list[dict] = []
    for source, fraction in (("evloc", 0.7), ("wikinews", 0.3)):
        pool = [r for r in pools[source] if _heldout(r["doc"]) and r["text"] not in drawn]
        rows += draw(pool, round(count * fraction), rng)
        print(f"{source}: {len(pool)} left")
    rng.shuffle(rows)
    _write_pool(out / f"pool_heldout_{name}.jsonl", rows, name)


if __name__ == "__main__":
    main()
