"""The newsmap dashboard: filters in the sidebar, the event map with a side panel, timeline,
table, country totals, share link, exports and ingest.

Run with ``python -m dashboard`` (or ``streamlit run dashboard/app.py`` from the project root).
Widgets and layout only: data lives in dashboard.data/filters/aggregate, the map in
dashboard.maps/layers, URL state in dashboard.urlstate, the panels in dashboard.views.
"""

# Streamlit puts this file's folder (dashboard/) on sys.path, not the project root: add the
# root so the project's packages (dashboard, store, articles, ...) import as packages.
import sys
from dataclasses import replace
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import (  # noqa: E402
    access,
    aggregate,
    assets,
    data,
    datewidgets,
    exports,
    feed_view,
    first_start,
    layers,
    live,
    maps,
    page_data,
    panel,
    replay,
    replay_bar,
    sidebar,
    timeline,
    urlstate,
    views,
)
from dashboard.notices import notice  # noqa: E402
from store.db import StoreError  # noqa: E402

MAP_KEY = "newsmap_map"
TABS_KEY = "t_tab"
LAYER_LABELS = {
    "markers": "Markers",
    "heat": "Heat map",
    "countries": "Countries",
    "animation": "Day by day",
}

# Visitors see a generic message for an uncaught error, never a traceback with server paths
# (the details go to the server log); also in .streamlit/config.toml and python -m dashboard's
# flags, and here for `streamlit run dashboard/app.py` started from any folder.
st.set_option("client.showErrorDetails", "none")
access.install_clear_cache_guard()  # no-op after the first run in this process
st.set_page_config(page_title="Newsmap: events on a map", page_icon="🗺️", layout="wide")
st.html(assets.PAGE_CSS)  # the map fills the page: a thin top band, a small title
st.title("Newsmap")
assets.ensure_static()  # Leaflet & co. into dashboard/static/vendor (served at /app/static)
readonly = data.read_only()
ingest = access.page_ingest()  # off on a public server unless the operator set a token

# -- the store (first start: ingest the bundled samples, unless read-only) ------------------
path = data.store_path()
try:
    if not readonly and data.needs_samples(path):
        first_start.ingest_samples(path)  # each stage named in the page as it runs
    stamp = data.store_stamp(str(path))
    data.synced(str(path), stamp)  # the events' columnar copy, brought up to date
    page_data.links_job(str(path), stamp)  # links across articles, in the background
    found = page_data.load_regions(str(path), stamp)
    everything = page_data.choices(str(path), stamp)  # what a link may name
except (StoreError, data.IngestError, data.MirrorError) as exc:
    notice("error", "The store cannot be shown.", str(exc))
    st.stop()
ss = st.session_state

# -- first run of a session: everything from the link ----------------------------------------
if "newsmap_init" not in ss:
    known = urlstate.Known(
        countries=set(data.country_names()) | set(everything.countries),
        regions=set(everything.regions),
        kinds=set(everything.kinds) | layers.known_kinds(),
        sources=set(everything.sources),
    )
    parsed = urlstate.parse_query(st.query_params.to_dict(), known)
    asked = parsed.state.filters
    offered = page_data.choices(str(path), stamp, asked.show_uncertain, tuple(asked.roles))
    sidebar.init_state(parsed.state, offered.dates)
    ss.newsmap_init = True
    ss.problems = parsed.problems
    ss.link_state = parsed.state
    ss.selected = parsed.state.place
    ss.v_layers = list(parsed.state.layers)
    ss.v_base = parsed.state.base
    ss.v_follow = parsed.state.follow
    replay_bar.init_state(parsed.state.step)
    ss.last_click = None
    # The map fits itself to the events when asked by a new token: on opening without a view
    # in the link, then on each filter change while it follows the filters (maps.FitRequests).
    ss.fits = maps.FitRequests.start(fit_now=parsed.state.lat is None)

for problem in ss.problems:
    st.warning(problem, icon="⚠️")

# -- filters (offering what the rows shown can hold: no kind or date of hidden rows) ---------
roles = sidebar.current_roles()
options = page_data.choices(str(path), stamp, bool(ss.get("f_uncertain")), roles)
bounds = options.dates
replay_bar.advance_if_due(bounds)  # a playing replay's next window, before the date widgets
chosen = sidebar.current_filters(bounds)
# While replaying, the page leaves undated rows out (no window holds them); the link keeps
# ``chosen``, and closing the replay brings them back.
key = (str(path), stamp, replay.shown_filters(chosen, replay_bar.replaying()))
left = page_data.funnel(*key)
with st.sidebar:
    sidebar.render(options, found, bounds, left, page_data.uncertain(*key))
shown = page_data.counts(*key)
with st.sidebar.container(key="newsmap_summary"):
    hidden = page_data.hidden_mentions(*key)
    st.markdown(views.summary(shown, everything.total, chosen.roles, hidden))
refresh = live.refresh_seconds()
if refresh is not None:
    with st.sidebar:
        live.toggle()

# -- layers, base style and fitting, in one row that wraps on narrow screens ----------------
with st.container(horizontal=True, vertical_alignment="center", key="newsmap_toolbar"):
    st.segmented_control(
        "Layers",
        urlstate.LAYERS,
        selection_mode="multi",
        key="v_layers",
        format_func=LAYER_LABELS.get,
        label_visibility="collapsed",
        width="content",
    )
    st.segmented_control(
        "Base map",
        urlstate.BASES,
        key="v_base",
        format_func=lambda b: maps.BASES[b].label,
        label_visibility="collapsed",
        width="content",
    )
    st.toggle(
        "Fit map to filters",
        key="v_follow",
        on_change=lambda: ss.fits.ask() if ss.v_follow else None,
        help="On: each filter change zooms the map to the events it leaves. Off: the map keeps "
        "its view (a shared link with a view opens this way). The ⛶ button on the map fits it "
        "to the events at any time.",
        width="content",
    )
    replay_bar.toggle()
# The time slider, in a place of its own whether shown or not: an element that comes and
# goes above the map would make the page draw the map anew (losing its view).
with st.container(key="newsmap_replay_slot"):
    if ss.v_replay:  # windows over the filtered rows' dates, whatever the date filter
        any_date = replace(chosen, date_from=None, date_to=None)
        span = timeline.date_span(page_data.daily(str(path), stamp, any_date))
        hidden = page_data.undated(str(path), stamp, any_date)
        replay_bar.render(span, datewidgets.picked(), bounds, hidden)
active = tuple(x for x in urlstate.LAYERS if x in (ss.v_layers or ()))
base = ss.v_base or "outlines"

# -- the map: base kept mounted, data layers aggregated server-side for the current view ------
reported = ss.get(MAP_KEY) or {}
if "anchor" not in ss:
    ss.anchor = urlstate.resolve_view(ss.link_state, maps.initial_view(page_data.first_view(*key)))
    ss.anchor_base = base
if ss.anchor_base != base:  # a new base style remounts the map: keep the view
    ss.anchor = urlstate.map_view(reported, ss.anchor)
    ss.anchor_base = base
    ss.last_click = None
lat, lon, zoom = urlstate.map_view(reported, ss.anchor)
view = urlstate.map_bounds(reported) or aggregate.view_box(lat, lon, zoom)

# The markers for this view (bounded: places, or cells of them), and the places a click picks.
cells, place_rows = page_data.map_cells(*key, zoom, view)
# A replay keeps the map where the reader put it: its windows are no reason to fit.
fitting = replace(chosen, date_from=None, date_to=None) if ss.v_replay else chosen
ss.fits.filters_now(fitting, follow=ss.v_follow and shown.places > 0)
clicked = reported.get("last_object_clicked")
count = reported.get("last_object_clicked_count")
if clicked and count and count != ss.last_click:  # a new click (the same marker counts again)
    ss.last_click = count
    hit = aggregate.nearest_place(place_rows, clicked["lat"], clicked["lng"], zoom)
    if hit is not None:
        ss.selected = hit

# Each layer's rows only for the layers shown (the country totals: see the tabs below).
kinds, mentions_only = page_data.legend_kinds(*key) if "markers" in active else ((), False)
days, frames = page_data.animation(*key, zoom) if "animation" in active else ((), ())
layer_data = layers.LayerData(
    zoom=zoom,
    cells=cells,
    legend_kinds=tuple(kinds),
    mentions_only=mentions_only,
    credits=tuple(page_data.credits(*key)) if "markers" in active else (),
    heat=tuple(map(tuple, page_data.heat_points(*key, zoom, view))) if "heat" in active else (),
    animation=(tuple(days), tuple(map(tuple, frames))),
    totals=page_data.totals(*key) if "countries" in active else layers.NO_TOTALS,
    view=view,
    selected=ss.selected,
    extent=page_data.extent(*key),
    fit=ss.fits.token,
    focus=ss.get("focus"),
)
# The map, and beside it (below it on a narrow screen) a column with the selected place's
# panel over the live feed; page.css sizes the column and lets each part scroll.
columns = st.columns([5, 2], gap="small")
with columns[0].container(key="newsmap_map"):
    alat, alon, azoom = ss.anchor
    result = st_folium(
        maps.base_map(alat, alon, azoom, base=base),
        key=MAP_KEY,
        feature_group_to_add=list(layers.overlay_groups(layer_data, active)),
        returned_objects=["center", "zoom", "bounds", "last_object_clicked"]
        + ["last_object_clicked_count"],
        height=maps.MAP_HEIGHT,  # page.css stretches it to the window's height
        use_container_width=True,
    )
with columns[1].container(key="newsmap_side"):
    if ss.selected:
        with st.container(key="newsmap_panel"):
            st.button("Clear selection", key="p_clear", on_click=lambda: ss.update(selected=None))
            here = page_data.place_rows(*key, *ss.selected)
            if here.empty:
                st.info("No rows at the selected place under the current filters.")
            else:
                st.html(panel.panel_html(here))
    with st.container(key="newsmap_feed"):
        feed_view.render(lambda limit: page_data.feed_cards(*key, limit), key[2], stamp)

# -- the URL always mirrors filters, view, selection and layers ------------------------------
view_lat, view_lon, view_zoom = urlstate.map_view(result, (lat, lon, zoom))
state = urlstate.ViewState(
    filters=chosen,
    lat=view_lat,
    lon=view_lon,
    zoom=view_zoom,
    follow=ss.v_follow,
    place=ss.selected,
    layers=active,
    base=base,
    step=replay_bar.unit_shown(),
)
params = urlstate.encode_query(state)
if params != st.query_params.to_dict():
    st.query_params.from_dict(params)

# -- below the map ---------------------------------------------------------------------------
# Only the open tab is drawn (a tab change reruns the page): the table, the country totals
# (events/tolls.py reads every figure) and the exports cost each rerun their time and the
# page its bytes, most of all at 100,000 events.
names = ["Timeline", "Events table", "Countries", "Share & export"]
if "t_inview" in ss:  # a widget's value outlives a run that does not draw it only so
    ss.t_inview = ss.t_inview
tabs = st.tabs(
    names + (["Add articles"] if ingest.offered else []), key=TABS_KEY, on_change="rerun"
)
if tabs[0].open:
    with tabs[0]:
        views.timeline_tab(
            page_data.daily(*key),
            (chosen.date_from, chosen.date_to, ss.get("t_round", 0)),
            lambda first, last: datewidgets.set_dates(first, last, bounds),
        )
if tabs[1].open:
    with tabs[1]:
        every = shown.events + shown.mentions
        inside_only = st.checkbox("Only rows inside the map view", key="t_inview")
        page, count = page_data.table(*key, view if inside_only else None)
        views.events_table(page, count, every)
if tabs[2].open:
    with tabs[2]:
        st.dataframe(views.country_rows(page_data.totals(*key)), hide_index=True, width="stretch")
if tabs[3].open:
    with tabs[3]:
        views.share_and_export(
            urlstate.share_url(st.context.url or "", state),
            shown.events + shown.mentions,
            lambda: page_data.export_rows(*key),
            lambda: exports.standalone_html(
                layer_data, active, (view_lat, view_lon, view_zoom), base
            ),
        )
if ingest.offered and tabs[4].open:
    with tabs[4]:
        views.ingest_panel(path, ingest.token)
with st.sidebar:  # checks the store now and then; draws nothing
    live.watch(path, stamp, refresh, lambda: data.store_stamp(str(path)))
    replay_bar.ticker()  # a playing replay's clock
st.caption(
    "Places: GeoNames (CC BY 4.0). Outlines: Natural Earth. Tiles (online styles): © "
    "OpenStreetMap contributors, © CARTO. Articles keep their own licences (e.g. Wikinews, "
    "CC BY 2.5)."
)
