"""The kinds' pictograms: one for every kind of the table, each its own shape, plain path
data in the 16 px box (nothing a page could read as markup, nothing fetched)."""

from __future__ import annotations

import re

from events.classify import kind_icons
from events.classify.kind_table import Kind

NUMBER = re.compile(r"-?\d*\.?\d+")


def test_every_kind_of_the_table_has_a_pictogram_of_its_own():
    assert set(kind_icons.ICONS) == set(Kind)
    shapes = [*kind_icons.ICONS.values(), kind_icons.UNKNOWN_KIND_ICON, kind_icons.SPARE_ICON]
    assert len(set(shapes)) == len(shapes)


def test_pictograms_are_plain_path_data_inside_their_box():
    for kind, path in [*kind_icons.ICONS.items(), ("?", kind_icons.UNKNOWN_KIND_ICON)]:
        assert kind_icons.PATH_DATA.fullmatch(path), kind
        assert path[0] in "Mm" and path.rstrip().endswith(("Z", "z")), kind
        # absolute commands only (upper case): every number is then a coordinate or an arc's
        # radius/flag, all inside the 16 px box
        assert not re.search(r"[a-y]", path), kind
        assert all(0 <= float(n) <= 16 for n in NUMBER.findall(path)), kind


def test_the_path_grammar_refuses_markup_and_urls():
    for hostile in ('M0 0"/><script>alert(1)</script>', "url(https://example.org/x.svg)", "M0 0;"):
        assert not kind_icons.PATH_DATA.fullmatch(hostile)
