"""The newsmap dashboard: filters in the sidebar, the event map, share link and downloads.

Run with ``python -m dashboard`` (or ``streamlit run dashboard/app.py`` from the project root).
Widgets and layout only: data lives in dashboard.data, the map in dashboard.maps, URL state in
dashboard.urlstate.
"""

# Streamlit puts this file's folder (dashboard/) on sys.path, not the project root: add the
# root so the project's packages (dashboard, store, articles, ...) import as packages.
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import json  # noqa: E402

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import assets, data, maps, urlstate  # noqa: E402
from store.db import StoreError  # noqa: E402
from store.export import to_csv, to_geojson  # noqa: E402

MAX_MARKERS = 20_000

st.set_page_config(page_title="Newsmap: events on a map", page_icon="🗺️", layout="wide")
st.title("Newsmap")

assets.ensure_static()  # Leaflet & co. into dashboard/static/vendor (served at /app/static)

# -- the store (first start: ingest the bundled samples) -------------------------------------
path = data.store_path()
try:
    if data.needs_samples(path):
        bar = st.progress(0.0, text="First start: reading the sample articles…")

        def _progress(done: int, total: int, label: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"Ingesting samples: {done}/{total}")

        try:
            report = data.ingest_samples(path, progress=_progress)
        except ImportError as exc:
            report = None
            st.info(f"The store is empty and the sample ingest is unavailable ({exc}).")
        bar.empty()
        if report is not None:
            st.toast(f"Ingested {report.new} sample articles ({len(report.skipped)} skipped).")
    stamp = data.store_stamp(str(path))
    frame = data.load_events(str(path), stamp)
except StoreError as exc:
    st.error(str(exc))
    st.stop()

bounds = data.date_bounds(frame)

# -- first run of a session: filters and view from the link ----------------------------------
if "newsmap_init" not in st.session_state:
    known = set(data.country_names()) | set(data.country_codes(frame))
    parsed = urlstate.parse_query(st.query_params.to_dict(), known_countries=known)
    start = parsed.state
    st.session_state.newsmap_init = True
    st.session_state.problems = parsed.problems
    if bounds:
        st.session_state.f_dates = (start.date_from or bounds[0], start.date_to or bounds[1])
    st.session_state.f_undated = start.include_undated
    st.session_state.f_countries = list(start.countries)
    st.session_state.f_event = "event" in start.roles
    st.session_state.f_mention = "mention" in start.roles
    st.session_state.link_state = start

for problem in st.session_state.problems:
    st.warning(problem, icon="⚠️")

# -- filters ---------------------------------------------------------------------------------
with st.sidebar:
    st.header("Filters")
    date_from = date_to = None
    if bounds:
        if not st.session_state.get("f_dates"):  # the store had no dated events before
            st.session_state.f_dates = bounds
        chosen = tuple(st.session_state.f_dates)
        st.date_input(
            "Event dates",
            min_value=min(bounds[0], chosen[0]),
            max_value=max(bounds[1], chosen[-1]),
            key="f_dates",
        )
        picked = tuple(st.session_state.f_dates)
        if len(picked) == 2:
            date_from = None if picked[0] <= bounds[0] else picked[0]
            date_to = None if picked[1] >= bounds[1] else picked[1]
    st.checkbox("Include undated", key="f_undated", help="Events whose date is unknown")
    codes = data.country_codes(frame)
    codes += [c for c in st.session_state.f_countries if c not in codes]
    st.multiselect(
        "Countries",
        codes,
        key="f_countries",
        format_func=data.country_label,
        placeholder="All countries",
    )
    st.caption("Show")
    st.checkbox("Events (where something happened)", key="f_event")
    st.checkbox("Mentions (places named in passing)", key="f_mention")

# Neither ticked reads as "no role filter", so the map and the share link agree.
roles = tuple(r for r in urlstate.ROLES if st.session_state[f"f_{r}"]) or urlstate.ROLES
filtered = data.filter_events(
    frame,
    date_from=date_from,
    date_to=date_to,
    include_undated=st.session_state.f_undated,
    countries=st.session_state.f_countries,
    roles=roles,
)
shown, total = data.counts(filtered), data.counts(frame)
st.sidebar.markdown(
    f"**{shown.events}** events and **{shown.mentions}** mentions at **{shown.places}** places "
    f"from **{shown.articles}** articles  \n(of {total.events} events, {total.mentions} mentions, "
    f"{total.articles} articles in the store)"
)

# -- the map ---------------------------------------------------------------------------------
# The base map keeps the session's first view (the link's, else one fitting the events) so
# st_folium keeps it mounted; afterwards the map itself is the source of the view.
if "anchor" not in st.session_state:
    st.session_state.anchor = urlstate.resolve_view(
        st.session_state.link_state, maps.initial_view(filtered)
    )
lat, lon, zoom = st.session_state.anchor
on_map = filtered
if len(filtered) > MAX_MARKERS:  # every marker's popup goes to the browser: keep it bounded
    on_map = filtered.tail(MAX_MARKERS)  # rows come oldest first: keep the newest
    st.info(f"The map shows the newest {MAX_MARKERS:,} of {len(filtered):,} rows.")
parts = maps.build_map(on_map, lat, lon, zoom)
result = st_folium(
    parts.base,
    key="newsmap_map",
    feature_group_to_add=list(parts.layers),
    layer_control=parts.control,
    returned_objects=["center", "zoom", "last_object_clicked"],
    height=560,
    use_container_width=True,
)

# -- share link (the URL always mirrors filters and view) ------------------------------------
view_lat, view_lon, view_zoom = urlstate.map_view(result, (lat, lon, zoom))
state = urlstate.ViewState(
    date_from=date_from,
    date_to=date_to,
    include_undated=st.session_state.f_undated,
    countries=tuple(st.session_state.f_countries),
    roles=roles,
    lat=view_lat,
    lon=view_lon,
    zoom=view_zoom,
)
params = urlstate.encode_query(state)
if params != st.query_params.to_dict():
    st.query_params.from_dict(params)

left, right = st.columns([3, 2])
with left:
    st.markdown("**Share this view**")
    st.code(urlstate.share_url(st.context.url or "", state), language=None)
with right:
    st.markdown("**Download the filtered events**")
    st.download_button(
        "CSV", lambda: to_csv(filtered), "newsmap-events.csv", "text/csv", on_click="ignore"
    )
    st.download_button(
        "GeoJSON",
        lambda: json.dumps(to_geojson(filtered), ensure_ascii=False),
        "newsmap-events.geojson",
        "application/geo+json",
        on_click="ignore",
    )

# -- details of the clicked place, and the table ---------------------------------------------
clicked = (result or {}).get("last_object_clicked")
if clicked:
    here = data.events_at(filtered, clicked["lat"], clicked["lng"])
    if not here.empty:
        st.subheader(f"At this place: {len(here)}")
        st.dataframe(data.table_view(here), hide_index=True, width="stretch")
with st.expander(f"All {len(filtered)} filtered rows"):
    st.dataframe(data.table_view(filtered), hide_index=True, width="stretch")
st.caption(
    "Places: GeoNames (CC BY 4.0). Outlines: Natural Earth. Tiles: © OpenStreetMap "
    "contributors. Articles keep their own licences (e.g. Wikinews, CC BY 2.5)."
)
