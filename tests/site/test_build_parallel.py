"""A build makes its open-data files and its search index in forked copies of itself while
MkDocs writes the pages (generator/site/forked.py): the site is the same as when the build makes
them itself, and a copy that fails or dies stops the build with a French message instead of
hanging, leaving nothing half-written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, VALID, build_copy

from generator.french import number_fr
from generator.site import forked
from generator.site.build import BuildError, build_site
from generator.site.export import DATA_DIR

# Builds a content folder with the project's build, as `python -m generator build` does (a
# fresh process: no other thread, so the jobs run in forked copies), after running SETUP, with
# search or not; prints whether each job ran in a copy, then the build's outcome, as JSON.
SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from generator.site import forked, search, spreadsheet
    from generator.site.build import BuildError, build_site
    seen = []
    for job in (forked.ForkedJob, forked.FedJob):
        def init(self, *args, start=job.__init__, **kwargs):
            start(self, *args, **kwargs)
            seen.append(self.forked)
        job.__init__ = init
    exec(sys.argv[3])
    try:
        result = build_site(Path(sys.argv[1]), Path(sys.argv[2]), search=sys.argv[4] == "oui")
        print(json.dumps({"forked": seen, "ok": result.ok, "error": ""}))
    except BuildError as exc:
        print(json.dumps({"forked": seen, "ok": False, "error": str(exc)}))
    """
)


def _build_in_a_process(
    content: Path, site: Path, setup: str = "", *, search: bool = False
) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(content), str(site), setup, "oui" if search else ""],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout.strip(), f"code {done.returncode} : {done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_data_files_made_in_a_copy_of_the_build_are_those_it_would_make_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    outcome = _build_in_a_process(content, tmp_path / "copie")
    assert outcome == {"forked": DATA_ONLY, "ok": True, "error": ""}
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    itself = build_copy(content, tmp_path / "lui-meme")
    beside, alone = _files(tmp_path / "copie"), _files(itself)
    assert beside.keys() == alone.keys()
    assert [path for path in beside if beside[path] != alone[path]] == []
    # the open-data page shows the size of the workbook the copy made
    size = number_fr(round(len(beside[f"{DATA_DIR}/catalogue.xlsx"]) / 1024, 1))
    page = beside[f"{DATA_DIR}/index.html"].decode("utf-8")
    assert f"Classeur Excel / LibreOffice, {size} ko" in page


# What the script sees: one copy for the data files; with search, a FedJob counted twice (its
# own ForkedJob, then itself), made first.
DATA_ONLY, WITH_SEARCH = [True], [True, True, True]
DATA_FAILED = "les fichiers de données n'ont pas pu être faits : "
SEARCH_FAILED = "l'indexation de la recherche (Pagefind) a échoué : simulé"
SEARCH_FAILS = (
    "search.index_site = lambda *a, **k: (_ for _ in ()).throw("
    f'search.SearchError("{SEARCH_FAILED}"))'
)


@pytest.mark.parametrize(
    ("search", "setup", "said"),
    [
        (False, "spreadsheet.workbook = lambda *a, **k: 1 / 0", DATA_FAILED + "division by zero"),
        (
            False,
            "spreadsheet.workbook = lambda *a, **k: os._exit(9)",
            DATA_FAILED + "le processus s'est arrêté (code 9)",
        ),
        (True, SEARCH_FAILS, SEARCH_FAILED),
        (
            True,
            "search.SearchCopies.add = lambda *a, **k: os._exit(9)",
            "le processus s'est arrêté (code 9)",
        ),
    ],
    ids=["donnees-erreur", "donnees-processus-arrete", "pagefind-echoue", "recherche-arretee"],
)
def test_a_copy_that_fails_or_dies_stops_the_build_in_french(
    tmp_path: Path, search: bool, setup: str, said: str
) -> None:
    site = tmp_path / "sortie" / "site"
    site.parent.mkdir()
    outcome = _build_in_a_process(VALID, site, setup, search=search)
    forked_jobs = WITH_SEARCH if search else DATA_ONLY
    assert outcome == {"forked": forked_jobs, "ok": False, "error": said}
    assert list(site.parent.iterdir()) == [], "site à moitié écrit ou dossier de travail laissé"


def test_without_a_copy_a_failure_stops_the_build_with_the_same_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.site import spreadsheet

    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.setattr(spreadsheet, "workbook", lambda *a, **k: 1 / 0)
    with pytest.raises(BuildError) as raised:
        build_site(VALID, tmp_path / "site", search=False)
    assert str(raised.value) == DATA_FAILED + "division by zero"
    assert not (tmp_path / "site").exists()


def test_the_search_index_made_in_a_copy_holds_the_pages_one_made_here_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    outcome = _build_in_a_process(content, tmp_path / "copie", search=True)
    assert outcome == {"forked": WITH_SEARCH, "ok": True, "error": ""}
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    itself = build_copy(content, tmp_path / "lui-meme", search=True)
    beside, alone = _files(tmp_path / "copie"), _files(itself)

    # Pagefind writes some of its files differently from run to run (README): the pages it
    # indexed, and the bundles the explorer loads, are the same
    def entry(files: dict[str, bytes]) -> dict:
        return json.loads(files["pagefind/0/pagefind-entry.json"])["languages"]["fr"]

    assert (
        entry(beside)["page_count"]
        == entry(alone)["page_count"]
        == len(list(VALID.glob("innovations/*.yml")))
    )
    assert beside["pagefind/bundles.json"] == alone["pagefind/bundles.json"]
    assert [p.name for p in (tmp_path / "copie").iterdir() if p.name.startswith(".")] == []
