"""`validate --changed REVISION`: only the problems of the changed files and of their neighbours.

Each test works in a fresh git repository holding a copy of the valid fixture, committed and
tagged `base`; a file is "broken" by adding a field that does not exist (`champ-inconnu`).
Fixture references: atelier-des-possibles → ajaccio, cher, parthenay; cooperative-emploi-test →
cher, france; relais-mobilite-test → ajaccio, parthenay; parthenay → parent deux-sevres.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import VALID, Content, assert_clean_process, run_cli

from generator.check.changed import ChangedError, changed_files, restrict_to_changed
from generator.check.validate import validate_content

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")

A = "innovations/atelier-des-possibles.yml"
COOP = "innovations/cooperative-emploi-test.yml"
RELAIS = "innovations/relais-mobilite-test.yml"


def git(base: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=base, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Content:
    content = Content.copy_of(VALID, tmp_path)
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "commit.gpgsign", "false")
    return content


def commit(content: Content, message: str = "change") -> None:
    git(content.base, "add", "--all")
    git(content.base, "commit", "--quiet", "--allow-empty", "-m", message)


def tag_base(content: Content) -> None:
    commit(content, "base")
    git(content.base, "tag", "base")


def break_file(content: Content, rel: str) -> None:
    content.write(rel, content.read(rel) + "champ_inconnu: oui\n")


def touch(content: Content, rel: str) -> None:
    """A harmless change: a comment at the end of the file."""
    content.write(rel, content.read(rel) + "# relu\n")


def files_reported(content: Content, revision: str = "base") -> set[str]:
    run = run_cli(content.base, "validate", "--format", "json", "--changed", revision)
    assert_clean_process(run)
    return {d["file"] for d in run.json()}


def test_problems_elsewhere_are_not_reported(repo: Content) -> None:
    break_file(repo, COOP)
    tag_base(repo)
    touch(repo, A)
    commit(repo)
    full = run_cli(repo.base, "validate")
    assert full.returncode == 1
    run = run_cli(repo.base, "validate", "--changed", "base")
    assert_clean_process(run)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""


def test_problems_of_a_changed_file_are_reported_with_exit_1(repo: Content) -> None:
    break_file(repo, COOP)
    tag_base(repo)
    break_file(repo, A)
    commit(repo)
    run = run_cli(repo.base, "validate", "--format", "github", "--changed", "base")
    assert_clean_process(run)
    assert run.returncode == 1
    assert f"file={Content.shown(A)}," in run.stdout
    assert Content.shown(COOP) not in run.stdout


def test_uncommitted_and_untracked_files_count_as_changed(repo: Content) -> None:
    tag_base(repo)
    break_file(repo, A)  # modified, not committed
    repo.write("innovations/nouvelle.yml", "id: nouvelle\n")  # untracked, incomplete
    assert files_reported(repo) == {Content.shown(A), Content.shown("innovations/nouvelle.yml")}


def test_staged_files_count_as_changed(repo: Content) -> None:
    tag_base(repo)
    break_file(repo, A)
    git(repo.base, "add", "--all")
    assert files_reported(repo) == {Content.shown(A)}


def test_files_referring_to_a_changed_territory_are_reported(repo: Content) -> None:
    break_file(repo, RELAIS)  # refers to ajaccio
    break_file(repo, COOP)  # does not
    tag_base(repo)
    touch(repo, "territories/ajaccio.yml")
    commit(repo)
    assert files_reported(repo) == {Content.shown(RELAIS)}


def test_territories_a_changed_file_refers_to_are_reported_up_the_parents(repo: Content) -> None:
    break_file(repo, "territories/deux-sevres.yml")  # parent of parthenay, named by RELAIS
    break_file(repo, "territories/cher.yml")  # not named by RELAIS
    tag_base(repo)
    touch(repo, RELAIS)
    commit(repo)
    assert files_reported(repo) == {Content.shown("territories/deux-sevres.yml")}


def test_deleting_a_territory_reports_the_files_that_named_it(repo: Content) -> None:
    tag_base(repo)
    repo.remove("territories/france.yml")  # named by COOP only
    commit(repo)
    run = run_cli(repo.base, "validate", "--format", "json", "--changed", "base")
    assert run.returncode == 1
    assert {(d["file"], d["code"]) for d in run.json()} == {
        (Content.shown(COOP), "territoire-inconnu")
    }


def test_a_branch_is_compared_from_where_it_left(repo: Content) -> None:
    """REVISION...HEAD: what changed on the base branch since is not the branch's doing."""
    tag_base(repo)
    git(repo.base, "switch", "--quiet", "-c", "proposition")
    touch(repo, A)
    commit(repo)
    git(repo.base, "switch", "--quiet", "main")
    break_file(repo, COOP)
    commit(repo, "main moves on")
    git(repo.base, "switch", "--quiet", "proposition")
    break_file(repo, A)
    commit(repo)
    assert files_reported(repo, "main") == {Content.shown(A)}


def test_changed_files_lists_content_paths_only(repo: Content) -> None:
    tag_base(repo)
    (repo.base / "LISEZMOI.md").write_text("hors contenu\n", encoding="utf-8")
    touch(repo, A)
    files, generator_changed = changed_files(repo.root, "base")
    assert files == {repo.path(A).resolve()}
    assert generator_changed is False


def test_unknown_revision_exits_2_in_french(repo: Content) -> None:
    tag_base(repo)
    run = run_cli(repo.base, "validate", "--changed", "origin/inexistante")
    assert_clean_process(run)
    assert run.returncode == 2
    assert "la révision « origin/inexistante » est inconnue" in run.stderr


def test_outside_a_repository_exits_2(tmp_path: Path) -> None:
    content = Content.copy_of(VALID, tmp_path)
    ceiling = {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    run = run_cli_env(content.base, ceiling, "validate", "--changed", "main")
    assert run.returncode == 2
    assert "n'est pas dans un dépôt git" in run.stderr


def test_missing_git_raises_changed_error(
    repo: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag_base(repo)
    empty = tmp_path / "sans-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = validate_content(repo.root)
    with pytest.raises(ChangedError, match="git est introuvable"):
        restrict_to_changed(result.diagnostics, result, repo.root, "base")


def run_cli_env(cwd: Path, extra: dict[str, str], *args: str):
    import os

    old = {key: os.environ.get(key) for key in extra}
    os.environ.update(extra)
    try:
        return run_cli(cwd, *args)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_a_change_to_the_validator_keeps_every_problem(
    repo: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schemas and rules apply to every file: changing them concerns the whole content."""
    import generator.check.changed as changed

    break_file(repo, COOP)
    (repo.base / "generator").mkdir()
    (repo.base / "generator" / "rules.py").write_text("# règles\n", encoding="utf-8")
    tag_base(repo)
    (repo.base / "generator" / "rules.py").write_text("# règles modifiées\n", encoding="utf-8")
    monkeypatch.setattr(changed, "GENERATOR_DIR", (repo.base / "generator").resolve())
    result = validate_content(repo.root)
    kept = restrict_to_changed(result.diagnostics, result, repo.root, "base")
    assert kept == result.diagnostics and kept
