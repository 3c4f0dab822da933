"""Every figure of every valid catalogue has a unit, a scope, a date (or says none is known) and a
source that exists in its file: a property the validator enforces, checked on each fixture
catalogue and on the shipped content (whatever it holds), and shown failing when one is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import INNOVATION, Content, assert_only

from generator.check.validate import validate_content
from generator.model import Catalogue, Figure, build_catalogue
from generator.schema import KINDS, vocabulary

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = {
    "shipped": ROOT / "content",
    "valid": ROOT / "tests" / "fixtures" / "valid",
    "figures": ROOT / "tests" / "fixtures" / "figures",
    "stories": ROOT / "tests" / "fixtures" / "stories",
}
SCOPES = {"innovation", "site", "territoire", "programme"}


def every_figure(catalogue: Catalogue):
    """(where, figure, the sources of the file it is written in)."""
    for i in catalogue.innovations.values():
        for f in i.chiffres:
            yield i.id, f, i.sources
        for site in i.essaimage:
            for f in site.chiffres:
                yield f"{i.id} / {site.structure}", f, i.sources
    for t in catalogue.territories.values():
        for f in t.chiffres:
            yield t.id, f, t.sources
    if catalogue.programme:
        for f in catalogue.programme.chiffres_declares:
            yield "programme", f, catalogue.programme.sources


def problems(figure: Figure, sources) -> list[str]:
    found = []
    if figure.unite not in vocabulary("unite"):
        found.append("unité")
    if figure.scope not in SCOPES:
        found.append("périmètre")
    if not (bool(figure.date) ^ figure.date_inconnue):
        found.append("date")
    if figure.source is None or figure.source not in sources:
        found.append("source")
    return found


@pytest.mark.parametrize("name", list(CATALOGUES))
def test_every_figure_has_unit_scope_date_and_source(name: str) -> None:
    result = validate_content(CATALOGUES[name])
    assert result.ok, [str(d) for d in result.errors]
    catalogue = build_catalogue(result.content)
    figures = list(every_figure(catalogue))
    assert figures or name == "shipped"
    bad = [(where, f.libelle, p) for where, f, sources in figures if (p := problems(f, sources))]
    assert bad == []


def test_a_figure_without_unit_is_refused(content: Content) -> None:
    content.edit(
        INNOVATION,
        '    unite: personnes\n    libelle: "participants aux',
        '    libelle: "participants aux',
    )
    line, col = content.locate(INNOVATION, "- indicateur: beneficiaires", nth=1)
    d = assert_only(
        content.validate(), "champ-obligatoire", Content.shown(INNOVATION), line, col + 2
    )
    assert "« unite »" in d.message


def test_a_figure_with_a_made_up_unit_is_refused(content: Content) -> None:
    content.edit(
        INNOVATION,
        '    unite: personnes\n    libelle: "participants aux',
        '    unite: gens\n    libelle: "participants aux',
    )
    line, col = content.locate(INNOVATION, "unite: gens")
    assert_only(content.validate(), "valeur-inconnue", Content.shown(INNOVATION), line, col + 7)


def test_qpv_code_format_is_checked(content: Content) -> None:
    rel = "territories/qpv-test.yml"
    content.write(
        rel,
        'id: qpv-test\nnom: "QPV de test"\ntype: qpv\ncode_qpv: "59018"\ndepartements: ["79"]\n'
        "coordonnees: {latitude: 46.6, longitude: -0.2}\n",
    )
    d = assert_only(content.validate(), "format-invalide", Content.shown(rel), 4, 11)
    assert "code_qpv" in d.message or "Code QPV" in d.message


def test_editor_settings_use_the_json_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind, schema in KINDS.items():
        assert f"./generator/schemas/{schema}.schema.json" in mapping, kind
        assert (ROOT / "generator" / "schemas" / f"{schema}.schema.json").is_file()
    folders = {"innovation": "content/innovations/*.yml", "territoire": "content/territories/*.yml"}
    for kind, glob in folders.items():
        assert mapping[f"./generator/schemas/{KINDS[kind]}.schema.json"] == glob
