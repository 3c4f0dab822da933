"""Cross-file rules: one named test per rule of `generator.check.rules.RULES`, each with one change.

A test is named after the rule it covers (`test_<rule function name>…`);
`test_every_rule_has_a_named_test` keeps it that way when a rule is added.
"""

from __future__ import annotations

import sys

import yaml
from helpers import INNOVATION, VALID, Content, assert_only, keys

from generator.check.rules import MILESTONE_MONTHS, POINT_KINDS, RULES

INNO = INNOVATION
SHOWN = Content.shown(INNO)
RELAIS = "innovations/relais-mobilite-test.yml"
COOP = "innovations/cooperative-emploi-test.yml"
CHER = "territories/cher.yml"
AJACCIO = "territories/ajaccio.yml"
PARTHENAY = "territories/parthenay.yml"
DEUX_SEVRES = "territories/deux-sevres.yml"


def _value_at(content: Content, rel: str, needle: str, prefix: str, nth: int = 1):
    line, col = content.locate(rel, needle, nth=nth)
    return line, col + len(prefix)


def test_every_rule_has_a_named_test() -> None:
    tests = [name for name in dir(sys.modules[__name__]) if name.startswith("test_rule_")]
    for rule in RULES:
        assert any(name.startswith(f"test_{rule.__name__}") for name in tests), rule.__name__


# --- The valid fixture, which other tests (site golden tests) rely on ------------------------


def _load(rel: str) -> dict:
    return yaml.safe_load((VALID / rel).read_text(encoding="utf-8"))


def test_valid_fixture_validates_without_any_diagnostic(content: Content) -> None:
    assert content.validate() == []


def test_valid_fixture_covers_what_site_tests_need() -> None:
    innovations = [_load(p.relative_to(VALID).as_posix()) for p in VALID.glob("innovations/*.yml")]
    territories = [_load(p.relative_to(VALID).as_posix()) for p in VALID.glob("territories/*.yml")]
    assert 2 <= len(innovations) <= 3 and 5 <= len(territories) <= 6
    assert (VALID / "programme.yml").is_file()
    by_id = {t["id"]: t for t in territories}
    assert by_id["deux-sevres"]["type"] == "departement"
    assert by_id["deux-sevres"]["departements"] == ["79"]
    assert by_id["parthenay"]["codes_cog"] == ["79202"] and "coordonnees" in by_id["parthenay"]
    assert any("2A" in t["departements"] for t in territories)
    assert any(t["type"] in POINT_KINDS and "coordonnees" in t for t in territories)
    # A territory used by two innovations.
    users: dict[str, set[str]] = {}
    for inno in innovations:
        refs = [inno["territoire_origine"]]
        refs += [p.get("territoire") for p in inno["porteurs"]]
        refs += [s["territoire"] for s in inno.get("essaimage", [])]
        for ref in refs:
            users.setdefault(ref, set()).add(inno["id"])
    assert any(len(ids) >= 2 for ids in users.values())
    # A swarming site evaluated at 3, 9 and 18 months, and figures with sources.
    milestones = {
        tuple(j["jalon"] for j in site.get("jalons", []))
        for inno in innovations
        for site in inno.get("essaimage", [])
    }
    assert tuple(MILESTONE_MONTHS) in milestones
    assert all("source" in f for inno in innovations for f in inno.get("chiffres", []))
    # Every section of the method sheet filled in, in one innovation.
    full = next(i for i in innovations if i["id"] == "atelier-des-possibles")
    for section in (
        "probleme",
        "principes",
        "etapes",
        "moyens",
        "partenaires",
        "facteurs_cles",
        "ecueils",
        "indicateurs_suivi",
        "parcours_ais",
        "essaimage",
        "chiffres",
        "niveau_preuve",
        "contact",
    ):
        assert full.get(section), section
    assert set(full["moyens"]) == {"humains", "financiers", "outils"}
    assert set(full["parcours_ais"]["transferabilite"]) == {
        "efficacite",
        "volonte_porteur",
        "processus_formalise",
    }
    assert len(full["parcours_ais"]["paliers"]) == 4


# --- rule_file_name_is_id --------------------------------------------------------------------


def test_rule_file_name_is_id(content: Content) -> None:
    content.edit(INNO, "id: atelier-des-possibles", "id: atelier-des-possible")
    line, col = _value_at(content, INNO, "id: atelier", "id: ")
    d = assert_only(content.validate(), "nom-fichier", SHOWN, line, col)
    assert "atelier-des-possible.yml" in d.hint


def test_rule_file_name_is_id_for_territories(content: Content) -> None:
    content.path(CHER).rename(content.path("territories/bourges.yml"))
    rel = "territories/bourges.yml"
    line, col = _value_at(content, rel, "id: cher", "id: ")
    assert_only(content.validate(), "nom-fichier", "content/" + rel, line, col)


# --- rule_unique_ids -------------------------------------------------------------------------


def test_rule_unique_ids(content: Content) -> None:
    rel = "innovations/atelier-bis.yml"
    content.write(rel, content.read(INNO))
    found = content.validate()
    # The clash is reported on the copy, whose name does not match its id, not on the original.
    at = _value_at(content, rel, "id: ", "id: ")
    assert sorted(keys(found)) == [
        ("id-duplique", "content/" + rel, *at),
        ("nom-fichier", "content/" + rel, *at),
    ]
    clash = next(d for d in found if d.code == "id-duplique")
    assert f"déjà pris par une autre innovation ({SHOWN})" in clash.message


def test_rule_unique_ids_territories(content: Content) -> None:
    rel = "territories/cher-bis.yml"
    content.write(rel, content.read(CHER))
    found = content.validate()
    at = _value_at(content, rel, "id: ", "id: ")
    assert sorted(keys(found)) == [
        ("id-duplique", "content/" + rel, *at),
        ("nom-fichier", "content/" + rel, *at),
    ]
    clash = next(d for d in found if d.code == "id-duplique")
    assert f"déjà pris par un autre territoire (content/{CHER})" in clash.message


def test_rule_unique_ids_differing_only_by_case(content: Content) -> None:
    rel = "territories/Ajaccio.yml"
    content.write(rel, content.read(AJACCIO).replace("id: ajaccio", "id: Ajaccio"))
    found = content.validate()
    # Files are compared in path order: « Ajaccio.yml » comes first, so the clash is reported
    # on « ajaccio.yml »; the id « Ajaccio » is refused by the identifier pattern anyway.
    assert keys(found) == [
        ("identifiant-invalide", "content/" + rel, *_value_at(content, rel, "id: ", "id: ")),
        ("id-duplique", "content/" + AJACCIO, *_value_at(content, AJACCIO, "id: ", "id: ")),
    ]
    assert "à la casse ou aux accents près" in found[1].message


def test_rule_unique_ids_differing_only_by_accents(content: Content) -> None:
    rel = "territories/ajàccio.yml"
    content.write(rel, content.read(AJACCIO).replace("id: ajaccio", "id: ajàccio"))
    found = content.validate()
    assert keys(found) == [
        ("id-duplique", "content/" + rel, *_value_at(content, rel, "id: ", "id: ")),
        ("identifiant-invalide", "content/" + rel, *_value_at(content, rel, "id: ", "id: ")),
    ]
    assert "à la casse ou aux accents près" in found[0].message


# --- rule_territory_references ----------------------------------------------------------------


def test_rule_territory_references_unknown_origin(content: Content) -> None:
    content.edit(INNO, "territoire_origine: parthenay", "territoire_origine: partenay")
    line, col = _value_at(content, INNO, "territoire_origine: ", "territoire_origine: ")
    d = assert_only(content.validate(), "territoire-inconnu", SHOWN, line, col)
    assert "« partenay »" in d.message
    assert d.hint.startswith("Vouliez-vous dire « parthenay » ?")


def test_rule_territory_references_unknown_carrier_territory(content: Content) -> None:
    content.edit(COOP, "    territoire: france", "    territoire: europe")
    line, col = _value_at(content, COOP, "territoire: europe", "territoire: ")
    assert_only(content.validate(), "territoire-inconnu", "content/" + COOP, line, col)


def test_rule_territory_references_unknown_swarming_site(content: Content) -> None:
    content.edit(INNO, "    territoire: cher\n", "    territoire: bourges\n")
    line, col = _value_at(content, INNO, "territoire: bourges", "territoire: ")
    d = assert_only(content.validate(), "territoire-inconnu", SHOWN, line, col)
    assert "content/territories/bourges.yml" in d.hint


def test_rule_territory_references_unknown_parent(content: Content) -> None:
    content.edit(PARTHENAY, "parent: deux-sevres", "parent: vendee")
    line, col = _value_at(content, PARTHENAY, "parent: ", "parent: ")
    assert_only(content.validate(), "territoire-inconnu", "content/" + PARTHENAY, line, col)


def test_rule_territory_references_broken_territory_does_not_cascade(content: Content) -> None:
    # cher.yml cannot be read, but it exists: the innovations citing it are not blamed.
    content.write(CHER, 'id: cher\nnom: "Cher\n')
    found = content.validate()
    assert [(d.code, d.file) for d in found] == [("yaml-syntaxe", "content/" + CHER)]


# --- rule_parent_cycles -----------------------------------------------------------------------


def test_rule_parent_cycles_self_parent(content: Content) -> None:
    content.edit(PARTHENAY, "parent: deux-sevres", "parent: parthenay")
    line, col = _value_at(content, PARTHENAY, "parent: ", "parent: ")
    d = assert_only(content.validate(), "parent-cycle", "content/" + PARTHENAY, line, col)
    assert d.message == "le territoire est son propre parent"


def test_rule_parent_cycles_two_territories(content: Content) -> None:
    content.edit(
        DEUX_SEVRES, 'departements:\n  - "79"\n', 'departements:\n  - "79"\nparent: parthenay\n'
    )
    found = content.validate()
    assert keys(found) == [
        (
            "parent-cycle",
            "content/" + DEUX_SEVRES,
            *_value_at(content, DEUX_SEVRES, "parent: ", "parent: "),
        ),
        (
            "parent-cycle",
            "content/" + PARTHENAY,
            *_value_at(content, PARTHENAY, "parent: ", "parent: "),
        ),
    ]
    assert "deux-sevres → parthenay → deux-sevres" in found[0].message


def test_rule_parent_cycles_three_territories_and_a_bystander(content: Content) -> None:
    content.edit(
        DEUX_SEVRES, 'departements:\n  - "79"\n', 'departements:\n  - "79"\nparent: cher\n'
    )
    content.edit(CHER, 'departements:\n  - "18"\n', 'departements:\n  - "18"\nparent: parthenay\n')
    # Ajaccio points into the cycle without being part of it: not reported.
    content.edit(AJACCIO, 'departements:\n  - "2A"\n', 'departements:\n  - "2A"\nparent: cher\n')
    found = content.validate()
    assert [(d.code, d.file) for d in found] == [
        ("parent-cycle", "content/" + CHER),
        ("parent-cycle", "content/" + DEUX_SEVRES),
        ("parent-cycle", "content/" + PARTHENAY),
    ]
    assert "parthenay → deux-sevres → cher → parthenay" in found[2].message


# --- rule_source_references -------------------------------------------------------------------


def test_rule_source_references_unknown_source(content: Content) -> None:
    content.edit(
        INNO,
        "    source: rapport-test-2019\n    jalons",
        "    source: rapport-test-2018\n    jalons",
    )
    line, col = _value_at(content, INNO, "source: rapport-test-2018", "source: ")
    d = assert_only(content.validate(), "source-inconnue", SHOWN, line, col)
    assert d.hint.startswith("Vouliez-vous dire « rapport-test-2019 » ?")


def test_rule_source_references_unknown_source_in_territory(content: Content) -> None:
    content.edit(PARTHENAY, "    source: registre-test", "    source: registre")
    line, col = _value_at(content, PARTHENAY, "source: registre\n", "source: ")
    assert_only(content.validate(), "source-inconnue", "content/" + PARTHENAY, line, col)


def test_rule_source_references_unknown_source_in_programme(content: Content) -> None:
    content.edit(
        "programme.yml",
        "    source: rapport-programme\n  - indicateur",
        "    source: rapport\n  - indicateur",
    )
    line, col = _value_at(content, "programme.yml", "source: rapport\n", "source: ")
    assert_only(content.validate(), "source-inconnue", "content/programme.yml", line, col)


def test_rule_source_references_duplicate_source_id(content: Content) -> None:
    content.edit(INNO, "  - id: article-test", "  - id: rapport-test-2019")
    line, col = _value_at(content, INNO, "- id: rapport-test-2019", "- id: ", nth=2)
    d = assert_only(content.validate(), "source-dupliquee", SHOWN, line, col)
    assert "« rapport-test-2019 »" in d.message


# --- rule_figures_have_sources ----------------------------------------------------------------


def test_rule_figures_have_sources_error(content: Content) -> None:
    content.edit(INNO, '    date: "2018"\n    source: rapport-test-2019\n', '    date: "2018"\n')
    line, col = content.locate(INNO, "indicateur: beneficiaires")
    d = assert_only(content.validate(), "chiffre-sans-source", SHOWN, line, col)
    assert "« participants aux ateliers en 2018 »" in d.message


def test_rule_figures_have_sources_in_territory(content: Content) -> None:
    content.edit(PARTHENAY, "    source: registre-test\n", "")
    line, col = content.locate(PARTHENAY, "indicateur: structures")
    assert_only(
        content.validate(),
        "chiffre-sans-source",
        "content/" + PARTHENAY,
        line,
        col,
    )


def test_rule_figures_have_sources_in_programme(content: Content) -> None:
    content.edit("programme.yml", "    source: rapport-programme\n  - indicateur", "  - indicateur")
    line, col = content.locate("programme.yml", "indicateur: innovations-selectionnees")
    assert_only(
        content.validate(),
        "chiffre-sans-source",
        "content/programme.yml",
        line,
        col,
    )


def test_rule_figures_have_dates_error(content: Content) -> None:
    content.edit(INNO, '    valeur: 120\n    date: "2018"\n', "    valeur: 120\n")
    line, col = content.locate(INNO, "indicateur: beneficiaires")
    d = assert_only(content.validate(), "chiffre-sans-date", SHOWN, line, col)
    assert "« participants aux ateliers en 2018 »" in d.message


def test_rule_figures_have_dates_in_programme(content: Content) -> None:
    content.edit("programme.yml", '    valeur: 3\n    date: "2021-04"\n', "    valeur: 3\n")
    line, col = content.locate("programme.yml", "indicateur: innovations-selectionnees")
    assert_only(
        content.validate(),
        "chiffre-sans-date",
        "content/programme.yml",
        line,
        col,
    )


# --- rule_dates_coherent ------------------------------------------------------------------------


def test_rule_dates_coherent_exit_before_entry(content: Content) -> None:
    content.edit(INNO, 'date_sortie: "2019-06"', 'date_sortie: "2016-06"')
    line, col = _value_at(content, INNO, "date_sortie: ", "date_sortie: ")
    assert_only(content.validate(), "dates-incoherentes", SHOWN, line, col)


def test_rule_dates_coherent_stage_ends_before_it_starts(content: Content) -> None:
    content.edit(INNO, 'date_fin: "2016-12"', 'date_fin: "2016-06"')
    line, col = _value_at(content, INNO, 'date_fin: "2016-06"', "date_fin: ")
    d = assert_only(content.validate(), "dates-incoherentes", SHOWN, line, col)
    assert "palier" in d.message


def test_rule_dates_coherent_milestone_before_site_start(content: Content) -> None:
    content.edit(INNO, 'date: "2018-06"', 'date: "2018-01"')
    line, col = _value_at(content, INNO, 'date: "2018-01"', "date: ")
    assert_only(content.validate(), "jalon-avant-demarrage", SHOWN, line, col)


def test_rule_dates_coherent_milestone_too_early_is_a_warning(content: Content) -> None:
    content.edit(INNO, 'date: "2018-11"', 'date: "2018-06"')
    line, col = _value_at(content, INNO, 'date: "2018-06"', "date: ")
    d = assert_only(content.validate(), "jalon-trop-tot", SHOWN, line, col, severity="warning")
    assert "18 mois" in d.message


def test_rule_dates_coherent_partial_dates_compared_at_shared_precision(content: Content) -> None:
    # « 2016 » is not certainly before « 2016-07 »: nothing to report.
    content.edit(INNO, 'date_sortie: "2019-06"', 'date_sortie: "2016"')
    content.edit(INNO, 'date_fin: "2016-12"', 'date_fin: "2016-07-01"')
    assert content.validate() == []


# --- rule_unique_stages -----------------------------------------------------------------------


def test_rule_unique_stages_duplicate_stage(content: Content) -> None:
    content.edit(INNO, "    - palier: mobilisation", "    - palier: etude-faisabilite")
    line, col = _value_at(content, INNO, "- palier: etude-faisabilite", "- palier: ", nth=2)
    d = assert_only(content.validate(), "doublon", SHOWN, line, col)
    assert "« etude-faisabilite »" in d.message


def test_rule_unique_stages_duplicate_milestone_in_a_site(content: Content) -> None:
    content.edit(
        INNO,
        "      - jalon: mise-en-oeuvre-9-mois\n        statut: en-cours",
        "      - jalon: appropriation-3-mois\n        statut: en-cours",
    )
    line, col = _value_at(content, INNO, "- jalon: appropriation-3-mois", "- jalon: ", nth=3)
    d = assert_only(content.validate(), "doublon", SHOWN, line, col)
    assert "« appropriation-3-mois »" in d.message


# --- rule_cog_codes (needs generator/geo/geodata.py) --------------------------------------------


def test_rule_cog_codes_unknown_code(content: Content) -> None:
    content.edit(PARTHENAY, '"79202"', '"79999"')
    line, col = content.locate(PARTHENAY, '"79999"')
    d = assert_only(content.validate(), "code-cog-inconnu", "content/" + PARTHENAY, line, col)
    assert "millésime" in d.message


def test_rule_cog_codes_unknown_departement(content: Content) -> None:
    # « 20 » has the shape of a code but Corsica has been « 2A » and « 2B » since 1976.
    content.edit(CHER, 'departements:\n  - "18"', 'departements:\n  - "20"')
    line, col = content.locate(CHER, '"20"')
    d = assert_only(content.validate(), "departement-inconnu", "content/" + CHER, line, col)
    assert "« 20 »" in d.message


def test_rule_cog_codes_overseas_and_corsica_accepted(content: Content) -> None:
    content.edit(CHER, 'departements:\n  - "18"', 'departements:\n  - "18"\n  - "2B"\n  - "974"')
    content.edit(CHER, '  - "18"\nmillesime_cog', '  - "18"\n  - "2B"\n  - "974"\nmillesime_cog')
    assert content.validate() == []


def test_rule_cog_codes_without_millesime_is_a_warning(content: Content) -> None:
    content.edit(CHER, "millesime_cog: 2026\n", "")
    line, col = content.locate(CHER, "codes_cog:")
    assert_only(
        content.validate(), "millesime-manquant", "content/" + CHER, line, col, severity="warning"
    )


# --- rule_point_coordinates -------------------------------------------------------------------


def test_rule_point_coordinates_commune_without_coordinates(content: Content) -> None:
    content.edit(AJACCIO, "coordonnees:\n  latitude: 41.9267\n  longitude: 8.7369\n", "")
    line, col = _value_at(content, AJACCIO, "type: commune", "type: ")
    d = assert_only(content.validate(), "coordonnees-manquantes", "content/" + AJACCIO, line, col)
    assert "« commune »" in d.message


def test_rule_point_coordinates_every_point_kind(content: Content) -> None:
    for kind in sorted(POINT_KINDS):
        content.write(
            f"territories/t-{kind}.yml",
            f'id: t-{kind}\nnom: "Test"\ntype: {kind}\ndepartements: ["79"]\n',
        )
    found = content.validate()
    assert [(d.code, d.file, d.line) for d in found] == [
        ("coordonnees-manquantes", f"content/territories/t-{kind}.yml", 3)
        for kind in sorted(POINT_KINDS)
    ]


def test_rule_point_coordinates_departement_missing(content: Content) -> None:
    content.edit(CHER, 'departements:\n  - "18"', "departements: []")
    line, col = content.locate(CHER, "departements:")
    d = assert_only(content.validate(), "departement-manquant", "content/" + CHER, line, col)
    assert '["79"]' in d.hint


# --- rule_no_markup ---------------------------------------------------------------------------


def test_rule_no_markup_raw_html(content: Content) -> None:
    content.edit(INNO, '"Un animateur à mi-temps."', '"Un animateur <b>à mi-temps</b>."')
    line, col = _value_at(content, INNO, "humains: ", "humains: ")
    d = assert_only(content.validate(), "html-interdit", SHOWN, line, col)
    assert "« <b>à mi-temps</b>. »" in d.message


def test_rule_no_markup_html_comment(content: Content) -> None:
    content.edit(INNO, '"Un animateur à mi-temps."', '"Un animateur <!-- caché --> à mi-temps."')
    line, col = _value_at(content, INNO, "humains: ", "humains: ")
    assert_only(content.validate(), "html-interdit", SHOWN, line, col)


def test_rule_no_markup_html_in_territory_and_programme(content: Content) -> None:
    content.edit(PARTHENAY, "Commune de test,", "Commune <i>de test</i>,")
    content.edit("programme.yml", 'nom: "Programme de test"', 'nom: "Programme <script>x</script>"')
    assert keys(content.validate()) == [
        (
            "html-interdit",
            "content/programme.yml",
            *_value_at(content, "programme.yml", "nom: ", "nom: "),
        ),
        (
            "html-interdit",
            "content/" + PARTHENAY,
            *_value_at(content, PARTHENAY, "description: ", "description: "),
        ),
    ]


def test_rule_no_markup_javascript_link(content: Content) -> None:
    content.edit(INNO, "[le guide](https://example.org/guide)", "[le guide](javascript:alert(1))")
    line, col = _value_at(content, INNO, "description: |\n      Chaque", "description: ")
    d = assert_only(content.validate(), "lien-dangereux", SHOWN, line, col)
    assert "javascript:" in d.message


def test_rule_no_markup_data_link(content: Content) -> None:
    content.edit(INNO, "[le guide](https://example.org/guide)", "[le guide](data:text/html,x)")
    line, col = _value_at(content, INNO, "description: |\n      Chaque", "description: ")
    assert_only(content.validate(), "lien-dangereux", SHOWN, line, col)


def test_rule_no_markup_encoded_colon(content: Content) -> None:
    content.edit(
        INNO, "[le guide](https://example.org/guide)", "[le guide](javascript&#58;alert(1))"
    )
    line, col = _value_at(content, INNO, "description: |\n      Chaque", "description: ")
    assert_only(content.validate(), "lien-dangereux", SHOWN, line, col)


def test_rule_no_markup_plain_markdown_accepted(content: Content) -> None:
    content.edit(
        INNO, '"Un animateur à mi-temps."', '"Un *animateur* à **mi-temps**, a<3 et 2 > 1."'
    )
    assert content.validate() == []


# --- Everything at once -------------------------------------------------------------------------


def test_several_problems_in_one_file_all_reported(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012\n", "annee_creation: 2012\nannee_creation: 2013\n")
    content.edit(INNO, 'nom: "Atelier des possibles"', "nom: 1234")
    content.edit(INNO, "    territoire: cher\n", "    territoire: bourges\n")
    content.edit(INNO, '"Un animateur à mi-temps."', '"Un animateur <b>à mi-temps</b>."')
    content.edit(INNO, 'date_sortie: "2019-06"', 'date_sortie: "2016-06"')
    content.edit(INNO, '    date: "2018"\n    source: rapport-test-2019\n', '    date: "2018"\n')
    assert keys(content.validate()) == [
        ("type-invalide", SHOWN, *_value_at(content, INNO, "nom: 1234", "nom: ")),
        ("yaml-cle-dupliquee", SHOWN, *content.locate(INNO, "annee_creation: 2013")),
        ("html-interdit", SHOWN, *_value_at(content, INNO, "humains: ", "humains: ")),
        ("dates-incoherentes", SHOWN, *_value_at(content, INNO, "date_sortie: ", "date_sortie: ")),
        (
            "territoire-inconnu",
            SHOWN,
            *_value_at(content, INNO, "territoire: bourges", "territoire: "),
        ),
        ("chiffre-sans-source", SHOWN, *content.locate(INNO, "indicateur: beneficiaires")),
    ]


# --- Issue 14: what a hostile contributor could slip through ---------------------------------


def _territory(content: Content, ident: str) -> str:
    rel = f"territories/{ident}.yml"
    content.write(rel, f'id: {ident}\nnom: "Test"\ntype: departement\ndepartements: ["79"]\n')
    return rel


def test_rule_reserved_ids_site_page(content: Content) -> None:
    rel = _territory(content, "index")  # would replace the page listing the territories
    line, col = _value_at(content, rel, "id: index", "id: ")
    d = assert_only(content.validate(), "id-reserve", "content/" + rel, line, col)
    assert "page" in d.message


def test_rule_reserved_ids_windows_device(content: Content) -> None:
    rel = _territory(content, "con")
    line, col = _value_at(content, rel, "id: con", "id: ")
    d = assert_only(content.validate(), "id-reserve", "content/" + rel, line, col)
    assert "Windows" in d.message


def test_rule_text_limits_line_break_in_one_line_field(content: Content) -> None:
    content.edit(INNO, 'nom: "Atelier des possibles"', 'nom: "Atelier\\ndes possibles"')
    line, col = _value_at(content, INNO, 'nom: "Atelier', "nom: ")
    d = assert_only(content.validate(), "caractere-interdit", SHOWN, line, col)
    assert "U+000A" in d.message


def test_rule_text_limits_line_break_allowed_in_markdown_text(content: Content) -> None:
    content.edit(INNO, "  Les employeurs, eux, peinent", "  \\tLes employeurs, eux, peinent")
    assert content.validate() == []


def test_rule_text_limits_brackets(content: Content) -> None:
    content.edit(
        INNO, "  Les employeurs, eux, peinent", "  " + "[" * 101 + " Les employeurs, eux, peinent"
    )
    line, col = _value_at(content, INNO, "probleme: |", "probleme: ")
    d = assert_only(content.validate(), "trop-de-crochets", SHOWN, line, col)
    assert "101" in d.message


def test_rule_dates_not_in_future_figure(content: Content) -> None:
    content.edit(INNO, '    valeur: 120\n    date: "2018"', '    valeur: 120\n    date: "2032"')
    line, col = _value_at(content, INNO, 'date: "2032"', "date: ")
    d = assert_only(content.validate(), "date-future", SHOWN, line, col)
    assert "un chiffre" in d.message


def test_rule_dates_not_in_future_source(content: Content) -> None:
    content.edit(INNO, 'date: "2019-09-15"', 'date: "2091-09-15"')
    line, col = _value_at(content, INNO, 'date: "2091-09-15"', "date: ")
    d = assert_only(content.validate(), "date-future", SHOWN, line, col)
    assert "une source" in d.message


def test_rule_dates_not_in_future_milestone(content: Content) -> None:
    content.edit(INNO, 'date: "2018-11"', 'date: "2099-11"')
    line, col = _value_at(content, INNO, 'date: "2099-11"', "date: ")
    assert_only(content.validate(), "date-future", SHOWN, line, col)


def test_rule_dates_not_in_future_creation_after_entry_is_a_warning(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012", "annee_creation: 2017")
    line, col = _value_at(content, INNO, "annee_creation: 2017", "annee_creation: ")
    assert_only(content.validate(), "creation-apres-entree", SHOWN, line, col, severity="warning")


def test_rule_cog_codes_commune_with_a_departement_code(content: Content) -> None:
    content.edit(PARTHENAY, '  - "79202"', '  - "79"')
    line, col = content.locate(PARTHENAY, '"79"')
    d = assert_only(content.validate(), "code-cog-mauvais-type", "content/" + PARTHENAY, line, col)
    assert "département" in d.message


def test_rule_cog_codes_commune_of_another_departement(content: Content) -> None:
    content.edit(PARTHENAY, '  - "79202"', '  - "69266"')  # Villeurbanne, Rhône
    line, col = content.locate(PARTHENAY, '"69266"')
    assert_only(content.validate(), "code-cog-hors-departement", "content/" + PARTHENAY, line, col)


def test_rule_parent_cycles_is_linear() -> None:
    import time

    from generator.check.rules import rule_parent_cycles
    from generator.load.content import ContentSet
    from generator.load.loader import Document

    def chain(n: int, loop: bool) -> ContentSet:
        docs = []
        for i in range(n):
            parent = f"t{i + 1}" if i + 1 < n else ("t0" if loop else None)
            data = {"id": f"t{i}", "parent": parent} if parent else {"id": f"t{i}"}
            docs.append(Document(f"t{i}.yml", data, {("parent",): (5, 9)}, {}, "territoire"))
        return ContentSet(territories=docs)

    start = time.perf_counter()
    assert list(rule_parent_cycles(chain(20_000, loop=False))) == []
    found = list(rule_parent_cycles(chain(20_000, loop=True)))
    assert time.perf_counter() - start < 5  # 2,000 took 14 s when the rule was cubic
    assert len(found) == 20_000 and "(20000 territoires)" in found[0].message


# --- Content model 2 (issue 15) ----------------------------------------------------------------


def test_rule_figures_have_dates_unknown_date_is_said(content: Content) -> None:
    content.edit(
        INNO, '    valeur: 120\n    date: "2018"\n', "    valeur: 120\n    date_inconnue: true\n"
    )
    assert content.validate() == []


def test_rule_figures_have_dates_not_both(content: Content) -> None:
    content.edit(
        INNO,
        '    valeur: 120\n    date: "2018"\n',
        '    valeur: 120\n    date: "2018"\n    date_inconnue: true\n',
    )
    line, col = content.locate(INNO, "date_inconnue: true", nth=1)
    assert_only(content.validate(), "chiffre-date-contradictoire", SHOWN, line, col)


def test_rule_figures_have_sources_on_a_site(content: Content) -> None:
    content.edit(
        INNO,
        '        date: "2018-10"\n        source: rapport-test-2019\n',
        '        date: "2018-10"\n',
    )
    line, col = content.locate(INNO, "- indicateur: sorties-emploi")
    assert_only(content.validate(), "chiffre-sans-source", SHOWN, line, col + 2)


def test_rule_programme_other_needs_a_name(content: Content) -> None:
    content.edit(COOP, "thematiques:", "programme: autre\nthematiques:")
    line, col = _value_at(content, COOP, "programme: autre", "programme: ")
    assert_only(content.validate(), "programme-sans-nom", Content.shown(COOP), line, col)


def test_rule_programme_no_ais_path_outside_ais(content: Content) -> None:
    content.edit(INNO, "programme: ais-emploi", "programme: aucun")
    line, col = content.locate(INNO, "parcours_ais:")
    assert_only(content.validate(), "parcours-ais-hors-programme", SHOWN, line, col)


def test_rule_evaluations_cited_must_exist(content: Content) -> None:
    content.edit(INNO, "    - suivi-test-2019", "    - suivi-test-2020")
    line, col = _value_at(content, INNO, "- suivi-test-2020", "- ")
    assert_only(content.validate(), "evaluation-inconnue", SHOWN, line, col)


def test_rule_evaluations_unique_ids(content: Content) -> None:
    text = content.read(INNO)
    block = text[text.index("  - id: suivi-test-2019") : text.index("niveau_preuve:")]
    content.edit(INNO, "niveau_preuve:", block + "niveau_preuve:")
    line, col = _value_at(content, INNO, "- id: suivi-test-2019", "- id: ", nth=2)
    assert_only(content.validate(), "evaluation-dupliquee", SHOWN, line, col)


def test_rule_related_innovations_target_exists(content: Content) -> None:
    content.edit(INNO, "innovation: relais-mobilite-test", "innovation: relais-mobilite")
    line, col = _value_at(content, INNO, "innovation: relais-mobilite", "innovation: ")
    d = assert_only(content.validate(), "innovation-inconnue", SHOWN, line, col)
    assert "« relais-mobilite-test »" in d.hint


def test_rule_related_innovations_not_itself(content: Content) -> None:
    content.edit(INNO, "innovation: relais-mobilite-test", "innovation: atelier-des-possibles")
    line, col = _value_at(content, INNO, "innovation: atelier-des-possibles", "innovation: ")
    assert_only(content.validate(), "lien-vers-soi", SHOWN, line, col)


def test_rule_point_coordinates_zone_needs_components(content: Content) -> None:
    content.write(
        "territories/zone-test.yml",
        'id: zone-test\nnom: "Zone de test"\ntype: zone\ndepartements: ["79"]\n',
    )
    shown = Content.shown("territories/zone-test.yml")
    assert_only(content.validate(), "zone-sans-composantes", shown, 3, 7)


def test_rule_territory_references_components(content: Content) -> None:
    content.write(
        "territories/zone-test.yml",
        'id: zone-test\nnom: "Zone de test"\ntype: zone\ndepartements: ["79"]\n'
        "composantes:\n  - parthenay\n  - niort\n",
    )
    shown = Content.shown("territories/zone-test.yml")
    assert_only(content.validate(), "territoire-inconnu", shown, 7, 5)


def test_rule_unknown_carrier_and_territory_are_allowed(content: Content) -> None:
    text = content.read(COOP)
    start, end = text.index("porteurs:"), text.index("thematiques:")
    content.write(COOP, text[:start] + text[end:])
    assert content.validate() == []


# --- rule_sites_official_texts ----------------------------------------------------------------
# An innovation that says its sites are habilitated by official texts (TZCLD) cites, for each
# site, a source of kind « texte-officiel », or says why not: this holds for any valid catalogue.


def _habilitated_by_texts(content: Content) -> None:
    """The fixture's sheet says its sites are habilitated by texts; its second site (Ajaccio,
    no source) says why it cites none, so that each test changes one thing."""
    content.edit(INNO, "essaimage:\n", "essaimage_par_texte_officiel: true\nessaimage:\n")
    content.edit(
        INNO,
        "    territoire: ajaccio\n",
        '    territoire: ajaccio\n    sans_texte_officiel: "Arrêté introuvable."\n',
    )


def test_rule_sites_official_texts_site_citing_a_report(content: Content) -> None:
    _habilitated_by_texts(content)
    line, col = _value_at(
        content, INNO, "    source: rapport-test-2019\n    jalons", "    source: "
    )
    d = assert_only(content.validate(), "site-sans-texte-officiel", SHOWN, line, col)
    assert "« rapport-test-2019 »" in d.message and "texte officiel" in d.message
    assert "sans_texte_officiel" in d.hint


def test_rule_sites_official_texts_site_without_source(content: Content) -> None:
    _habilitated_by_texts(content)
    content.edit(INNO, '    sans_texte_officiel: "Arrêté introuvable."\n', "")
    content.edit(INNO, "    type: evaluation\n", "    type: texte-officiel\n")
    line, col = content.locate(INNO, 'structure: "Structure de test d’Ajaccio"')
    d = assert_only(content.validate(), "site-sans-texte-officiel", SHOWN, line, col)
    assert "Structure de test d’Ajaccio" in d.message


def test_rule_sites_official_texts_official_text_or_reason_passes(content: Content) -> None:
    _habilitated_by_texts(content)
    content.edit(INNO, "    type: evaluation\n", "    type: texte-officiel\n")
    assert content.validate() == []
    content.edit(INNO, "    type: texte-officiel\n", "    type: evaluation\n")
    content.edit(
        INNO,
        "    source: rapport-test-2019\n    jalons",
        '    source: rapport-test-2019\n    sans_texte_officiel: "Arrêté introuvable."\n    jalons',
    )
    assert content.validate() == []


def test_rule_sites_official_texts_only_when_the_sheet_says_so(content: Content) -> None:
    """Without « essaimage_par_texte_officiel: true », a site may cite any kind of source."""
    assert content.validate() == []
