"""The pictogram of each event kind, beside its colour in the kind table (events/kind_table.py),
so kinds are told apart by shape as well as by colour (a reader who does not see the colours, a
grey print, two close reds).

Each pictogram is one SVG path in a 16 x 16 box, filled with the even-odd rule (holes are
drawn as inner outlines), drawn for this project: no font, no image file, nothing fetched.
The dashboard draws them on the map's markers, in its legend and in the live feed, each time
from this table (dashboard.layers.kind_icon), white on the kind's colour.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from events.classify.kind_table import Kind

VIEW_BOX = "0 0 16 16"

# fmt: off
ICONS = MappingProxyType({
    # a plane seen from above, nose up
    Kind.AIR_STRIKE: (
        "M8 .8C8.8 .8 9.2 2 9.2 3.4V6L15.2 9.4V11L9.2 9.1V12.4L11 13.8V15.2L8 14.4L5 15.2"
        "V13.8L6.8 12.4V9.1L.8 11V9.4L6.8 6V3.4C6.8 2 7.2 .8 8 .8Z"
    ),
    # an artillery shell on its base
    Kind.SHELLING: (
        "M8 .8C10 2.6 10.8 4.8 10.8 7.2V12.2H5.2V7.2C5.2 4.8 6 2.6 8 .8ZM4.4 13.2H11.6V15.2H4.4Z"
    ),
    # two crossed blades, points up
    Kind.ARMED_CLASH: (
        "M1.2 1.2L4.6 2.2L8 5.6L11.4 2.2L14.8 1.2L13.8 4.6L10.4 8L14.6 12.2L12.2 14.6L8 10.4"
        "L3.8 14.6L1.4 12.2L5.6 8L2.2 4.6Z"
    ),
    # a round bomb with a lit fuse
    Kind.BOMBING: (
        "M7 5.2A5 5 0 1 1 6.99 5.2Z"
        "M9.6 4.6L11.4 2.8L13.2 4.6L11.4 6.4Z"
        "M12.4 .6H13.6V2H12.4ZM14 2.4H15.4V3.6H14Z"
    ),
    # a person (a civilian)
    Kind.VIOLENCE_AGAINST_CIVILIANS: (
        "M8 .6A2.4 2.4 0 1 1 7.99 .6ZM3.8 6.2H12.2L11 11H9.8V15.4H6.2V11H5Z"
    ),
    # a placard on a pole
    Kind.PROTEST: "M1.8 1.4H14.2V9H9.2V15.2H6.8V9H1.8ZM3.6 3.2V7.2H12.4V3.2Z",
    # a flame
    Kind.RIOT: (
        "M8.4 .6C9.4 3.6 13 5.4 13 9.8A5 5 0 0 1 3 9.8C3 7.4 4.2 6 5.2 4.6"
        "C5.6 6 6.2 6.8 7 7.4C7.4 5.2 7.2 3 8.4 .6Z"
    ),
    # handcuffs: two rings side by side
    Kind.ARREST: (
        "M4.6 5.2A3.4 3.4 0 1 1 4.59 5.2ZM4.6 7A1.6 1.6 0 1 0 4.61 7Z"
        "M11.4 5.2A3.4 3.4 0 1 1 11.39 5.2ZM11.4 7A1.6 1.6 0 1 0 11.41 7Z"
    ),
    # two chevrons: forces on the move
    Kind.DEPLOYMENT: "M1 2.6H4.4L9.8 8L4.4 13.4H1L6.4 8ZM6.2 2.6H9.6L15 8L9.6 13.4H6.2L11.6 8Z",
    # a speech bubble: talks
    Kind.MEETING: "M1.4 2H14.6V11H7.4L3.6 14.6V11H1.4ZM4 5.4V6.8H12V5.4ZM4 8V9.2H9.6V8Z",
    # a tent with its door open
    Kind.DISPLACEMENT: "M8 1.6L15.4 14.4H.6ZM8 8L5.4 14.4H10.6Z",
    # a lightning bolt
    Kind.DISASTER: "M9.8 .6L2.8 9.2H7.4L5.8 15.4L13.2 6.4H8.6L10.4 .6Z",
    # three dots: something else
    Kind.OTHER: (
        "M3 6.4A1.6 1.6 0 1 1 2.99 6.4ZM8 6.4A1.6 1.6 0 1 1 7.99 6.4Z"
        "M13 6.4A1.6 1.6 0 1 1 12.99 6.4Z"
    ),
})
# fmt: on

# An event whose kind was not found: a question mark.
UNKNOWN_KIND_ICON = (
    "M4.6 5.4C4.6 2.9 6.1 1.4 8.1 1.4C10.1 1.4 11.6 2.8 11.6 4.7C11.6 6.3 10.7 7.1 9.6 7.9"
    "C9.1 8.3 9 8.7 9 9.8H7C7 8.3 7.3 7.5 8.3 6.8C9.2 6.2 9.6 5.7 9.6 4.8C9.6 3.9 9 3.3 8.1 3.3"
    "C7.2 3.3 6.6 4 6.6 5.4ZM6.9 11.2H9.1V13.6H6.9Z"
)
# A kind the table does not know (a store written by a newer extractor): a diamond.
SPARE_ICON = "M8 1.6L14.4 8L8 14.4L1.6 8ZM8 5L5 8L8 11L11 8Z"

# What a pictogram path may hold: move, line and arc commands, numbers, nothing else.
PATH_DATA = re.compile(r"[MLHVCAZ0-9., -]+", re.IGNORECASE)
