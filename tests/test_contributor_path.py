"""The path of a new contributor, from an empty template to the published sheet.

In a copy of the project's content folder: create the file with `new`, validate the unfilled
template (a short list: the fields to fill), fill it as the template's comments say (fill the
empty fields, remove `# ` from the optional lines wanted), validate again (clean), build the
site and find the new sheet in it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import Content, assert_clean_process, run_cli

from generator.site.build import build_site

ROOT = Path(__file__).resolve().parents[1]
SHEET = "innovations/mon-innovation.yml"
# What the validator asks for on an unfilled innovation: each required field, once.
TO_FILL = [
    "nom:",
    "accroche:",
    "thematiques:",
    "publics:",
    "  - id:",
    "    titre:",
]
FILLED = {
    "nom:": 'nom: "Mon innovation d’essai"',
    "accroche:": 'accroche: "Une méthode d’essai pour vérifier le parcours des contributeurs."',
    "#   - trouver-un-emploi": "  - trouver-un-emploi",
    "#   - demandeurs-emploi-longue-duree": "  - demandeurs-emploi-longue-duree",
    "  - id:": "  - id: ma-source",
    "    titre:": '    titre: "Rapport d’activité"',
}


@pytest.fixture
def project(tmp_path: Path) -> Content:
    """A copy of the project's own content, as a contributor finds it."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    # A carrier who follows CONTRIBUTING has this very sheet already: the test writes its own.
    (tmp_path / "content" / SHEET).unlink(missing_ok=True)
    return Content(tmp_path)


def fill(text: str) -> str:
    """Replace whole lines, each exactly once, as a contributor would."""
    lines = text.split("\n")
    for old, new in FILLED.items():
        hits = [i for i, line in enumerate(lines) if line.split("  ##")[0].rstrip() == old]
        assert len(hits) == 1, f"{old!r} found {len(hits)} times in the template"
        lines[hits[0]] = new
    return "\n".join(lines)


def uncomment_block(text: str, key: str) -> str:
    """Remove `# ` from the commented-out lines of one optional top-level field."""
    lines = text.split("\n")
    start = lines.index(f"# {key}:") if f"# {key}:" in lines else lines.index(f"# {key}: |")
    end = start + 1
    while end < len(lines) and re.match(r"#   ", lines[end]):
        end += 1
    for i in range(start, end):
        lines[i] = lines[i][2:]
    return "\n".join(lines)


def test_a_new_contributor_goes_from_template_to_site(project: Content, tmp_path: Path) -> None:
    # 1. Create the file.
    run = run_cli(project.base, "new", "innovation", "mon-innovation")
    assert_clean_process(run)
    assert run.returncode == 0, run.stderr
    assert project.path(SHEET).is_file()

    # 2. Validate the unfilled template: exactly the fields to fill, nothing else (the
    #    shipped content may carry warnings of its own, never errors).
    run = run_cli(project.base, "validate", "--format", "json")
    assert run.returncode == 1
    lines = project.read(SHEET).split("\n")
    mine = [d for d in run.json() if d["file"] == Content.shown(SHEET)]
    assert [(lines[d["line"] - 1], d["code"]) for d in mine] == [
        (line, "valeur-vide") for line in TO_FILL
    ]
    assert all(d["severity"] == "warning" for d in run.json() if d not in mine)

    # 3. Fill it: the required fields, plus two optional sections uncommented.
    text = fill(project.read(SHEET))
    text = uncomment_block(text, "probleme")
    text = uncomment_block(text, "chiffres")
    project.write(SHEET, text)

    # 4. Validate again: nothing left to say about the new file.
    run = run_cli(project.base, "validate", "--format", "json")
    assert_clean_process(run)
    assert run.returncode == 0, run.stdout + run.stderr
    assert [d for d in run.json() if d["file"] == Content.shown(SHEET)] == []

    # 5. Build: the new sheet is in the site, and the guide links to the reference.
    site = tmp_path / "site"
    result = build_site(project.root, site, search=False)
    assert result.ok, result.diagnostics
    page = (site / "innovations" / "mon-innovation" / "index.html").read_text(encoding="utf-8")
    assert "Mon innovation d’essai" in page
    assert "Une méthode d’essai pour vérifier le parcours des contributeurs." in page
    assert "demandeurs d’emploi accompagnés en 2018" in page  # the uncommented figure
    explorer = (site / "innovations" / "index.html").read_text(encoding="utf-8")
    assert "mon-innovation" in explorer
    guide = (site / "contribuer" / "index.html").read_text(encoding="utf-8")
    assert 'href="reference/"' in guide
    assert (site / "contribuer" / "reference" / "index.html").is_file()
    assert (site / "contribuer" / "modele-innovation.yml").is_file()


def test_the_contribution_guide_names_the_required_fields_the_schema_requires() -> None:
    """The « Contribuer » page tells a carrier which fields a sheet cannot do without: the
    schema's list, not one that asks them to invent a carrier or a home territory."""
    schema = json.loads(
        (ROOT / "generator" / "schemas" / "innovation.schema.json").read_text(encoding="utf-8")
    )
    guide = (ROOT / "generator" / "site" / "pages" / "contribuer" / "index.md").read_text(
        encoding="utf-8"
    )
    sentence = re.search(r"\*\*(\w+) champs obligatoires\*\* :(.*?)\.", guide, re.S)
    assert sentence, "the guide says how many fields are required"
    named = re.findall(r"`(\w+)`", sentence.group(2))
    assert named == schema["required"]
    numbers = {4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit", 9: "neuf", 10: "dix"}
    assert sentence.group(1) == numbers[len(schema["required"])]
