"""Fixtures shared by the validator tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
for entry in (ROOT, ROOT / "tests"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

from helpers import VALID, Content  # noqa: E402


@pytest.fixture
def content(tmp_path: Path) -> Content:
    """A fresh copy of the valid fixture, to break with one edit."""
    return Content.copy_of(VALID, tmp_path)


@pytest.fixture
def bare(tmp_path: Path) -> Content:
    """An empty content folder, for files that must be refused on their own."""
    for folder in ("innovations", "territories"):
        (tmp_path / "content" / folder).mkdir(parents=True)
    return Content(tmp_path)
