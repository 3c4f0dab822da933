"""Hardening of the built site: reproducible, atomic, and free of anything that runs unasked."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, VALID, build_copy, explorer_answer, pagefind_search, serve
from helpers import cli_env, run_cli, tree_digest
from mkdocs.commands import build as mkdocs_build
from playwright.sync_api import Browser

from generator.site import build as site_module
from generator.site import forked
from generator.site import search as search_module
from generator.site.build import BuildError, build_site
from generator.site.reproducible import FIXED_EPOCH, source_date_epoch
from generator.site.search import SEARCH_DIR

CONTENT = ROOT / "content"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ between two trees (missing on one side, or other bytes)."""
    left, right = _files(a), _files(b)
    return sorted(p for p in left.keys() | right.keys() if left.get(p) != right.get(p))


@pytest.fixture(scope="module")
def shipped_site(shipped_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ (as shipped, then with additions) built once for this module (no search: only the HTML is read)."""
    return build_copy(shipped_content, tmp_path_factory.mktemp("shipped-site"))


# --- 1. Reproducible builds ---------------------------------------------------------------------


def test_two_builds_are_byte_identical_and_search_the_same(
    fixture_site: Path, served_site: str, tmp_path: Path, browser: Browser
) -> None:
    """Every file is the same, except some of the search index: Pagefind writes its filters in
    an order that changes from run to run (and names files after their content). For those,
    the same searches must give the same answers."""
    again = build_copy(VALID, tmp_path / "encore", search=True)
    different = _same_tree(fixture_site, again)
    outside = [p for p in different if not p.startswith(f"{SEARCH_DIR}/")]
    assert outside == [], "des fichiers diffèrent d'une construction à l'autre"
    assert f"{SEARCH_DIR}/bundles.json" in _files(again)
    assert f"{SEARCH_DIR}/bundles.json" not in different

    explorer = (fixture_site / "innovations" / "index.html").read_text(encoding="utf-8")
    every_sheet = explorer.split('data-toutes="', 1)[1].split('"', 1)[0]
    queries = [
        "q=formations",
        "q=emploi",
        "thematique=Mobilit%C3%A9",
        "public=Trouver+un+emploi",
        "public=Trouver+un+emploi&thematique=Mobilit%C3%A9&thematique=Insertion",
        "q=garages&public=Trouver+un+emploi",
    ]
    (tmp_path / "servi").mkdir()
    with serve(again, tmp_path / "servi") as url:
        context = browser.new_context()
        first, second = context.new_page(), context.new_page()
        for query in queries:
            answer = explorer_answer(first, served_site, query)
            assert answer == explorer_answer(second, url, query), query
        for term, options in [
            (every_sheet, {}),
            (every_sheet, {"sort": {"nom": "desc"}}),
            ("emploi", {"filters": {"public": "Trouver un emploi"}}),
            (None, {}),
        ]:
            answer = pagefind_search(first, served_site, term, options)
            assert answer == pagefind_search(second, url, term, options), (term, options)
        context.close()


def _git(args: list[str], cwd: Path, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_the_content_date_is_its_last_commit(tmp_path: Path) -> None:
    if not shutil.which("git"):
        pytest.skip("git absent")
    content = tmp_path / "content"
    content.mkdir()
    assert source_date_epoch(content) == FIXED_EPOCH  # outside git
    _git(["init", "-q"], tmp_path, "")
    (content / "a.yml").write_text("a: 1\n")
    _git(["add", "."], tmp_path, "")
    _git(["commit", "-q", "-m", "un"], tmp_path, "2023-05-04T10:00:00Z")
    (tmp_path / "ailleurs.txt").write_text("hors du contenu\n")
    _git(["add", "."], tmp_path, "")
    _git(["commit", "-q", "-m", "deux"], tmp_path, "2025-01-01T10:00:00Z")
    assert source_date_epoch(content) == 1683194400  # the commit that touched content/


@pytest.mark.parametrize(
    ("given", "expected", "midnight"),
    [(None, "2024-01-01", FIXED_EPOCH), ("1700000000", "2023-11-14", 1699920000)],
    ids=["date-du-contenu", "date-imposee"],
)
def test_the_sitemap_is_dated_by_the_content_not_by_the_day(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    given: str | None,
    expected: str,
    midnight: int,
) -> None:
    """Outside git the content's date is FIXED_EPOCH; a SOURCE_DATE_EPOCH already set wins."""
    if given is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", given)
    # The sitemap lists pages only with a site_url.
    built = build_copy(VALID, tmp_path, site_url="https://exemple.org/depot/")
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {expected}
    gz_mtime = int.from_bytes((built / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert gz_mtime == midnight
    assert os.environ.get("SOURCE_DATE_EPOCH") == given, "variable d'environnement non rétablie"


# --- 2. Atomic builds ---------------------------------------------------------------------------


def _leftovers(base: Path) -> list[str]:
    return sorted(p.name for p in base.iterdir() if p.name.startswith(".site"))


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("first-build")
    site = build_copy(VALID, base)
    (site / "marque-du-site-precedent.txt").write_text("ancien site\n")
    return base


@pytest.fixture
def previous(first_build: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A site already in place and its content: (content, site, the site's files)."""
    for name in ("content", "site"):
        shutil.copytree(first_build / name, tmp_path / name)
    return tmp_path / "content", tmp_path / "site", _files(tmp_path / "site")


def _half_mkdocs(failure: BaseException):
    def run(config, **options):
        out = Path(config.site_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "index.html").write_text("<p>moitié d'un site")
        raise failure

    return run


def _half_search(failure: BaseException):
    real = search_module.index_site

    def run(site_dir, pages, **options):
        real(site_dir, pages, **options)
        (site_dir / SEARCH_DIR / "en-cours.json").write_bytes(b"\0")
        raise failure

    return run


@pytest.mark.parametrize(
    ("stage", "failure"),
    [
        ("mkdocs", BuildError("échec simulé")),
        ("mkdocs", KeyboardInterrupt()),
        ("pagefind", OSError("disque plein")),
        ("pagefind", KeyboardInterrupt()),
    ],
    ids=["mkdocs-echec", "mkdocs-interrompu", "pagefind-disque-plein", "pagefind-interrompu"],
)
def test_a_failed_or_interrupted_build_leaves_the_previous_site_intact(
    previous, monkeypatch: pytest.MonkeyPatch, stage: str, failure: BaseException
) -> None:
    content, site, before = previous
    if stage == "mkdocs":
        monkeypatch.setattr(mkdocs_build, "build", _half_mkdocs(failure))
    else:
        # Here, in this process: the failure reaches the caller as it is (a forked copy would
        # report it as a build error: tests/site/test_build_parallel.py).
        monkeypatch.setattr(forked, "can_fork", lambda: False)
        monkeypatch.setattr(search_module, "index_site", _half_search(failure))
    with pytest.raises(type(failure)):
        build_site(content, site, search=True)
    assert _files(site) == before, "le site précédent a été modifié"
    assert _leftovers(site.parent) == [], "dossier temporaire laissé à côté du site"


def test_a_build_mkdocs_refuses_leaves_the_previous_site_intact(previous, tmp_path: Path) -> None:
    """Valid content, but MkDocs stops in strict mode (here: a navigation entry without page)."""
    content, site, before = previous
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "custom_dir: generator/site/theme", f"custom_dir: {ROOT / 'generator/site/theme'}"
    ).replace("docs_dir: generator/site/pages", f"docs_dir: {ROOT / 'generator/site/pages'}")
    broken = tmp_path / "mkdocs-casse.yml"
    broken.write_text(
        config.replace("  - Carte: carte/index.md\n", "  - Carte: nulle-part/index.md\n")
    )
    assert broken.read_text() != config
    with pytest.raises(BuildError):
        build_site(content, site, search=False, config_file=broken)
    assert _files(site) == before
    assert _leftovers(site.parent) == []


def test_a_failed_swap_puts_the_previous_site_back(
    previous, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, site, before = previous
    real_rename = Path.rename

    def rename(self: Path, target):
        if self.parent.name.startswith(".site-build-"):  # the new site into place: fails
            raise OSError("renommage impossible")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        build_site(content, site, search=False)
    monkeypatch.undo()
    assert site.is_dir(), "le site a disparu"
    assert _files(site) == before
    assert _leftovers(site.parent) == []


# --- 3. Sanitised output ------------------------------------------------------------------------

# Scripts the pages may load: Material's bundle, ours (explorer, keyboard menu, links to the
# filtered explorer…), Pagefind.
ALLOWED_SRC = re.compile(
    r"(?:/(?:[\w.-]+/)*|(?:\.\./)*)"  # 404.html: the path of mkdocs.yml's site_url
    r"(?:assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js|assets/explorateur\.js"
    r"|assets/clavier\.js|assets/liens\.js|assets/commune\.js|assets/comparer\.js|pagefind/[\w.-]+\.js)"
)
# Material's two inline scripts (base.html), byte for byte except the relative base of the site.
MATERIAL_INLINE = [
    re.compile(
        re.escape('__md_scope=new URL("')
        + r"(?:\.|/(?:[\w.-]+/)*|\.\.(?:/\.\.)*)"
        + re.escape(
            '",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
            '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,'
            "JSON.stringify(_))}catch(e){}}"
        )
    ),
    re.compile(
        re.escape(
            "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
            '(target.checked=target.name.startsWith("__tabbed_"))'
        )
    ),
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}


class _Scanner(HTMLParser):
    """Collects what could run in a page: scripts, event handlers, script URLs, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts = 0
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"<{tag}>"
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.problems.append(f"{where} : gestionnaire d'événement {name}={value!r}")
            if name == "srcdoc":
                self.problems.append(f"{where} : attribut srcdoc")
            if name in URL_ATTRIBUTES and value:
                bare = re.sub(r"[\x00-\x20]", "", value).lower()
                if bare.startswith(FORBIDDEN_SCHEMES):
                    self.problems.append(f"{where} : adresse interdite {name}={value[:60]!r}")
            if name == "http-equiv" and (value or "").lower() == "refresh":
                self.problems.append(f"{where} : redirection meta refresh")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"{where} : élément interdit")
        if tag == "script":
            self.scripts += 1
            self._script = dict(attrs)
            self._text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        attrs, text = self._script, "".join(self._text).strip()
        self._script = None
        src, kind = attrs.get("src"), (attrs.get("type") or "").lower()
        if src is not None:
            if not ALLOWED_SRC.fullmatch(src):
                self.problems.append(f"<script src={src!r}> : script inconnu")
            if text:
                self.problems.append(f"<script src={src!r}> : contenu en plus de src")
            if kind not in ("", "module", "text/javascript"):
                self.problems.append(f"<script src={src!r}> : type {kind!r}")
        elif kind == "application/json" and attrs.get("id") == "__config":
            try:
                json.loads(text)
            except ValueError:
                self.problems.append("<script id=__config> : JSON invalide")
        elif kind == "application/ld+json":  # schema.org metadata: data, never run
            try:
                json.loads(text)
            except ValueError:
                self.problems.append("<script type=application/ld+json> : JSON invalide")
            if "<" in text:
                self.problems.append("<script type=application/ld+json> : « < » non échappé")
        elif kind not in ("", "text/javascript") or not any(
            pattern.fullmatch(text) for pattern in MATERIAL_INLINE
        ):
            self.problems.append(f"<script> en ligne inconnu : {text[:80]!r}")


def _scan(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    problems = scanner.problems
    if len(re.findall(r"<script\b", text, re.I)) != scanner.scripts:
        problems.append("« <script » ailleurs que dans une balise script")
    return problems


@pytest.mark.parametrize("which", ["fixture_site", "shipped_site"])
def test_pages_run_nothing_but_the_theme_and_the_search(
    which: str, request, shipped_content: Path
) -> None:
    # shipped_content: the shipped site is built as shipped, then with a carrier's additions
    built: Path = request.getfixturevalue(which)
    pages = sorted([*built.rglob("*.html"), *built.rglob("*.svg")])
    assert len(pages) > 10
    problems = [f"{p.relative_to(built)} : {problem}" for p in pages for problem in _scan(p)]
    assert problems == [], "\n".join(problems[:40])


def test_the_scanner_catches_what_it_looks_for(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<p onclick="x()">a</p><a href=" jav&#x09;ascript:alert(1)">b</a>'
        '<img src="data:image/svg+xml;base64,AAAA"><svg><a xlink:href="vbscript:x">c</a></svg>'
        '<form action="javascript:x"></form><script>alert(1)</script>'
        '<script src="https://example.org/x.js"></script><iframe srcdoc="x"></iframe>'
        "<SCRIPT>__md_scope=1</SCRIPT><!-- <script>hidden</script> -->"
    )
    problems = "\n".join(_scan(page))
    for expected in (
        "onclick",
        "href=",
        "src='data:",
        "xlink:href",
        "action=",
        "en ligne inconnu : 'alert(1)'",
        "script inconnu",
        "srcdoc",
        "<iframe> : élément interdit",
        "__md_scope=1",
        "ailleurs que dans une balise",
    ):
        assert expected in problems, expected


# --- 4. Builds that race or litter (issue 14, root cause 10) ------------------------------------


@pytest.mark.parametrize("where", ["contenu", "dans-le-contenu", "projet", "autre-dossier"])
def test_a_site_folder_that_would_erase_something_is_refused(tmp_path: Path, where: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a-garder.txt").write_text("à garder\n")
    target = {
        "contenu": content,
        "dans-le-contenu": content / "innovations",
        "projet": ROOT,
        "autre-dossier": tmp_path / "notes",
    }[where]
    before = tree_digest(tmp_path)
    run = run_cli(tmp_path, "build", "--content", "content", "--site-dir", str(target))
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("erreur : "), run.stderr
    assert "--site-dir" in run.stderr
    assert "Traceback" not in run.stderr
    assert tree_digest(tmp_path) == before


def test_builds_started_together_all_succeed(tmp_path: Path) -> None:
    """Four builds into one site folder at once: each waits for the other, none crashes."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--content", "content"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], outputs
    assert all("Traceback" not in err for _, err in outputs)
    assert (tmp_path / "site" / "innovations" / "atelier-des-possibles" / "index.html").is_file()
    assert _leftovers(tmp_path) == []


def test_what_a_killed_build_left_is_removed_by_the_next(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    stale = tmp_path / ".site-build-abc123"
    (stale / "site").mkdir(parents=True)
    (tmp_path / ".site-old").mkdir()
    run = run_cli(tmp_path, "build", "--content", "content")
    assert run.returncode == 0, run.stderr
    assert _leftovers(tmp_path) == []


def test_a_site_folder_that_cannot_be_written_is_said_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(site_module.tempfile, "mkdtemp", refused)
    with pytest.raises(BuildError, match="impossible d'écrire dans"):
        build_site(content, tmp_path / "site", search=False)
