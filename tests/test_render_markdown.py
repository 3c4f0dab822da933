"""Contributors' Markdown: plain prose skips the engine and comes out exactly as the engine writes it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.load.loader import load_file
from generator.site.render import markdown as md

ROOT = Path(__file__).resolve().parents[1]


def _engine_html(text: str) -> str:
    engine = md._engine()
    engine.reset()
    return engine.convert(text)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _content_texts() -> list[str]:
    texts = []
    for folder in (ROOT / "content", ROOT / "tests" / "fixtures" / "valid"):
        for path in sorted(folder.rglob("*.yml")):
            document, _ = load_file(path)
            texts.extend(_strings(document.data if document else None))
    return texts


EDGE_CASES = [
    "Une phrase.",
    "Deux lignes\nd’un même paragraphe.",
    "Premier paragraphe.\n\nSecond paragraphe.\n",
    "Trois sauts\n\n\nde ligne.",
    "\n\nDes lignes vides autour.\n\n",
    "- une liste",
    "* une liste",
    "+ une liste",
    "1. une liste numérotée",
    "2015) une année entre parenthèses en tête de ligne",
    "En 2015. Puis en 2016.",
    "Le 12 mars, 40 % des personnes (soit 120) ont signé : « oui » !",
    "> une citation",
    "# un titre",
    "Un titre\n========",
    "Un titre\n--------",
    "***",
    "    du code indenté",
    "ligne avec deux espaces  \nà la fin",
    "ligne avec une espace \nà la fin",
    "un *accent* et un _autre_",
    "un `code`",
    "un [lien](https://example.org)",
    "un <b>balisage</b> et &amp; une entité",
    "un antislash \\ seul",
    "un trait-d’union - et un tiret – long",
    "des accolades {#id} et une barre | verticale ~ tilde ^",
    "un point d’exclamation ! et un point d’interrogation ?",
    "tabulation\tdans le texte",
    " une espace en tête",
    "ligne\n \nblanche faite d’une espace",
]


def test_plain_prose_renders_as_the_markdown_engine_renders_it() -> None:
    texts = EDGE_CASES + _content_texts()
    fast = [text for text in texts if md._plain_paragraphs(text) is not None]
    assert len(fast) >= 20, "le chemin rapide ne sert presque jamais"
    for text in texts:
        assert str(md.md_to_html(text)) == _engine_html(text), repr(text)


def test_markup_still_goes_through_the_engine() -> None:
    for text in ("- une liste", "un *accent*", "# un titre", "a & b", "ligne  \nsuite"):
        assert md._plain_paragraphs(text) is None, text
    assert "<li>" in md.md_to_html("- un\n- deux")
    assert "<em>" in md.md_to_html("un *accent*")


@pytest.mark.parametrize("seed", range(5))
def test_random_prose_renders_as_the_engine_renders_it(seed: int) -> None:
    alphabet = list("abcdeéàç     .,;:!?'’«»()%/0123456789-–\n") + ["\n\n", "1. ", "- ", "  \n"]
    rng = random.Random(seed)
    checked = 0
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        if md._plain_paragraphs(text) is None:
            continue
        checked += 1
        assert str(md.md_to_html(text)) == _engine_html(text), repr(text)
    assert checked > 100
