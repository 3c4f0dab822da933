"""The MkDocs hooks that spare generated pages a Markdown pass change nothing a reader sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, VALID, build_copy

from generator.model import build_catalogue
from generator.site import BuildError, generate_docs, run_mkdocs
from generator.validate import validate_content


def _config_without_hooks(folder: Path) -> Path:
    """mkdocs.yml as shipped, minus its hooks, with its relative paths made absolute."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text, removed = re.subn(r"\nhooks:\n(  - .*\n)+", "\n", text)
    assert removed == 1, "mkdocs.yml should declare its hooks"
    text = text.replace("custom_dir: generator/theme", f"custom_dir: {ROOT / 'generator/theme'}")
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_the_site_is_the_same_byte_for_byte_with_or_without_the_hooks(
    fixture_site: Path, tmp_path: Path
) -> None:
    plain = build_copy(VALID, tmp_path, config_file=_config_without_hooks(tmp_path))
    fast, slow = _files(fixture_site), _files(plain)
    fast = {path: data for path, data in fast.items() if not path.startswith("pagefind/")}
    assert sorted(fast) == sorted(slow)
    different = [path for path in fast if fast[path] != slow[path]]
    assert different == []


def test_handwritten_pages_still_go_through_markdown(fixture_site: Path) -> None:
    html = (fixture_site / "methode" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "<h2" in html  # `#` and `##` headings became HTML
    assert "CATALOGUE0PAGE0HTML" not in html


def _docs_with(tmp_path: Path, markdown: str) -> Path:
    result = validate_content(VALID)
    docs = tmp_path / "docs"
    generate_docs(build_catalogue(result.content), docs, VALID)
    (docs / "lien.md").write_text(markdown, encoding="utf-8")
    return docs


def test_a_link_to_a_section_of_a_sheet_is_still_checked(tmp_path: Path) -> None:
    good = "[Le problème](innovations/atelier-des-possibles.md#probleme)\n"
    docs = _docs_with(tmp_path / "bon", good)
    run_mkdocs(ROOT / "mkdocs.yml", docs, tmp_path / "bon" / "site", None)
    assert (tmp_path / "bon" / "site" / "lien" / "index.html").is_file()

    broken = "[Le problème](innovations/atelier-des-possibles.md#section-absente)\n"
    docs = _docs_with(tmp_path / "casse", broken)
    with pytest.raises(BuildError):
        run_mkdocs(ROOT / "mkdocs.yml", docs, tmp_path / "casse" / "site", None)
