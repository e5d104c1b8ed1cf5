"""The sidebar: filter widgets bound to session state, each with the rows it leaves.

Widgets keep their values in ``st.session_state`` under ``f_*`` keys. :func:`init_state`
fills them once per session from a share link; :func:`current_filters` reads them back into a
:class:`~dashboard.filters.Filters` (before the widgets are drawn, so the funnel counts shown
under each widget are those of this run); :func:`clear_all` resets them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import streamlit as st

from dashboard import data, datewidgets, filters, layers
from dashboard.regions import Regions
from dashboard.urlstate import PRECISIONS, ViewState

PRECISION_LABELS = {
    "town": "Town or village",
    "admin": "Province / district",
    "country": "Country",
    "region": "Wider region",
}


def init_state(start: ViewState, bounds: tuple[date, date] | None) -> None:
    """Set every filter widget's value from a parsed share link (first run of a session)."""
    f = start.filters
    ss = st.session_state
    if bounds:
        picked = (f.date_from or bounds[0], f.date_to or bounds[1])
        ss.f_dates = picked
        ss.f_dates_slider = datewidgets.clamp(picked, bounds)
    ss.f_undated = f.include_undated
    ss.f_countries = list(f.countries)
    ss.f_regions = list(f.regions)
    ss.f_kinds = list(f.kinds)
    ss.f_minc = int(f.min_casualties)
    ss.f_precisions = list(f.precisions)
    ss.f_sources = list(f.sources)
    ss.f_text = f.text
    ss.f_event = "event" in f.roles
    ss.f_mention = "mention" in f.roles
    ss.f_uncertain = f.show_uncertain


def clear_all(bounds: tuple[date, date] | None) -> None:
    """Reset every filter to its default (a button callback)."""
    init_state(ViewState(), bounds)
    datewidgets.remember()


def current_roles() -> tuple[str, ...]:
    """The roles ticked (events, mentions); neither reads as the default (events), so the
    map and the share link agree."""
    ss = st.session_state
    roles = tuple(r for r in filters.ROLES if ss.get(f"f_{r}", r in filters.DEFAULT_ROLES))
    return roles or filters.DEFAULT_ROLES


def current_filters(bounds: tuple[date, date] | None) -> filters.Filters:
    """The filters the widgets hold now (called once per run, after the callbacks)."""
    ss = st.session_state
    datewidgets.settle()  # this rerun's callbacks are over
    datewidgets.follow_bounds(bounds)
    date_from = date_to = None
    picked = tuple(ss.get("f_dates") or ())
    if bounds and len(picked) == 2:
        date_from = None if picked[0] <= bounds[0] else picked[0]
        date_to = None if picked[1] >= bounds[1] else picked[1]
    roles = current_roles()
    return filters.Filters(
        date_from=date_from,
        date_to=date_to,
        include_undated=bool(ss.get("f_undated", True)),
        countries=tuple(ss.get("f_countries", ())),
        regions=tuple(ss.get("f_regions", ())),
        kinds=tuple(ss.get("f_kinds", ())),
        min_casualties=int(ss.get("f_minc") or 0),
        precisions=tuple(ss.get("f_precisions", ())),
        sources=tuple(ss.get("f_sources", ())),
        text=str(ss.get("f_text") or "").strip()[: filters.MAX_TEXT],
        roles=roles,
        show_uncertain=bool(ss.get("f_uncertain", False)),
    )


def render(
    options: data.Choices,
    found: Regions,
    bounds: tuple[date, date] | None,
    left: dict[str, int],
    uncertain: int = 0,
) -> None:
    """Draw the filter widgets; ``left`` is the funnel (rows left after each step),
    ``uncertain`` the uncertain events the other filters leave (filters.uncertain_events)."""
    ss = st.session_state
    st.header("Filters")
    st.button("Clear all filters", on_click=clear_all, args=(bounds,), key="f_clear")
    # What is counted first: every count below holds events, and mentions only when ticked.
    st.caption("Show")
    st.checkbox("Events (where something happened)", key="f_event", on_change=_one_role)
    st.checkbox(
        "Mentions (places named in passing)",
        key="f_mention",
        on_change=_one_role,
        help="Places an article names without saying that anything happened there. Off by "
        "default: counts, charts and the table then hold events alone.",
    )
    _left(left, "roles")
    if bounds:
        if bounds[0] < bounds[1]:
            # The bounds move when uncertain events are shown or hidden: keep the value inside.
            held = tuple(ss.get("f_dates_slider") or bounds)
            if datewidgets.clamp(held, bounds) != held:
                ss.f_dates_slider = datewidgets.clamp(held, bounds)
            st.slider(
                "Event dates",
                min_value=bounds[0],
                max_value=bounds[1],
                key="f_dates_slider",
                on_change=datewidgets.slider_moved,
                format="YYYY-MM-DD",
            )
        chosen = tuple(ss.get("f_dates") or bounds)
        st.date_input(
            "Event dates (calendar)",
            min_value=min(bounds[0], chosen[0]),
            max_value=max(bounds[1], chosen[-1]),
            key="f_dates",
            on_change=datewidgets.calendar_changed,
            args=(bounds,),
        )
    replaying = bool(ss.get("v_replay"))
    st.checkbox(
        "Include undated",
        key="f_undated",
        disabled=replaying,  # no replay window holds them: hidden while it is open
        help="Events whose date is unknown"
        + (" (hidden while replaying: close the replay to see them)" if replaying else ""),
    )
    _left(left, "dates")
    _multi("Countries", options.countries, "f_countries", data.country_label, "All countries")
    _left(left, "countries")
    chosen_countries = set(ss.get("f_countries") or ())
    codes = options.regions
    if chosen_countries:
        codes = [c for c in codes if c.split(".", 1)[0] in chosen_countries]
    _multi("Admin regions", sorted(codes, key=found.label), "f_regions", found.label, "All regions")
    _left(left, "regions")
    _multi("Event kinds", options.kinds, "f_kinds", layers.kind_label, "All kinds")
    _left(left, "kinds")
    st.number_input("Minimum casualties (killed + injured)", min_value=0, step=1, key="f_minc")
    _left(left, "casualties")
    present = set(options.precisions)
    precisions = [p for p in PRECISIONS if p in present] + sorted(present - set(PRECISIONS))
    _multi(
        "Location precision",
        precisions,
        "f_precisions",
        lambda p: PRECISION_LABELS.get(p, p),
        "Any precision",
    )
    _left(left, "precisions")
    _multi("Sources", options.sources, "f_sources", str, "All sources")
    _left(left, "sources")
    st.text_input(
        "Search titles and sentences",
        key="f_text",
        max_chars=filters.MAX_TEXT,
        placeholder="e.g. convoy",
    )
    _left(left, "text")
    st.checkbox(
        "Show uncertain events",
        key="f_uncertain",
        help=f"Events the extractor judges less than {filters.MIN_CONFIDENCE:.0%} likely to be "
        "real (events stored before it judged them are always shown)",
    )
    _left(left, "uncertain")
    st.caption(_uncertain_note(uncertain, bool(ss.get("f_uncertain"))))


def _uncertain_note(count: int, shown: bool) -> str:
    """ "2 uncertain events hidden" / "2 of them uncertain" (what the toggle changes)."""
    if shown:
        return f"{count:,} of them uncertain"
    return f"{count:,} uncertain event{'s' * (count != 1)} hidden"


def _multi(
    label: str, options: Sequence[str], key: str, fmt: Callable[[str], str], placeholder: str
) -> None:
    chosen = list(st.session_state.get(key) or ())
    options = list(options) + [c for c in chosen if c not in options]
    st.multiselect(label, options, key=key, format_func=fmt, placeholder=placeholder)


def _left(left: dict[str, int], step: str) -> None:
    st.caption(f"→ {left.get(step, 0):,} left")


def _one_role() -> None:
    """Keep one role ticked at least: unticking the last one ticks events again."""
    ss = st.session_state
    if not any(ss.get(f"f_{r}") for r in filters.ROLES):
        ss.f_event = True
