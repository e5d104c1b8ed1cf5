"""The panels under the map: timeline, events table, country totals, share & export, ingest.

Each function draws one tab's content from frames the app already holds (cached); the chart
and table builders are pure and tested on their own.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from articles.urls import safe_http_url
from dashboard import access, data, filters, first_start, ingest, layers, page_exports, timeline
from dashboard.notices import cut, notice

ROLE_NAMES = {"event": "Event", "mention": "Mention"}


def summary(shown: data.Counts, total: data.Counts, roles, hidden: int) -> str:
    """The sidebar's count of what the filters leave (markdown): events and mentions told
    apart, and how many mentions (``hidden``) the filters pass but are not shown."""
    where = f"at **{shown.places:,}** places from **{shown.articles:,}** articles"
    if "mention" in roles:
        head = f"**{shown.events:,}** events and **{shown.mentions:,}** mentions {where}"
    else:
        head = f"**{shown.events:,}** events {where}"
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


def timeline_tab(per_day: pd.DataFrame, dates_key: tuple, set_dates) -> None:
    """The timeline tab: bars over the span where the rows are (timeline.date_span), a caption
    counting the rows left out with buttons that reach them, and a brush that sets the date
    filter: ``set_dates(first, last)`` (a callback). ``dates_key`` (the date filter now, and
    how many times the timeline set it) keys the chart, so each range opens a fresh chart: the
    browser would otherwise replay an old brush on a chart of the same key."""
    span = timeline.date_span(per_day)
    if span is None:
        st.info("No dated events under the current filters.")
        return
    chart_key = "t_chart_" + "_".join(str(d) for d in dates_key)

    def brushed() -> None:
        # One brush per chart: a chart is replaced once its brush is applied, and a late or
        # replayed selection of a chart already used must not set the dates again.
        state = st.session_state.get(chart_key)
        picked = timeline.brushed_dates(state.selection) if state else None
        if picked is not None and st.session_state.get("t_used") != chart_key:
            st.session_state.t_used = chart_key
            set_dates(*picked)

    st.altair_chart(
        timeline.chart(per_day, span), width="stretch", key=chart_key, on_select=brushed
    )
    unit = timeline.time_unit(span)[1]
    note = f"Bars per {unit}. Drag across the chart to filter the map to those dates."
    if span.left_out:
        note += (
            f" {span.left_out:,} dated "
            + ("row lies" if span.left_out == 1 else "rows lie")
            + f" far from the rest (from {span.first} to {span.last}), not on this chart:"
        )
    st.caption(note)
    if span.left_out:
        with st.container(horizontal=True):
            if span.earlier:
                st.button(
                    f"Show the {span.earlier:,} before {span.start}",
                    key="t_earlier",
                    on_click=set_dates,
                    args=(span.first, span.start - timedelta(days=1)),
                )
            if span.later:
                st.button(
                    f"Show the {span.later:,} after {span.end}",
                    key="t_later",
                    on_click=set_dates,
                    args=(span.end + timedelta(days=1), span.last),
                )


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


def share_and_export(link: str, count: int, rows, html_page) -> None:
    """Share link and downloads of the ``count`` filtered rows; ``rows()`` gives them in
    batches (page_data.export_rows), read only when a button is clicked."""
    st.text_input("Share this view (the address bar holds the same link)", link, key=None)
    st.markdown(f"**Download the {count:,} filtered rows**")
    cols = st.columns(4)
    cols[0].download_button(
        "CSV",
        lambda: page_exports.csv_text(rows()),
        "newsmap-events.csv",
        "text/csv",
        on_click="ignore",
    )
    cols[1].download_button(
        "GeoJSON",
        lambda: page_exports.geojson_text(rows()),
        "newsmap-events.geojson",
        "application/geo+json",
        on_click="ignore",
    )
    cols[2].download_button(
        "KML",
        lambda: page_exports.kml_document(rows()),
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
    """Ingest ``files``, each stage named with its progress as it runs (as on first start:
    reading, loading the model, building the gazetteer if missing, finding places and
    events), the latest article's title under it as plain text."""
    with st.container(key="i_progress"):
        bar = st.progress(0.0, text="Reading articles…")
        latest = st.empty()
    progress = first_start.PageProgress(bar, latest=latest)
    try:
        report = data.ingest_files(path, files, progress)
    except data.IngestError as exc:  # a locked or unwritable store: said in words, no trace
        st.session_state["ingest_failure"] = str(exc)
        st.rerun()  # show what was stored before it stopped
    # The bar and the last title stay until the rerun below replaces them: emptied now, the
    # page would never show the last stage done.
    notes = [
        f"Read {report.read} article(s): {report.new} new, {report.duplicates} duplicate(s), "
        f"{len(report.skipped)} skipped, {len(report.notes)} note(s) on what was kept."
    ]
    if report.new and progress.last_label:
        notes.append(f"Last stored: {cut(progress.last_label, first_start.MAX_LABEL)}")
    notes += [f"Skipped {cut(Path(str(p.path)).name)}: {p.reason}" for p in report.skipped[:20]]
    notes += [f"Note on {cut(Path(str(p.path)).name)}: {p.reason}" for p in report.notes[:20]]
    st.session_state["ingest_notes"] = notes
    st.rerun()  # show the new events everywhere
