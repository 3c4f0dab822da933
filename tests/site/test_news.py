"""Nouveautés: the Atom feed and the sheets' history follow the content's git history."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import feedparser
from conftest import VALID, build_copy


def _commit(repo: Path, message: str, date: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=repo, check=True, env=env)


def _history(content: Path) -> None:
    """Three commits: every file, then a new swarming site, then a new source."""
    subprocess.run(["git", "init", "-q"], cwd=content, check=True)
    _commit(content, "first", "2024-01-10T09:00:00+00:00")
    sheet = content / "innovations" / "cooperative-emploi-test.yml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(
        text.rstrip("\n")
        + '\nessaimage:\n  - structure: "Régie de Parthenay"\n    territoire: parthenay\n'
        "    source: note-test\n",
        encoding="utf-8",
    )
    _commit(content, "swarming site", "2024-02-20T10:00:00+00:00")
    relais = content / "innovations" / "relais-mobilite-test.yml"
    text = relais.read_text(encoding="utf-8")
    relais.write_text(
        text.replace(
            "\nsources:\n",
            '\nsources:\n  - id: rapport-neuf\n    titre: "Rapport neuf"\n    date: "2024-03"\n',
            1,
        ),
        encoding="utf-8",
    )
    _commit(content, "new source", "2024-03-05T11:00:00+00:00")


def test_feed_entries_match_the_git_history(tmp_path: Path) -> None:
    site = build_copy(VALID, tmp_path, edit=_history)
    feed = feedparser.parse((site / "nouveautes" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [e.title for e in feed.entries]
    assert titles[:2] == [
        "Relais mobilité de test : nouvelle source : Rapport neuf",
        "Coopérative d’emploi de test : nouveau site d’essaimage : Régie de Parthenay",
    ]
    assert sorted(titles[2:]) == [
        "Atelier des possibles : nouvelle fiche",
        "Coopérative d’emploi de test : nouvelle fiche",
        "Relais mobilité de test : nouvelle fiche",
    ]
    assert [e.updated[:10] for e in feed.entries] == [
        "2024-03-05",
        "2024-02-20",
        "2024-01-10",
        "2024-01-10",
        "2024-01-10",
    ]
    assert feed.feed.updated.startswith("2024-03-05")

    sheet = (site / "innovations" / "cooperative-emploi-test" / "index.html").read_text()
    assert "Historique de la fiche" in sheet
    assert "nouveau site d’essaimage : Régie de Parthenay" in sheet
    news = (site / "nouveautes" / "index.html").read_text()
    assert news.index("Rapport neuf") < news.index("Régie de Parthenay")
    # every page tells feed readers where the feed is
    assert 'type="application/atom+xml"' in sheet and "nouveautes/atom.xml" in sheet


def test_outside_git_the_feed_is_valid_and_says_why_it_is_empty(tmp_path: Path) -> None:
    site = build_copy(VALID, tmp_path)
    feed = feedparser.parse((site / "nouveautes" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries == []
    assert "pas suivi par git" in feed.feed.subtitle
    assert (
        "Historique de la fiche"
        not in (site / "innovations" / "atelier-des-possibles" / "index.html").read_text()
    )
