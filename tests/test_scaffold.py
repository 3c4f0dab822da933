"""`python -m generator new innovation|territoire <id>`: the commented template of a new file.

The command refuses an invalid identifier (exit 2) or a taken one (exit 1) and never overwrites
a file; the template explains every field of the schema, its examples satisfy the schema, and
an unfilled template validates into a short list: the required fields still empty.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import Content, assert_clean_process, describe, run_cli, tree_digest

from generator.check.schema_errors import schema_diagnostics
from generator.contribute import scaffold
from generator.contribute.fieldref import fields, flatten
from generator.load.loader import load_text

SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/{kind}.schema.json"
# The required fields of an unfilled template, as (line of the file, reported field).
TO_FILL = {
    "innovation": [
        "nom:",
        "accroche:",
        "thematiques:",
        "publics:",
        "  - id:",
        "    titre:",
    ],
    "territoire": ["nom:", "type:", "departements: []"],
}
FOLDER = {"innovation": "innovations", "territoire": "territories"}


def uncomment_all(text: str) -> str:
    """What a contributor gets by uncommenting every optional line: `# ` removed, `##` kept."""
    return re.sub(r"(?m)^(\s*)# (?!yaml-language-server)", r"\1", text)


def new(content: Content, *args: str):
    run = run_cli(content.base, "new", *args)
    assert_clean_process(run)
    return run


# --- The command ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["innovation", "territoire"])
def test_new_writes_the_template(content: Content, kind: str) -> None:
    run = new(content, kind, "nouvelle-fiche")
    assert run.returncode == 0, run.stderr
    path = content.path(f"{FOLDER[kind]}/nouvelle-fiche.yml")
    assert path.read_text(encoding="utf-8") == scaffold.template(kind, "nouvelle-fiche")
    assert f"Fiche créée : content/{FOLDER[kind]}/nouvelle-fiche.yml" in run.stdout
    assert "python -m generator validate" in run.stdout


def test_new_with_content_option(tmp_path: Path) -> None:
    content = Content.copy_of(Path(__file__).parent / "fixtures" / "valid", tmp_path)
    (tmp_path / "ailleurs").mkdir()
    run = run_cli(
        tmp_path / "ailleurs", "new", "territoire", "ma-commune", "--content", "../content"
    )
    assert run.returncode == 0, run.stderr
    assert content.path("territories/ma-commune.yml").is_file()
    assert "python -m generator validate ../content" in run.stdout


def test_new_creates_the_folder_if_needed(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    run = run_cli(tmp_path, "new", "innovation", "premiere")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "content" / "innovations" / "premiere.yml").is_file()


@pytest.mark.parametrize("taken", ["atelier-des-possibles.yml", "ancienne.yaml"])
def test_new_refuses_a_taken_id_with_exit_1(content: Content, taken: str) -> None:
    content.write(f"innovations/{taken}", "id: quelque-chose\n")
    before = tree_digest(content.root)
    ident = taken.rsplit(".", 1)[0]
    run = new(content, "innovation", ident)
    assert run.returncode == 1
    assert f"existe déjà : l'identifiant « {ident} » est pris" in run.stderr
    assert tree_digest(content.root) == before, "an existing file was touched"


def test_the_same_id_may_name_an_innovation_and_a_territory(content: Content) -> None:
    assert new(content, "innovation", "parthenay").returncode == 0


@pytest.mark.parametrize(
    ("ident", "suggestion"),
    [
        ("Vita Air", "vita-air"),
        ("économie-sociale", "economie-sociale"),
        ("mon_innovation", "mon-innovation"),
        ("fin-", "fin"),
        ("deux--tirets", "deux-tirets"),
        ("MAJUSCULES", "majuscules"),
        ("x" * 81, "x" * 80),
        ("!!!", None),
    ],
)
def test_new_refuses_an_invalid_id_with_exit_2(
    content: Content, ident: str, suggestion: str | None
) -> None:
    before = tree_digest(content.root)
    run = new(content, "innovation", ident)
    assert run.returncode == 2
    assert run.stderr.startswith("erreur : ")
    assert "minuscules sans accents" in run.stderr
    if suggestion:
        assert f"Essayez « {suggestion} »" in run.stderr
    else:
        assert "Essayez" not in run.stderr
    assert tree_digest(content.root) == before


def test_new_refuses_an_unknown_kind_in_french(content: Content) -> None:
    run = new(content, "innovations", "x")
    assert run.returncode == 2
    assert "choix invalide" in run.stderr


def test_new_without_content_folder_exits_2(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "new", "innovation", "x")
    assert run.returncode == 2
    assert "le dossier de contenu « content » n'existe pas" in run.stderr
    assert not (tmp_path / "content").exists()


def test_new_help_is_french_and_gives_the_exit_codes(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "new", "--help")
    assert run.returncode == 0
    assert "utilisation :" in run.stdout
    assert "codes de sortie : 0" in run.stdout


def test_create_never_overwrites_even_when_the_file_appears_meanwhile(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is opened in exclusive mode: a file created after the check is kept."""
    target = content.path("innovations/course.yml")
    real_template = scaffold.template

    def template_then_someone_writes(kind: str, ident: str) -> str:
        target.write_text("id: course\n", encoding="utf-8")
        return real_template(kind, ident)

    monkeypatch.setattr(scaffold, "template", template_then_someone_writes)
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.create(content.root, "innovation", "course")
    assert not caught.value.usage
    assert target.read_text(encoding="utf-8") == "id: course\n"


# --- The template -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["innovation", "territoire"])
def test_template_starts_with_the_schema_line_and_reads_cleanly(kind: str) -> None:
    text = scaffold.template(kind, "mon-id")
    assert text.splitlines()[0] == SCHEMA_LINE.format(kind=kind)
    doc, problems = load_text("modele.yml", text.encode())
    assert problems == []
    assert doc is not None and doc.data["id"] == "mon-id"
    assert "\t" not in text
    assert all(len(line) <= 100 for line in text.splitlines() if line.startswith("##"))


@pytest.mark.parametrize("kind", ["innovation", "territoire"])
def test_template_holds_exactly_the_required_fields(kind: str) -> None:
    doc, _ = load_text("modele.yml", scaffold.template(kind, "mon-id").encode())
    required = [f.name for f in fields(kind) if f.required]
    assert doc is not None and list(doc.data) == required


def _paths(node: object, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(prefix + key)
            out |= _paths(value, f"{prefix}{key}.")
    elif isinstance(node, list):
        for item in node:
            out |= _paths(item, prefix.removesuffix(".") + "[].")
    return out


@pytest.mark.parametrize("kind", ["innovation", "territoire"])
def test_template_shows_every_field_of_the_schema(kind: str) -> None:
    doc, problems = load_text("modele.yml", uncomment_all(scaffold.template(kind, "x")).encode())
    assert problems == [] and doc is not None
    assert _paths(doc.data) == {f.path for f in flatten(fields(kind))}


@pytest.mark.parametrize("kind", ["innovation", "territoire"])
def test_template_explains_every_field_from_the_schema(kind: str) -> None:
    comments = " ".join(
        line.split("#", 1)[1].strip().lstrip("#")
        for line in scaffold.template(kind, "x").splitlines()
        if "#" in line
    )
    comments = re.sub(r"\s+", " ", comments)
    for f in flatten(fields(kind)):
        assert re.sub(r"\s+", " ", f.description) in comments, f.path
        for value in f.values:
            assert str(value) in comments, f"{f.path}: {value}"


@pytest.mark.parametrize("kind", ["innovation", "territoire"])
def test_template_examples_satisfy_the_schema(kind: str) -> None:
    """Uncommented, every example is valid: only the required fields left empty remain."""
    doc, _ = load_text("modele.yml", uncomment_all(scaffold.template(kind, "x")).encode())
    assert doc is not None
    problems = schema_diagnostics(doc, kind)
    assert problems and all(d.code == "valeur-vide" for d in problems), describe(problems)


# --- An unfilled template, validated -----------------------------------------------------------


def _reported(content: Content, kind: str) -> list[tuple[str, str]]:
    """(line of the file, code) of each diagnostic about the new file."""
    rel = f"{FOLDER[kind]}/a-remplir.yml"
    lines = content.read(rel).splitlines()
    return [(lines[d.line - 1], d.code) for d in content.validate() if d.file == Content.shown(rel)]


@pytest.mark.parametrize("kind", ["innovation", "territoire"])
def test_unfilled_template_lists_exactly_the_fields_to_fill(content: Content, kind: str) -> None:
    assert new(content, kind, "a-remplir").returncode == 0
    reported = _reported(content, kind)
    assert sorted({line for line, _ in reported}) == sorted(TO_FILL[kind])
    assert all(d.file.endswith("a-remplir.yml") for d in content.validate())
    assert all(d.severity == "error" for d in content.validate())


def test_unfilled_innovation_reports_each_field_once_as_valeur_vide(content: Content) -> None:
    assert new(content, "innovation", "a-remplir").returncode == 0
    assert _reported(content, "innovation") == [
        (line, "valeur-vide") for line in TO_FILL["innovation"]
    ]


def test_unfilled_territory_reports_each_field_once(content: Content) -> None:
    """`departements: []` is valid for the schema: the rule asks for the codes, once."""
    assert new(content, "territoire", "a-remplir").returncode == 0
    assert _reported(content, "territoire") == [
        ("nom:", "valeur-vide"),
        ("type:", "valeur-vide"),
        ("departements: []", "departement-manquant"),
    ]
