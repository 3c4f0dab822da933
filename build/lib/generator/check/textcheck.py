"""Checks on text values: URLs, e-mails, SIRET, and markup that must not reach the site."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
# An HTML tag, comment, or processing instruction: `<` directly followed by a letter, `/`, `!`, `?`.
_HTML = re.compile(r"<[/!?]?[A-Za-z]|<!--")
# Schemes that run code are refused anywhere; those that embed content, in link targets.
_DANGEROUS_SCHEME = re.compile(
    r"(?i)\b(?:java|vb)script\s*:"
    r"|\]\(\s*<?\s*(?:data|file)\s*:"
    r"|^\s*\[[^\]]+\]:\s*<?\s*(?:data|file)\s*:",
    re.MULTILINE,
)
_ENTITY_SCHEME = re.compile(r"(?i)&#0*(?:58|x0*3a);|&colon;")


def is_http_url(value: str) -> bool:
    if any(c.isspace() for c in value) or not value.isprintable():
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "@" not in parts.netloc


def has_credentials(url: str) -> bool:
    """Whether an address carries a user name or password (`https://user:pass@host/`)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return "@" in parts.netloc


# An http(s) address whose authority holds an "@": a user name, possibly with a password.
_CREDENTIALS = re.compile(r"(?i)\bhttps?://[^\s/?#<>()\[\]@]*@")


def find_credentials(text: str) -> int | None:
    """Offset of the first http(s) address carrying credentials in a text, or None."""
    if "@" not in text:
        return None
    match = _CREDENTIALS.search(text)
    return match.start() if match else None


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= 254


def is_siret(value: str) -> bool:
    """14 digits with a valid Luhn checksum (La Poste's establishments use their own rule)."""
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith("356000000"):
        return sum(int(c) for c in value) % 5 == 0
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def find_html(text: str) -> int | None:
    """Offset of the first raw HTML tag or comment in `text`, or None."""
    if "<" not in text:
        return None
    match = _HTML.search(text)
    return match.start() if match else None


# Markdown link targets: inline `[x](target)` and reference definitions `[x]: target`.
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)>\s]*)|^ {0,3}\[[^\]]+\]:\s*<?(\S+)", re.MULTILINE)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")
_ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _normalise(target: str) -> str:
    """What a browser would see: character references decoded, blanks and controls dropped."""
    return _INVISIBLE.sub("", html.unescape(target)).lower()


# Any text the function below can flag without a character reference holds one of these words,
# its letters possibly split by blanks or controls, then a colon: a cheap test to skip the rest.
_BLANKS = r"[\s\x00-\x20\x7f]*"
_MAYBE_SCHEME = re.compile(
    "(?i)(?:"
    + "|".join(_BLANKS.join(word) for word in ("script", "data", "file"))
    + ")"
    + _BLANKS
    + ":"
)


def _colon_after_scheme_end(text: str) -> bool:
    """Whether a colon follows, blanks apart, a t, a or e: the last letters of script, data
    and file. Without one, _MAYBE_SCHEME cannot match; most colons are in http(s) URLs."""
    start = text.find(":")
    while start != -1:
        before = start - 1
        while before >= 0 and (
            text[before] <= " " or text[before] == "\x7f" or text[before].isspace()
        ):
            before -= 1
        if before >= 0 and text[before] in "tTaAeE":
            return True
        start = text.find(":", start + 1)
    return False


def find_dangerous_link(text: str) -> int | None:
    """Offset of the first link to anything but http(s)/mailto, or of a `javascript:` anywhere.

    Character references (`java&#115;cript:`) and blanks inside the scheme are seen through.
    """
    if ":" not in text and "&" not in text:
        return None  # no scheme without a colon, written or as a character reference
    if "](" in text or "]:" in text:
        for match in _LINK_TARGET.finditer(text):
            target = _normalise(match.group(1) or match.group(2) or "")
            scheme = _SCHEME.match(target)
            if scheme and scheme.group(0) not in _ALLOWED_SCHEMES:
                return match.start()
    if "&" not in text and not (_colon_after_scheme_end(text) and _MAYBE_SCHEME.search(text)):
        return None
    match = _DANGEROUS_SCHEME.search(text) or _ENTITY_SCHEME.search(text)
    if match:
        return match.start()
    if _DANGEROUS_SCHEME.search(_INVISIBLE.sub("", html.unescape(text))):
        return 0
    return None
