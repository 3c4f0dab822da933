"""`python -m generator validate`, run as a subprocess from the folder that holds `content/`.

Exit codes: 0 without errors (warnings allowed), 1 with errors, 2 on usage or I/O problems.
No run ever prints a Python traceback, and validation never writes in the content folder.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from helpers import (
    INNOVATION,
    INVALID,
    VALID,
    CliRun,
    Content,
    assert_clean_process,
    run_cli,
    tree_digest,
)

from generator.check.validate import validate_content

BROKEN = "content/innovations/fiche-a-problemes.yml"
# (file, line, column, severity, code) of everything wrong in tests/fixtures/invalid/.
INVALID_EXPECTED = [
    (BROKEN, 3, 6, "error", "type-invalide"),
    (BROKEN, 8, 21, "error", "territoire-inconnu"),
    (BROKEN, 13, 1, "error", "yaml-cle-dupliquee"),
    (BROKEN, 15, 11, "error", "html-interdit"),
    (BROKEN, 17, 5, "error", "chiffre-sans-source"),
]
TEXT_LINE = re.compile(
    r"^content/(innovations|territories)/[a-z0-9-]+\.yml:\d+:\d+: "
    r"(erreur|avertissement) \[[a-z0-9-]+\]: \S.*$"
)
GITHUB_LINE = re.compile(
    r"^::(error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)"
    r"(,title=(?P<title>[^:]+))?::(?P<message>\S.*)$"
)


def validate(content: Content, *args: str) -> CliRun:
    """Run the validator in the folder that holds `content/`; it must not write anything."""
    before = tree_digest(content.root)
    run = run_cli(content.base, "validate", *args)
    assert tree_digest(content.root) == before, "validation wrote in the content folder"
    assert_clean_process(run)
    return run


@pytest.fixture
def broken(tmp_path: Path) -> Content:
    return Content.copy_of(INVALID, tmp_path)


@pytest.fixture(scope="module")
def broken_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CliRun]:
    """The invalid fixture validated once per format ("default": no --format option)."""
    content = Content.copy_of(INVALID, tmp_path_factory.mktemp("broken"))
    runs = {"default": validate(content, "content")}
    for name in ("text", "json", "github"):
        runs[name] = validate(content, "content", "--format", name)
    return runs


# --- Exit codes ------------------------------------------------------------------------------


def test_cli_valid_content_exits_0(content: Content) -> None:
    run = validate(content)  # the folder defaults to « content »
    assert run.returncode == 0
    assert run.stdout == ""
    assert run.stderr.strip() == "Aucun problème : le contenu est valide."


def test_cli_warnings_only_exits_0(content: Content) -> None:
    content.edit("territories/cher.yml", "millesime_cog: 2026\n", "")
    run = validate(content, "content")
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    line, col = content.locate("territories/cher.yml", "codes_cog:")
    assert lines[0].startswith(
        f"content/territories/cher.yml:{line}:{col}: avertissement [millesime-manquant]: "
    )
    assert lines[1].startswith("    conseil : ")
    assert run.stderr.strip() == "0 erreur, 1 avertissement."


def test_cli_errors_exit_1(broken_runs: dict[str, CliRun]) -> None:
    run = broken_runs["default"]
    assert run.returncode == 1
    assert run.stderr.strip() == "5 erreurs, 0 avertissement."


def test_cli_reports_every_problem_in_one_run(broken_runs: dict[str, CliRun]) -> None:
    # One file with a loader problem (duplicate key), schema errors, a cross-file error, raw
    # HTML and a warning: one run lists them all, in file and line order.
    run = broken_runs["json"]
    assert run.returncode == 1
    found = [(d["file"], d["line"], d["column"], d["severity"], d["code"]) for d in run.json()]
    assert found == INVALID_EXPECTED


def test_cli_missing_folder_exits_2(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "validate", "absent")
    assert_clean_process(run)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.strip() == "erreur : le dossier de contenu « absent » n'existe pas"


def test_cli_default_folder_missing_exits_2(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "validate")
    assert_clean_process(run)
    assert run.returncode == 2 and "« content »" in run.stderr


def test_cli_folder_is_a_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "content").write_text("pas un dossier\n", encoding="utf-8")
    run = run_cli(tmp_path, "validate", "content")
    assert_clean_process(run)
    assert run.returncode == 2 and run.stderr.startswith("erreur : ")


def test_cli_unknown_format_exits_2_in_french(content: Content) -> None:
    run = validate(content, "content", "--format", "xml")
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith("utilisation : ")
    assert "erreur : argument --format" in run.stderr and "choix invalide" in run.stderr
    assert "'xml'" in run.stderr
    assert "choisir parmi" in run.stderr


def test_cli_unknown_option_exits_2_in_french(content: Content) -> None:
    run = validate(content, "content", "--couleur")
    assert run.returncode == 2
    assert "arguments non reconnus" in run.stderr and "--couleur" in run.stderr


def test_cli_format_without_value_exits_2(content: Content) -> None:
    run = validate(content, "content", "--format")
    assert run.returncode == 2
    assert "une valeur est attendue" in run.stderr


def test_cli_without_command_exits_2(tmp_path: Path) -> None:
    run = run_cli(tmp_path)
    assert_clean_process(run)
    assert run.returncode == 2
    assert "validate" in run.stderr


def test_cli_help_exits_0(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "validate", "--help")
    assert_clean_process(run)
    assert run.returncode == 0
    assert run.stdout.startswith("utilisation : ")
    assert "--format" in run.stdout


# --- The three formats -------------------------------------------------------------------------


def test_cli_text_format_shape(broken_runs: dict[str, CliRun]) -> None:
    run = broken_runs["text"]
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2 * len(INVALID_EXPECTED)  # each problem has a hint
    for problem, hint in zip(lines[::2], lines[1::2], strict=True):
        assert TEXT_LINE.match(problem), problem
        assert hint.startswith("    conseil : ") and len(hint) > len("    conseil : "), hint
    assert lines[0] == (
        f"{BROKEN}:3:6: erreur [type-invalide]: « 2024 » dans « nom » devrait être du texte"
    )
    assert lines[1].startswith('    conseil : Mettez la valeur entre guillemets : "2024"')
    assert lines[8].startswith(f"{BROKEN}:17:5: erreur [chiffre-sans-source]: ")


def test_cli_text_is_the_default_format(broken_runs: dict[str, CliRun]) -> None:
    assert broken_runs["default"].stdout == broken_runs["text"].stdout


def test_cli_json_format_shape(broken_runs: dict[str, CliRun]) -> None:
    run = broken_runs["json"]
    items = run.json()
    assert isinstance(items, list) and len(items) == len(INVALID_EXPECTED)
    for item in items:
        assert set(item) == {"file", "line", "column", "severity", "code", "message", "hint"}
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert item["line"] >= 1 and item["column"] >= 1
        assert item["severity"] in ("error", "warning")
        assert re.fullmatch(r"[a-z0-9-]+", item["code"])
        assert item["message"] and isinstance(item["hint"], str)
    assert items[0]["message"] == "« 2024 » dans « nom » devrait être du texte"
    # French text is written as is, not as \u escapes.
    assert "«" in run.stdout and "\\u00ab" not in run.stdout
    # The text summary is only for people.
    assert run.stderr == ""


def test_cli_json_format_valid_content(content: Content) -> None:
    run = validate(content, "content", "--format", "json")
    assert run.returncode == 0 and run.json() == [] and run.stderr == ""


def test_cli_github_format_shape(broken_runs: dict[str, CliRun]) -> None:
    run = broken_runs["github"]
    assert run.returncode == 1 and run.stderr == ""
    lines = run.stdout.splitlines()
    assert len(lines) == len(INVALID_EXPECTED)
    for line, (file, number, column, severity, code) in zip(lines, INVALID_EXPECTED, strict=True):
        match = GITHUB_LINE.match(line)
        assert match, line
        assert match[1] == severity
        assert (match["file"], int(match["line"]), int(match["col"])) == (file, number, column)
        assert match["title"] == code
        assert "\n" not in match["message"]
    assert lines[0].startswith(f"::error file={BROKEN},line=3,col=6,")
    assert "::« 2024 » dans « nom » devrait être du texte — Mettez la valeur" in lines[0]


def test_cli_github_format_escapes_percent_and_newlines(content: Content) -> None:
    content.edit(INNOVATION, '"Un animateur à mi-temps."', '"Un animateur <b>100%</b>."')
    run = validate(content, "content", "--format", "github")
    (line,) = run.stdout.splitlines()
    assert GITHUB_LINE.match(line), line
    assert "<b>100%25</b>" in line and "100%<" not in line


def test_cli_formats_agree(broken_runs: dict[str, CliRun]) -> None:
    as_json = broken_runs["json"].json()
    text = broken_runs["text"].stdout.splitlines()[::2]
    github = broken_runs["github"].stdout.splitlines()
    assert len(as_json) == len(text) == len(github)
    for item, line, annotation in zip(as_json, text, github, strict=True):
        assert line.startswith(f"{item['file']}:{item['line']}:{item['column']}: ")
        assert line.endswith(f"[{item['code']}]: {item['message']}")
        assert f"line={item['line']},col={item['column']}" in annotation


# --- Paths ---------------------------------------------------------------------------------------


def test_cli_paths_follow_the_folder_given(tmp_path: Path) -> None:
    nested = tmp_path / "depot" / "donnees"
    nested.parent.mkdir()
    Content.copy_of(INVALID, nested)
    run = run_cli(tmp_path, "validate", "depot/donnees/content", "--format", "json")
    assert_clean_process(run)
    assert {d["file"] for d in run.json()} == {
        "depot/donnees/content/innovations/fiche-a-problemes.yml"
    }


def test_cli_committed_fixtures_unchanged_by_validation(tmp_path: Path) -> None:
    # Validate the committed fixtures in place (not a copy): they stay byte for byte the same.
    for folder, code in ((VALID, 0), (INVALID, 1)):
        before = tree_digest(folder)
        run = run_cli(tmp_path, "validate", str(folder), "--format", "json")
        assert_clean_process(run)
        assert run.returncode == code
        assert tree_digest(folder) == before


# --- In-process checks of the same contract ----------------------------------------------------


def test_parallel_validation_matches_serial(broken: Content) -> None:
    for i in range(3):
        broken.write(
            f"territories/copie-{i}.yml",
            broken.read("territories/niort.yml").replace("id: niort", f"id: copie-{i}"),
        )
    with contextlib.chdir(broken.base):
        serial = validate_content(Path("content"), workers=1).diagnostics
        parallel = validate_content(Path("content"), workers=2).diagnostics
    assert serial == parallel
    assert [(d.file, d.line, d.column, d.severity, d.code) for d in serial] == INVALID_EXPECTED
