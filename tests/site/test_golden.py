"""Golden tests: the final HTML of the fixture catalogue's pages, compared with reviewed copies.

The fixture catalogue goes through the real build (MkDocs, Material and the catalogue plugin,
without search: Pagefind writes no HTML). Each golden copy holds what a reader gets from the
page and what the catalogue decides in it:

- the `<title>` and `<meta name="description">` of the page head (the plugin sets both from the
  content: they show in the browser tab and in search engines);
- the page's main content, Material's `<article class="md-content__inner md-typeset">` element.

The rest of the page is Material's frame (header, tabs, footer, asset links with content
hashes that change with every Material release): comparing it would make every theme upgrade a
golden change to review, for nothing the catalogue decides. Two normalisations keep the copies
reviewable; the comparison applies them to the built page, so a copy stays faithful otherwise:

- an SVG path's geometry (`d="…"`, thousands of digits) becomes its length and a hash: a change
  of the drawing still fails the test, without digits to read;
- a line break goes between two tags where whitespace renders nothing (before a block, a table
  row or cell, an SVG shape): the map and the tables are one line each as built. Blanks at
  the end of a line (Material's indentation) are dropped.

Nothing here depends on the day or on git: the fixture is copied outside the repository, so the
sheets are dated by their `mis_a_jour` (no commit date), and no page shows the build date.

When a change to the pages is intended, regenerate the copies and review their diff:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/site/test_golden.py
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, VALID, build_copy

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
# Built page → its golden copy.
PAGES = {
    "index.html": "index.html",
    "innovations/index.html": "innovations/index.html",
    "innovations/atelier-des-possibles/index.html": "innovations/atelier-des-possibles.html",
    "innovations/relais-mobilite-test/index.html": "innovations/relais-mobilite-test.html",
    "territoires/index.html": "territoires/index.html",
    "territoires/parthenay/index.html": "territoires/parthenay.html",
    "carte/index.html": "carte.html",
    "chiffres/index.html": "chiffres.html",
    "donnees/index.html": "donnees.html",
    "thematiques/trouver-un-emploi/index.html": "thematiques/trouver-un-emploi.html",
}

MAIN = '<article class="md-content__inner md-typeset">'
_ARTICLE_TAG = re.compile(r"<article\b|</article>")
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_DESCRIPTION = re.compile(r'<meta name="description" content="[^"]*">')
_PATH_DATA = re.compile(r'(<path\b[^>]*?\sd=")([^"]{120,})(")')
# Opening or closing tags around which whitespace renders nothing.
_BLOCKS = (
    "article|section|div|p|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|th|td|caption"
    "|figure|figcaption|h[1-6]|nav|details|summary|form|fieldset|blockquote|hr"
    "|svg|g|path|rect|circle|line|polyline|polygon|text|title|desc|style|defs"
)
_BREAK = re.compile(rf"><(?=/?(?:{_BLOCKS})[\s/>])")


def main_content(html: str) -> str:
    """The page's `<article class="md-content__inner…">`, nested articles (a sheet) included."""
    start = html.index(MAIN)
    depth = 0
    for tag in _ARTICLE_TAG.finditer(html, start):
        depth += -1 if tag.group().startswith("</") else 1
        if depth == 0:
            return html[start : tag.end()]
    raise AssertionError("l'élément <article> principal n'est pas fermé")


def _path_summary(match: re.Match[str]) -> str:
    data = match.group(2)
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]
    return f"{match.group(1)}[tracé : {len(data)} caractères, sha256 {digest}]{match.group(3)}"


def golden_view(html: str) -> str:
    """What a golden copy holds of a built page (see the module docstring)."""
    head = [_TITLE.search(html), _DESCRIPTION.search(html)]
    assert all(head), "<title> ou <meta name=description> absent de la page"
    text = "\n".join([*(m.group() for m in head if m), main_content(html)])
    text = _PATH_DATA.sub(_path_summary, text)
    text = _BREAK.sub(">\n<", text)
    return "\n".join(line.rstrip() for line in text.split("\n")) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_copy(VALID, tmp_path_factory.mktemp("golden-site"), search=False)


@pytest.mark.parametrize("page", PAGES)
def test_built_page_matches_its_golden_copy(built: Path, page: str) -> None:
    generated = golden_view((built / page).read_text(encoding="utf-8"))
    golden = GOLDEN / PAGES[page]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(generated, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"{golden} manque : lancez avec UPDATE_GOLDEN=1 puis relisez le diff"
    assert generated == golden.read_text(encoding="utf-8"), (
        f"{page} a changé : si c'est voulu, UPDATE_GOLDEN=1 puis relisez le diff de {golden}"
    )


def test_no_golden_copy_is_left_without_its_page() -> None:
    """A copy of a page that is no longer compared would mislead its reviewer."""
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert on_disk == set(PAGES.values()), (
        f"copies en trop ou manquantes dans {GOLDEN} : {sorted(on_disk ^ set(PAGES.values()))}"
    )


@pytest.mark.parametrize("copy", sorted(PAGES.values()))
def test_golden_copy_is_finished_html(copy: str) -> None:
    """UPDATE_GOLDEN=1 writes whatever the build gives: these faults never belong in a copy."""
    text = (GOLDEN / copy).read_text(encoding="utf-8")
    content = main_content(text)
    assert not text.startswith("---"), "en-tête YAML (front matter) dans la page"
    assert "{:" not in content, "syntaxe d'attributs Markdown « {: … } » laissée telle quelle"
    assert not re.search(r"\*\*\w|\]\(|^#{1,6} ", content, re.M), "Markdown non rendu"
    assert re.search(r"<h1[ >]", content), "la page n'a pas de titre <h1>"
    assert "&amp;amp;" not in text and "&amp;lt;" not in text, "texte échappé deux fois"
