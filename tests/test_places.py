"""« Mon territoire »: bordering départements from the shapes, and each place's three lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import Content

from generator.check.validate import validate_content
from generator.geo import geodata
from generator.model import Catalogue, build_catalogue
from generator.site import places
from generator.site.contents import site_contents
from generator.site.places import PlaceIndex, _fold, commune_files
from generator.site.render.pages import SitePage
from tools.geometry.neighbours import neighbours, write_neighbours

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "fixtures" / "valid"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result = validate_content(VALID)
    assert result.ok
    return build_catalogue(result.content)


# --- Neighbours --------------------------------------------------------------------------


def test_squares_sharing_a_side_or_close_within_tolerance_are_neighbours() -> None:
    paths = {
        "a": "M0 0h10v10h-10z",
        "b": "M10 0h10v10h-10z",  # shares a side with a
        "c": "M20.5 0h10v10h-10z",  # half a unit from b: within the tolerance
        "d": "M40 0h10v10h-10z",  # far from everything
    }
    assert neighbours(paths, tolerance=1.0) == {
        "a": ["b"],
        "b": ["a", "c"],
        "c": ["b"],
        "d": [],
    }
    assert neighbours(paths, tolerance=0.25)["c"] == []


def test_known_borders_are_found_and_islands_have_none() -> None:
    found = geodata.neighbours()
    assert set(found) == set(geodata.departements())
    assert "86" in found["79"] and "79" in found["86"]  # Deux-Sèvres and Vienne
    assert found["2A"] == ("2B",) and found["2B"] == ("2A",)
    assert set(found["75"]) == {"92", "93", "94"}  # Paris, inside the petite couronne
    assert "04" in found["13"]  # a short border, a single vertex once simplified
    assert "67" not in found["75"]
    for overseas in ("971", "972", "973", "974", "976"):
        assert found[overseas] == ()
    for code, others in found.items():
        for other in others:
            assert code in found[other], (code, other)


def test_committed_neighbours_are_what_the_tool_computes(tmp_path: Path) -> None:
    # voisins.json must be regenerated whenever departements.json is.
    (tmp_path / "departements.json").write_bytes(
        (geodata.DATA_DIR / "departements.json").read_bytes()
    )
    written = write_neighbours(tmp_path)
    committed = json.loads((geodata.DATA_DIR / "voisins.json").read_text(encoding="utf-8"))
    assert json.loads(written.read_text(encoding="utf-8")) == committed


# --- Present, nearby, not yet present ---------------------------------------------------------


def _names(entries) -> dict[str, object]:
    return {i.id: extra for i, extra in entries}


def test_present_nearby_and_absent_on_the_fixture(catalogue: Catalogue) -> None:
    index = PlaceIndex(catalogue)
    deux_sevres = index.place("departement", "79", "Deux-Sèvres", ("79",))
    present = _names(deux_sevres.present)
    assert present["atelier-des-possibles"] == ["née : Parthenay", "portée : Parthenay"]
    assert present["relais-mobilite-test"] == ["essaimée : Parthenay"]
    assert [i.id for i in deux_sevres.absent] == ["cooperative-emploi-test"]

    vienne = index.place("departement", "86", "Vienne", ("86",))
    assert vienne.present == []
    assert _names(vienne.nearby) == {
        "atelier-des-possibles": ["79"],
        "relais-mobilite-test": ["79"],
    }
    assert [i.id for i in vienne.absent] == ["cooperative-emploi-test"]

    haute_corse = index.place("departement", "2B", "Haute-Corse", ("2B",))
    assert set(_names(haute_corse.nearby)) == {"atelier-des-possibles", "relais-mobilite-test"}

    # Indre borders the Cher (18) and the Vienne: the coopérative is near, born in the Cher
    indre = index.place("departement", "36", "Indre", ("36",))
    assert _names(indre.nearby)["cooperative-emploi-test"] == ["18"]

    guadeloupe = index.place("departement", "971", "Guadeloupe", ("971",))
    assert guadeloupe.present == [] and guadeloupe.nearby == []
    assert len(guadeloupe.absent) == len(catalogue.innovations)

    corse = index.place("region", "94", "Corse", ("2A", "2B"))
    assert set(_names(corse.present)) == {"atelier-des-possibles", "relais-mobilite-test"}
    assert corse.nearby == []


def test_a_carrier_with_a_territory_makes_the_innovation_present_there(tmp_path: Path) -> None:
    """Like Vita Air in the Cher: neither born nor swarmed there, but carried or run there by
    one of its `porteurs`; the page must not call it « pas encore présente »."""
    content = Content.copy_of(VALID, tmp_path)
    content.edit(
        "innovations/relais-mobilite-test.yml",
        "    territoire: ajaccio\nterritoire_origine",
        '    territoire: ajaccio\n  - nom: "Opérateur de test"\n    role: operateur\n'
        '    territoire: cher\n  - nom: "Porteur de test"\n    territoire: deux-sevres\n'
        "territoire_origine",
    )
    result = validate_content(content.root)
    assert result.ok
    index = PlaceIndex(build_catalogue(result.content))
    cher = index.place("departement", "18", "Cher", ("18",))
    assert _names(cher.present)["relais-mobilite-test"] == ["opérée : Cher"]
    assert "relais-mobilite-test" not in {i.id for i in cher.absent}
    html = places.place_page(cher).html
    assert "Relais mobilité de test</a> — opérée : Cher · " in html
    deux_sevres = index.place("departement", "79", "Deux-Sèvres", ("79",))
    assert _names(deux_sevres.present)["relais-mobilite-test"] == [
        "portée : Deux-Sèvres",
        "essaimée : Parthenay",
    ]


def test_a_place_page_says_each_way_once_then_its_places_after_a_colon(
    catalogue: Catalogue,
) -> None:
    """« essaimée à Communauté de communes … » does not read: each way of being there (née,
    portée, opérée, essaimée) is said once, followed by a colon and the territories' names."""
    index = PlaceIndex(catalogue)
    both = index.place("region", "00", "Test", ("18", "2A"))
    assert _names(both.present)["atelier-des-possibles"] == ["essaimée : Cher, Ajaccio"]
    html = places.place_page(both).html
    assert "Relais mobilité de test</a> — née : Ajaccio ; portée : Ajaccio · " in html
    assert " à Ajaccio" not in html and " à Cher" not in html


def test_every_departement_and_region_has_its_page_and_keys_follow_what_they_show(
    catalogue: Catalogue,
) -> None:
    pages = {p.path: p for p in site_contents(catalogue) if isinstance(p, SitePage)}
    for code in geodata.departements():
        assert f"departements/{code.lower()}/index.md" in pages, code
    for code in ("2a", "2b", "971", "972", "973", "974", "976"):
        assert f"departements/{code}/index.md" in pages
    for code in geodata.regions():
        assert f"regions/{code}/index.md" in pages
    html = pages["departements/86/index.md"].body().html
    assert "Deux-Sèvres (79)" in html and "Atelier des possibles" in html

    # renaming an innovation changes the key of every place page that lists it; a page is
    # rebuilt then, and only then
    before = {path: p.key for path, p in pages.items() if path.startswith("departements/")}
    catalogue.innovations["cooperative-emploi-test"].nom = "Coopérative renommée"
    after = {
        p.path: p.key
        for p in site_contents(catalogue)
        if isinstance(p, SitePage) and p.path.startswith("departements/")
    }
    assert before.keys() == after.keys()
    changed = {path for path in before if before[path] != after[path]}
    assert "departements/86/index.md" in changed
    assert "departements/index.md" not in changed


def test_commune_files_find_a_commune_by_the_start_of_its_name_or_code() -> None:
    files = commune_files()
    rows = json.loads(files["assets/communes/pa.json"])
    assert ["Parthenay", "79202", "79"] in rows
    assert ["Ajaccio", "2A004", "2A"] in json.loads(files["assets/communes/2a.json"])
    assert ["Ajaccio", "2A004", "2A"] in json.loads(files["assets/communes/aj.json"])
    assert _fold("L’Haÿ-les-Roses") == "lhaylesroses"
    assert max(len(text) for text in files.values()) < 250_000


def test_a_place_page_names_a_bounded_number_of_absent_innovations_best_evidenced_first(
    catalogue: Catalogue, monkeypatch
) -> None:
    """A page never lists the whole catalogue: beyond ABSENT_SHOWN, the rest is counted and
    left to the explorer."""
    monkeypatch.setattr(places, "ABSENT_SHOWN", 1)
    guadeloupe = PlaceIndex(catalogue).place("departement", "971", "Guadeloupe", ("971",))
    assert guadeloupe.absent_count == len(catalogue.innovations)
    best = max(catalogue.innovations.values(), key=lambda i: i.niveau_preuve or 0)
    assert [i.id for i in guadeloupe.absent] == [best.id]
    html = places.place_page(guadeloupe).html
    assert html.count('class="liste-lieu compacte"><li>') == 1
    assert f"les {len(catalogue.innovations)} sont dans" in html


def test_a_place_page_names_a_bounded_number_of_present_and_nearby_innovations(
    catalogue: Catalogue, monkeypatch
) -> None:
    """Beyond LIST_SHOWN, the innovations present in a place (or nearby) are counted and left
    to the explorer filtered on the place and to its territories: the page does not grow with
    the catalogue."""
    monkeypatch.setattr(places, "LIST_SHOWN", 1)
    index = PlaceIndex(catalogue)
    deux_sevres = index.place("departement", "79", "Deux-Sèvres", ("79",))
    assert len(deux_sevres.present) == 2
    html = places.place_page(deux_sevres).html
    present = html.split('id="presentes"')[1].split("</section>")[0]
    assert present.count("<li>") == 1
    assert "… et 1 autre innovation présente" in present
    assert 'href="../../innovations/?departement=Deux-S%C3%A8vres"' in present
    assert 'href="../../territoires/#departement-79"' in present
    vienne = index.place("departement", "86", "Vienne", ("86",))
    nearby = places.place_page(vienne).html.split('id="proches"')[1].split("</section>")[0]
    assert nearby.count("<li>") == 1
    assert "… et 1 autre innovation proche" in nearby
