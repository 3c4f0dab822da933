"""Golden tests: the generated pages of the fixture catalogue, compared with reviewed copies.

When a change to the templates is intended, regenerate the copies and review their diff:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/site/test_golden.py
"""

from __future__ import annotations

import os

import pytest
from conftest import ROOT, VALID

from generator.model import build_catalogue
from generator.render.pages import all_pages
from generator.validate import validate_content

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
PAGES = [
    "index.md",
    "innovations/index.md",
    "innovations/atelier-des-possibles.md",
    "innovations/relais-mobilite-test.md",
    "territoires/index.md",
    "territoires/parthenay.md",
]


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    result = validate_content(VALID)
    assert result.ok
    # No maps and no git dates: the golden copies are about the pages' text and structure.
    return dict(all_pages(build_catalogue(result.content)))


@pytest.mark.parametrize("name", PAGES)
def test_generated_page_matches_its_golden_copy(generated: dict[str, str], name: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(generated[name], encoding="utf-8")
    assert golden.is_file(), f"{golden} manque : lancez avec UPDATE_GOLDEN=1 puis relisez le diff"
    assert generated[name] == golden.read_text(encoding="utf-8"), (
        f"{name} a changé : si c'est voulu, UPDATE_GOLDEN=1 puis relisez le diff de {golden}"
    )


def test_golden_copies_cover_every_kind_of_page(generated: dict[str, str]) -> None:
    kinds = {name.split("/")[0] if "/" in name else name for name in PAGES}
    assert {"index.md", "innovations", "territoires"} <= kinds
    assert all(name in generated for name in PAGES)
