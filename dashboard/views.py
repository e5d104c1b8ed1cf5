"""The panels under the map: timeline, events table, country totals, share & export, ingest.

Each function draws one tab's content from frames the app already holds (cached); the chart
and table builders are pure and tested on their own.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from articles.urls import safe_http_url
from dashboard import access, data, exports, filters, ingest, layers
from dashboard.notices import cut, notice
from store.export import to_csv, to_geojson

MENTIONS_LABEL = "Places named in passing (no event)"


def timeline_chart(per_day: pd.DataFrame) -> alt.Chart:
    """Stacked bars of events per day, coloured by kind like the map's markers; mentions, when
    shown, as a grey series of their own (counted apart: they are no events)."""
    events = per_day[per_day["role"] == "event"]
    kinds = sorted(events["kind"].unique(), key=layers.kind_label)
    labels = [layers.kind_label(k) for k in kinds]
    colours = [layers.kind_colour(k) for k in kinds]
    mentioned = bool((per_day["role"] == "mention").any())
    if mentioned:
        labels.append(MENTIONS_LABEL)
        colours.append(layers.MENTION_COLOUR)
    label = [
        layers.kind_label(k) if r == "event" else MENTIONS_LABEL
        for r, k in zip(per_day["role"], per_day["kind"], strict=True)
    ]
    frame = per_day.assign(label=label)
    unit = "Events and mentions" if mentioned else "Events"
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(day):T", title="Day"),
            y=alt.Y("sum(count):Q", title=unit),
            color=alt.Color("label:N", title="Kind", scale=alt.Scale(domain=labels, range=colours)),
            tooltip=[
                alt.Tooltip("yearmonthdate(day):T", title="Day"),
                alt.Tooltip("label:N", title="Kind"),
                alt.Tooltip("sum(count):Q", title="Count"),
            ],
        )
        .properties(height=260)
    )


ROLE_NAMES = {"event": "Event", "mention": "Mention"}


def summary(shown: data.Counts, total: data.Counts, roles, left: dict[str, int]) -> str:
    """The sidebar's count of what the filters leave (markdown): events and mentions told
    apart, and how many mentions the filters pass but the default leaves out."""
    where = f"at **{shown.places:,}** places from **{shown.articles:,}** articles"
    if "mention" in roles:
        head = f"**{shown.events:,}** events and **{shown.mentions:,}** mentions {where}"
    else:
        head = f"**{shown.events:,}** events {where}"
        hidden = left.get("text", 0) - left.get("roles", 0)
        if hidden:
            head += f"; {hidden:,} mentions (places named in passing) not shown"
    return (
        f"{head}  \n(of {total.events:,} events, {total.mentions:,} mentions, "
        f"{total.articles:,} articles in the store)"
    )


def table_rows(view: pd.DataFrame) -> pd.DataFrame:
    """The events table (from data.table_view): links only where they are plain http(s), kinds
    by name (none for a mention), roles in words."""
    view = view.copy()
    view["Link"] = [safe_http_url(u) for u in view["Link"]]
    view["Kind"] = [layers.kind_label(k) for k in view["Kind"]]
    view["Role"] = [ROLE_NAMES.get(r, str(r)) for r in view["Role"]]
    return view


def country_rows(totals: pd.DataFrame) -> pd.DataFrame:
    """Per-country totals with country names."""
    out = totals.copy()
    out.insert(0, "Country", [data.country_label(c) for c in out["country"]])
    out = out.drop(columns=["country"])
    out.columns = ["Country", "Events", "Mentions", "Killed", "Injured", "Places"]
    return out


def timeline(per_day: pd.DataFrame) -> None:
    """The timeline tab."""
    if per_day.empty:
        st.info("No dated events under the current filters.")
        return
    st.altair_chart(timeline_chart(per_day), width="stretch")


def events_table(view: pd.DataFrame, rows: int, total: int) -> None:
    """The events table tab: ``view`` from data.table_view of ``rows`` rows (of ``total``)."""
    shown = table_rows(view)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=380,
        placeholder="",  # an empty cell stays empty (Streamlit would write "None")
        column_config={
            "Link": st.column_config.LinkColumn("Link", display_text="open"),
            "Date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "Confidence": st.column_config.NumberColumn(
                "Confidence",
                format="percent",
                help="How likely the event is real, as the extractor judged it (events "
                f"under {filters.MIN_CONFIDENCE:.0%} are shown only with 'Show uncertain "
                "events'; mentions are not judged)",
            ),
        },
    )
    note = f"{rows:,} rows"
    if rows > len(shown):
        note = f"the newest {len(shown):,} of {rows:,} rows (downloads hold them all)"
    st.caption(f"Showing {note}; {total:,} rows pass the filters. Sort by clicking a column.")


def share_and_export(link: str, frame: pd.DataFrame, html_page) -> None:
    """Share link and downloads of the filtered view (built only when clicked)."""
    st.text_input("Share this view (the address bar holds the same link)", link, key=None)
    st.markdown(f"**Download the {len(frame):,} filtered rows**")
    cols = st.columns(4)
    cols[0].download_button(
        "CSV", lambda: to_csv(frame), "newsmap-events.csv", "text/csv", on_click="ignore"
    )
    cols[1].download_button(
        "GeoJSON",
        lambda: json.dumps(to_geojson(frame), ensure_ascii=False),
        "newsmap-events.geojson",
        "application/geo+json",
        on_click="ignore",
    )
    cols[2].download_button(
        "KML",
        lambda: exports.to_kml(frame),
        "newsmap-events.kml",
        "application/vnd.google-earth.kml+xml",
        on_click="ignore",
    )
    cols[3].download_button(
        "Map (HTML)", html_page, "newsmap-map.html", "text/html", on_click="ignore"
    )
    st.caption(
        "The HTML map is one standalone file: Leaflet, the dashboard's layers and the country "
        "outlines are inlined, so it opens offline (online base styles need their tiles)."
    )


def ingest_panel(path: Path, token: str | None = None) -> None:
    """Upload article files or fetch a feed/article URL into the store.

    With a ``token`` (see dashboard.access) the tab asks for it first and offers nothing else
    until this session gave it. Names, reasons and server answers are shown as plain text.
    """
    if not access.unlocked(token):
        access.token_form(token)
        return
    notes = st.session_state.pop("ingest_notes", None)
    if notes:
        summary, *skipped = notes
        notice("success", summary)
        if skipped:
            st.text("\n".join(skipped))
    failure = st.session_state.pop("ingest_failure", None)
    if failure:
        notice("error", "The ingest stopped.", failure)
    st.markdown("**Upload article files** (text, HTML, JSON Lines, RSS/Atom)")
    uploads = st.file_uploader(
        "Article files", accept_multiple_files=True, key="i_files", label_visibility="collapsed"
    )
    if st.button("Ingest the files", disabled=not uploads, key="i_go_files"):
        with tempfile.TemporaryDirectory() as scratch:
            saved, refused = ingest.save_uploads(
                ((u.name, u.getvalue()) for u in uploads), Path(scratch)
            )
            if refused:
                notice("warning", "Some files were not ingested:", "\n".join(refused))
            if saved:
                _run_ingest(path, saved)
    st.markdown("**Or fetch a feed or an article**")
    url = st.text_input("Feed or article URL", key="i_url", placeholder="https://…")
    if st.button("Fetch and ingest", disabled=not url.strip(), key="i_go_url"):
        with tempfile.TemporaryDirectory() as scratch:
            try:
                with st.spinner("Fetching…"):
                    got = ingest.fetch(url, Path(scratch))
            except ingest.FetchError as exc:
                notice("error", "Not fetched.", str(exc))
            else:
                st.text(f"Fetched {got.size:,} bytes ({cut(got.content_type, 80)}).")
                _run_ingest(path, [got.path])


def _run_ingest(path: Path, files: list[Path]) -> None:
    bar = st.progress(0.0, text="Reading articles…")

    def progress(done: int, total: int, label: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"Ingesting {done}/{total}")

    try:
        report = data.ingest_files(path, files, progress)
    except data.IngestError as exc:  # a locked or unwritable store: said in words, no trace
        bar.empty()
        st.session_state["ingest_failure"] = str(exc)
        st.rerun()  # show what was stored before it stopped
    bar.empty()
    notes = [
        f"Read {report.read} article(s): {report.new} new, {report.duplicates} duplicate(s), "
        f"{len(report.skipped)} skipped, {len(report.notes)} note(s) on what was kept."
    ]
    notes += [f"Skipped {cut(Path(str(p.path)).name)}: {p.reason}" for p in report.skipped[:20]]
    notes += [f"Note on {cut(Path(str(p.path)).name)}: {p.reason}" for p in report.notes[:20]]
    st.session_state["ingest_notes"] = notes
    st.rerun()  # show the new events everywhere
