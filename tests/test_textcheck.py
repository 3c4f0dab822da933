"""The quick test before the search for a link scheme never lets a dangerous link through."""

from __future__ import annotations

import random

from generator.check.textcheck import _MAYBE_SCHEME, _colon_after_scheme_end, find_dangerous_link


def test_links_split_by_blanks_or_case_are_still_refused() -> None:
    for text in (
        "voir javascript\t:alert(1)",
        "[voir](DATA\t:text/html,x)",
        "[voir](fi\x00le\u2009:///etc/passwd)",
        "VbScRiPt :x",
    ):
        assert find_dangerous_link(text) is not None, text
    for text in ("https://exemple.org", "Horaires : 9 h", "mailto:contact@exemple.org"):
        assert find_dangerous_link(text) is None, text


def test_the_quick_test_agrees_with_the_pattern_on_random_texts() -> None:
    """Whenever the scheme pattern matches, the quick test must have said « maybe »."""
    pieces = ["script", "data", "file", "SCRIPT", "Da", "ta", "fi", "le", "t", "a", "e", ":"]
    pieces += [" ", "\t", "\n", "\x00", "\x7f", "\u00a0", "\u2009", "x", "https", "//", "é"]
    chance = random.Random(20261126)
    matched = 0
    for _ in range(20000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(1, 12)))
        if _MAYBE_SCHEME.search(text):
            matched += 1
            assert _colon_after_scheme_end(text), repr(text)
    assert matched > 500  # the random texts do exercise the pattern
