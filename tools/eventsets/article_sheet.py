"""Sheets for judging events article by article, as a careful reader would.

    python -m tools.eventsets.article_sheet ARTICLES.jsonl --ids ID ... --out SHEET.jsonl [--all]

For each chosen article (JSON Lines of ``{"id", "url", "title", "published", "text"}``): its
text, and every event the map would show by default (a place on the map, confidence at least
the dashboard's threshold), each with kind, status, date, place, figures and sentence. A reader
adds a judgement to each event (``real``, ``kind_right``, ``place_right``, ``status_right``)
and lists the events the article reports that the map misses; ``python -m
tools.eventsets.article_sheet --score SHEET.jsonl`` then prints the article-level figures.
With ``--all`` the sheet holds every located event, also those the map hides as uncertain
(for learning how sure to be of them); each event carries its stable ``id`` so a judged sheet
can be matched with a later run of the extractor.

The events a reader listed as missed stay missed when the extractor changes, until a reader
says a shown event now tells one: ``--rescore JUDGED... --recheck-out RECHECK.jsonl`` writes
each article's missed events beside what the map shows now; the reader fills ``covered``
(``{"missed": TEXT, "by": INDEX into shown}``), and the filled file, given to ``--rescore``
with the judged sheets, counts a missed event as found while a real event that tells it is
still shown.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

from articles.model import Article

_JUDGED = ("real", "kind_right", "place_right", "status_right")


def sheet_rows(articles: list[Article], geoparser, everything: bool = False) -> list[dict]:
    """One row per article with the events the map shows by default (``everything``: every
    located event)."""
    from dashboard.filters import MIN_CONFIDENCE
    from events.extract import extract_many

    admin = getattr(getattr(geoparser, "gazetteer", None), "admin1", None)
    resolved = list(geoparser.parse_many(a.text for a in articles))
    rows = []
    for article, events in zip(
        articles, extract_many(zip(articles, resolved, strict=True), None, admin), strict=True
    ):
        floor = 0.0 if everything else MIN_CONFIDENCE
        shown = [e for e in events if e.role == "event" and e.located and e.confidence >= floor]
        rows.append(
            {
                "id": article.id,
                "title": article.title,
                "text": article.text,
                "events": [
                    {
                        "id": e.id,
                        "kind": e.kind,
                        "status": e.status,
                        "trigger": e.trigger,
                        "place": e.resolved_name,
                        "place_as_written": e.name,
                        "place_source": e.place_source,
                        "country": e.country_code,
                        "date": e.date.isoformat() if e.date else None,
                        "killed": e.killed,
                        "injured": e.injured,
                        "sentence": e.snippet,
                        **{k: None for k in _JUDGED},
                    }
                    for e in shown
                ],
                "missed": [],
            }
        )
    return rows


def score(rows: list[dict]) -> dict[str, float]:
    """Shares of judged events that are real, of the right kind, place, status, all four;
    and the share of the reader's events that the map shows."""
    judged = [e for r in rows for e in r["events"] if e.get("real") is not None]
    out = {"events": len(judged)}
    for key in _JUDGED:
        values = [bool(e.get(key)) for e in judged]
        out[key] = sum(values) / len(values) if values else 0.0
    out["all_four"] = (
        sum(all(e.get(k) for k in _JUDGED) for e in judged) / len(judged) if judged else 0.0
    )
    found = sum(bool(e.get("real")) for e in judged)
    missed = sum(len(r.get("missed") or []) for r in rows)
    out["recall"] = found / (found + missed) if found + missed else 0.0
    return out


def _key(event: dict) -> tuple:
    return (sentence_digest(event), event["trigger"], event["place"], event["kind"])


def sentence_digest(event: dict) -> str:
    """The event's sentence as a digest: a sheet of articles whose text may not be shared
    keeps only this (:func:`without_text`) and still matches a later run."""
    if "sentence_sha256" in event:
        return event["sentence_sha256"]
    return hashlib.sha256(event["sentence"].encode("utf-8")).hexdigest()


def without_text(rows: list[dict]) -> list[dict]:
    """A judged sheet with no text of the articles: no article text or title, each event's
    sentence as its digest. The judgements, triggers, places and the reader's own notes of
    missed events stay."""
    out = []
    for row in rows:
        events = []
        for event in row.get("events") or []:
            kept = {k: v for k, v in event.items() if k != "sentence"}
            events.append({**kept, "sentence_sha256": sentence_digest(event)})
        stripped = {k: v for k, v in row.items() if k not in ("text", "title", "shown")}
        out.append({**stripped, "events": events})
    return out


def merge_sheets(sheets: list[list[dict]]) -> list[dict]:
    """One judged sheet from several (a first judgement and later ones of events it lacked):
    rows of one article joined, events in order, an event judged twice kept once."""
    merged: dict[str, dict] = {}
    for rows in sheets:
        for row in rows:
            into = merged.setdefault(row["id"], {**row, "events": [], "missed": [], "covered": []})
            known = {_key(e) for e in into["events"]}
            into["events"] += [e for e in row.get("events") or [] if _key(e) not in known]
            into["missed"] += [m for m in row.get("missed") or [] if m not in into["missed"]]
            into["covered"] += _coverings(row)
    return list(merged.values())


def _coverings(row: dict) -> list[tuple[str, tuple]]:
    """A re-check's answers as (missed event, key of the shown event that tells it)."""
    shown = row.get("shown") or []
    return [
        (c["missed"], _key(shown[c["by"]]))
        for c in row.get("covered") or []
        if c.get("by") is not None and 0 <= c["by"] < len(shown)
    ]


def recheck_rows(judged: list[dict], current: list[dict]) -> list[dict]:
    """For each article with events the reader listed as missed: those events and what the map
    shows now, for a reader to say which missed event a shown one now tells (``covered``: a
    list of ``{"missed": TEXT, "by": INDEX into shown}``)."""
    now = {row["id"]: row for row in current}
    rows = []
    for row in judged:
        answered = {missed for missed, _ in row.get("covered") or []}
        missed = [m for m in row.get("missed") or [] if m not in answered]
        shown = now.get(row["id"], {}).get("events") or []
        if missed and shown:
            rows.append(
                {
                    "id": row["id"],
                    "title": row.get("title", ""),
                    "text": row.get("text", ""),
                    "missed": missed,
                    "shown": [
                        {k: e.get(k) for k in ("sentence", "trigger", "place", "kind", "status")}
                        for e in shown
                    ],
                    "covered": [],
                }
            )
    return rows


def unjudged_rows(judged: list[dict], current: list[dict]) -> list[dict]:
    """The rows of ``current`` with only the events ``judged`` lacks (to be judged next)."""
    before = {row["id"]: {_key(e) for e in row["events"]} for row in judged}
    rows = []
    for row in current:
        new = [e for e in row["events"] if _key(e) not in before.get(row["id"], set())]
        if new:
            rows.append({**row, "events": new, "missed": []})
    return rows


def rescore(judged: list[dict], current: list[dict]) -> dict[str, float]:
    """The figures of :func:`score` for what the map shows now (``current``, sheet rows of a
    new run) as far as the reader judged it: an event still shown keeps its judgement, one no
    longer shown leaves the figures (a real one counts as missed unless a real event of its
    sentence is still shown), one never judged is counted apart (``unjudged``)."""
    now = {row["id"]: {_key(e) for e in row["events"]} for row in current}
    kept_rows, dropped, dropped_real = [], 0, 0
    for row in judged:
        shown = now.get(row["id"], set())
        kept = [e for e in row["events"] if _key(e) in shown]
        gone = [e for e in row["events"] if _key(e) not in shown]
        dropped += len(gone)
        # A real event gone is missed, unless a real event of its sentence is still shown
        # (told by another trigger now, or placed elsewhere: judged as that one).
        still = {sentence_digest(e) for e in kept if e.get("real")}
        lost = [
            (e.get("sentence") or e["trigger"])[:60]
            for e in gone
            if e.get("real") and sentence_digest(e) not in still
        ]
        dropped_real += len(lost)
        # A missed event that a re-check found told by an event judged real is that event
        # from then on: found while it is shown, missed (as lost) when it is not.
        real = {_key(e) for e in row["events"] if e.get("real")}
        told = {missed for missed, key in row.get("covered") or [] if key in real}
        missed = [m for m in row.get("missed") or [] if m not in told]
        kept_rows.append({**row, "events": kept, "missed": missed + lost})
    before = {row["id"]: {_key(e) for e in row["events"]} for row in judged}
    out = score(kept_rows)
    out["no_longer_shown"] = dropped
    out["of_them_real"] = dropped_real
    out["unjudged"] = sum(len(keys - before.get(i, set())) for i, keys in now.items())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.eventsets.article_sheet", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("articles", type=Path, nargs="?")
    parser.add_argument("--ids", nargs="*", default=[])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--score", type=Path, help="a judged sheet to score")
    parser.add_argument(
        "--rescore",
        type=Path,
        nargs="+",
        help="judged sheets (of the same articles: joined): run the extractor again on their "
        "articles (from ARTICLES) and score what the map shows now as far as it was judged",
    )
    parser.add_argument(
        "--unjudged-out",
        type=Path,
        help="with --rescore: write a sheet of the events shown now that were never judged",
    )
    parser.add_argument(
        "--recheck-out",
        type=Path,
        help="with --rescore: write, for each article, the events the reader listed as missed "
        "beside what the map shows now, for a reader to say which are now told",
    )
    parser.add_argument(
        "--all", action="store_true", help="every located event, also those the map hides"
    )
    parser.add_argument(
        "--without-text",
        type=Path,
        help="a judged sheet to write again to --out with no text of its articles (each "
        "sentence as a digest), for sources whose text may not be shared",
    )
    args = parser.parse_args(argv)
    if args.without_text:
        rows = [json.loads(line) for line in args.without_text.open(encoding="utf-8")]
        _write(args.out or Path("/dev/stdout"), without_text(rows))
        return 0
    if args.score:
        rows = [json.loads(line) for line in args.score.open(encoding="utf-8") if line.strip()]
        for key, value in score(rows).items():
            print(f"{key:>13} {value:.3f}" if isinstance(value, float) else f"{key:>13} {value}")
        return 0
    from geodata.geoparser import Geoparser

    judged = []
    if args.rescore:
        judged = merge_sheets(
            [[json.loads(line) for line in p.open(encoding="utf-8") if line.strip()]
             for p in args.rescore]
        )  # fmt: skip
        args.ids = [row["id"] for row in judged]
    wanted = set(args.ids)
    articles = []
    for line in args.articles.open(encoding="utf-8"):
        record = json.loads(line)
        if record["id"] in wanted:
            published = record.get("published")
            articles.append(
                Article(
                    id=record["id"],
                    title=record.get("title") or "",
                    text=record["text"],
                    url=record.get("url"),
                    published=date.fromisoformat(published[:10]) if published else None,
                )
            )
    rows = sheet_rows(articles, Geoparser.default(), everything=args.all)
    if args.rescore:
        if args.unjudged_out:
            _write(args.unjudged_out, unjudged_rows(judged, rows))
        if args.recheck_out:
            _write(args.recheck_out, recheck_rows(judged, rows))
        for key, value in rescore(judged, rows).items():
            print(f"{key:>15} {value:.3f}" if isinstance(value, float) else f"{key:>15} {value}")
        return 0
    _write(args.out or Path("/dev/stdout"), rows)
    print(f"{len(rows)} articles, {sum(len(r['events']) for r in rows)} events", file=sys.stderr)
    return 0


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
