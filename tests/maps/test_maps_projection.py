"""Lambert-93 formulas, frames and the compact path data."""

from __future__ import annotations

import pytest

from generator.site.maps import projection
from generator.site.maps.pathdata import decode_path, encode_path, point_in_rings, ring_area

# Reference values computed with PROJ (pyproj, EPSG:4326 -> EPSG:2154).
LAMBERT93_REFERENCES = [
    ((3.0, 46.5), (700_000.0, 6_600_000.0)),
    ((2.3488, 48.8534), (652_216.626, 6_861_681.500)),
    ((-4.48, 48.39), (147_078.331, 6_836_175.334)),
    ((9.4, 41.4), (1_236_172.217, 6_054_872.746)),
    ((7.75, 48.58), (1_050_163.944, 6_841_622.715)),
    ((1.44, 43.6), (574_008.364, 6_279_127.408)),
]


@pytest.mark.parametrize(("lonlat", "expected"), LAMBERT93_REFERENCES)
def test_lambert93_matches_proj_to_the_centimetre(
    lonlat: tuple[float, float], expected: tuple[float, float]
) -> None:
    x, y = projection.lambert93(*lonlat)
    assert x == pytest.approx(expected[0], abs=0.01)
    assert y == pytest.approx(expected[1], abs=0.01)


def test_project_picks_the_frame_of_the_departement() -> None:
    # Saint-Denis de La Réunion lands in the Réunion inset, Bourges in metropolitan France.
    frame = projection.frame_for("974")
    assert frame.key == "974" and frame.box is not None
    x, y = projection.project(55.45, -20.88, "974")
    bx, by, bw, bh = frame.box
    assert bx < x < bx + bw and by < y < by + bh
    assert projection.frame_for("18") is projection.METRO
    assert projection.zoom_frame_for("93") is projection.ZOOM
    assert projection.zoom_frame_for("18") is None
    # North is up and east is right in every frame.
    for dep, lon, lat in (("18", 2.4, 47.1), ("974", 55.5, -21.1), ("973", -53.0, 4.0)):
        x0, y0 = projection.project(lon, lat, dep)
        x1, y1 = projection.project(lon + 0.05, lat + 0.05, dep)
        assert x1 > x0 and y1 < y0


def test_every_inset_is_labelled_in_french() -> None:
    labels = {f.key: f.short for f in projection.inset_frames()}
    assert labels == {
        "971": "Guadeloupe",
        "972": "Martinique",
        "973": "Guyane",
        "974": "La Réunion",
        "976": "Mayotte",
        "zoom": "Paris",
    }


def test_path_data_round_trip_with_negative_steps_and_several_rings() -> None:
    rings = [
        [(10, 10), (20, 10), (20, 25), (5, 30), (10, 10)],
        [(100, 50), (90, 40), (120, 35)],
    ]
    d = encode_path(rings)
    assert d.startswith("M10 10") and "m" in d and "-" in d
    assert decode_path(d) == [
        [(10.0, 10.0), (20.0, 10.0), (20.0, 25.0), (5.0, 30.0)],
        [(100.0, 50.0), (90.0, 40.0), (120.0, 35.0)],
    ]


def test_degenerate_rings_are_dropped() -> None:
    assert encode_path([[(0, 0), (0, 0), (1, 1)], [(0, 0), (4, 0), (4, 4)]]) == "M0 0h4v4z"


def test_point_in_polygon_with_a_hole_even_odd() -> None:
    outer = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    hole = [(3.0, 3.0), (7.0, 3.0), (7.0, 7.0), (3.0, 7.0)]
    assert point_in_rings(1, 1, [outer, hole])
    assert not point_in_rings(5, 5, [outer, hole])
    assert not point_in_rings(11, 5, [outer, hole])
    assert ring_area(outer) == 100
