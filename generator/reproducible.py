"""Reproducible builds: the same content gives a byte-identical site, whatever the day or run.

Two things vary from one build to the next without this module:

* Pagefind writes its filter indexes from a Rust HashMap, so the order of the values inside each
  `pagefind/filter/*.pf_filter` changes from run to run, and with it the file's content hash —
  which is its name —, the `pagefind.<lang>_<hash>.pf_meta` that lists the filter files (in a
  random order too) and the `pagefind-entry.json` that names the meta file.
  `normalise_pagefind` rewrites these files in a canonical order, with Pagefind's own naming.
* MkDocs stamps the sitemap with the build date, unless SOURCE_DATE_EPOCH is set:
  `source_date_epoch` gives the date of the content (its last git commit) to use instead.

Pagefind's binary files are gzip (`pagefind_dcd` + CBOR). The CBOR codec below covers the
definite-length types Pagefind writes (integers, strings, arrays, maps, simple values); every
file it rewrites is checked to decode and re-encode to the very same bytes first, so a future
Pagefind format it does not understand stops the build instead of breaking the search silently.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

# Header of every compressed Pagefind file, before its CBOR payload.
SIGNATURE = b"pagefind_dcd"
# Used when the content's date is unknown (not in git): 2024-01-01T00:00:00Z.
FIXED_EPOCH = 1704067200
# Lengths of the short hashes Pagefind uses in file names.
FILTER_HASH_LENGTH = 7
META_HASH_LENGTH = 10
# Position of the filter list in the meta index: [version, pages, index chunks, filters, …].
META_FILTERS = 3


class PagefindFormatError(ValueError):
    """Pagefind's output is not in the format this module knows how to normalise."""


# --- A minimal CBOR codec (RFC 8949), for the types present in Pagefind's files ----------------


class _Simple:
    """CBOR's false, true and null, kept distinct from the integers 0 and 1."""

    __slots__ = ("code",)

    def __init__(self, code: int) -> None:
        self.code = code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Simple) and other.code == self.code

    def __hash__(self) -> int:
        return hash(("cbor-simple", self.code))

    def __repr__(self) -> str:
        return {20: "false", 21: "true", 22: "null"}.get(self.code, f"simple({self.code})")


def cbor_decode(data: bytes) -> object:
    """Decode one CBOR item that must fill `data` exactly."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise PagefindFormatError(f"{len(data) - end} octets en trop après l'objet CBOR")
    return value


def _decode(data: bytes, i: int) -> tuple[object, int]:
    try:
        initial = data[i]
    except IndexError:
        raise PagefindFormatError("objet CBOR tronqué") from None
    major, info = initial >> 5, initial & 0x1F
    i += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        if i + size > len(data):
            raise PagefindFormatError("objet CBOR tronqué")
        argument = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise PagefindFormatError(f"forme CBOR non prise en charge (octet {initial:#04x})")
    if major == 0:
        return argument, i
    if major == 1:
        return -1 - argument, i
    if major in (2, 3):
        if i + argument > len(data):
            raise PagefindFormatError("chaîne CBOR tronquée")
        raw = data[i : i + argument]
        return (bytes(raw) if major == 2 else raw.decode("utf-8")), i + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = {}
        for _ in range(argument):
            key, i = _decode(data, i)
            pairs[key], i = _decode(data, i)
        return pairs, i
    if major == 7 and info < 24:
        return _Simple(info), i
    raise PagefindFormatError(f"type CBOR non pris en charge (octet {initial:#04x})")


def cbor_encode(value: object) -> bytes:
    """Encode with the shortest heads, as Pagefind's encoder (minicbor) does."""
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def cbor_head(major: int, argument: int, out: bytearray) -> None:
    if argument < 24:
        out.append(major << 5 | argument)
        return
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            out.append(major << 5 | info)
            out += argument.to_bytes(size, "big")
            return
    raise PagefindFormatError(f"entier trop grand pour CBOR : {argument}")


def _encode(value: object, out: bytearray) -> None:
    if isinstance(value, _Simple):
        out.append(0xE0 | value.code)
    elif isinstance(value, bool):
        out.append(0xF5 if value else 0xF4)
    elif isinstance(value, int):
        if value >= 0:
            cbor_head(0, value, out)
        else:
            cbor_head(1, -1 - value, out)
    elif isinstance(value, bytes):
        cbor_head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        cbor_head(3, len(raw), out)
        out += raw
    elif isinstance(value, list | tuple):
        cbor_head(4, len(value), out)
        for item in value:
            _encode(item, out)
    elif isinstance(value, dict):
        cbor_head(5, len(value), out)
        for key, item in value.items():
            _encode(key, out)
            _encode(item, out)
    elif value is None:
        out.append(0xF6)
    else:
        raise PagefindFormatError(f"type non encodable en CBOR : {type(value).__name__}")


# --- Pagefind files ----------------------------------------------------------------------------


def pagefind_hash(payload: bytes) -> str:
    """Pagefind's content hash: SHA-1 with each byte in hex *without* zero padding.

    (Pagefind formats every byte with `{:x?}`, so 0x0a gives "a", not "0a". Names built with
    this are the names Pagefind itself would have given to the same bytes.)
    """
    return "".join(format(byte, "x") for byte in hashlib.sha1(payload).digest())


def read_payload(path: Path) -> bytes:
    """The CBOR payload of a Pagefind file: gzip, then Pagefind's signature, then CBOR."""
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise PagefindFormatError(f"{path.name} n'est pas un fichier gzip lisible") from exc
    if not raw.startswith(SIGNATURE):
        raise PagefindFormatError(f"{path.name} ne commence pas par la signature de Pagefind")
    return raw[len(SIGNATURE) :]


def _read(path: Path) -> object:
    """Decode a Pagefind file, checking that re-encoding it gives back the very same bytes."""
    payload = read_payload(path)
    value = cbor_decode(payload)
    if cbor_encode(value) != payload:
        raise PagefindFormatError(f"{path.name} : encodage CBOR inattendu (non canonique)")
    return value


def _pack(value: object) -> tuple[bytes, bytes]:
    """(CBOR payload, gzip file bytes with no timestamp) for a Pagefind file."""
    payload = cbor_encode(value)
    return payload, gzip.compress(SIGNATURE + payload, compresslevel=9, mtime=0)


def short_name(language: str, full: str, length: int, taken: set[str]) -> str:
    """`<lang>_<hash prefix>`, lengthened on a collision as Pagefind does."""
    for size in range(length, len(full) + 1):
        name = f"{language}_{full[:size]}"
        if name not in taken:
            return name
    raise PagefindFormatError(f"collision de noms de fichiers Pagefind : {language}_{full}")


def _sorted_filter(value: object, path: Path) -> list:
    """[name, [[value, [pages…]], …]] with the values in order and each page list sorted."""
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], list)
        and all(
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and isinstance(entry[1], list)
            and all(isinstance(page, int) for page in entry[1])
            for entry in value[1]
        )
    ):
        raise PagefindFormatError(f"{path.name} : structure de filtre inattendue")
    name, values = value
    return [name, sorted(([v, sorted(pages)] for v, pages in values), key=lambda e: e[0])]


def _normalise_language(pagefind_dir: Path, language: str, meta_hash: str) -> str:
    """Rewrite one language's filters and meta; return the meta's new hash (`<lang>_<hex>`)."""
    meta_path = pagefind_dir / f"pagefind.{meta_hash}.pf_meta"
    if not meta_path.is_file():
        raise PagefindFormatError(f"fichier d'index absent : {meta_path.name}")
    meta = _read(meta_path)
    if not (isinstance(meta, list) and len(meta) > META_FILTERS):
        raise PagefindFormatError(f"{meta_path.name} : structure d'index inattendue")
    filters = meta[META_FILTERS]
    if not (
        isinstance(filters, list)
        and all(
            isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f)
            for f in filters
        )
    ):
        raise PagefindFormatError(f"{meta_path.name} : liste de filtres inattendue")

    filter_dir = pagefind_dir / "filter"
    written: dict[str, bytes] = {}
    references = []
    for name, old_hash in sorted(filters):
        old_path = filter_dir / f"{old_hash}.pf_filter"
        if not old_path.is_file():
            raise PagefindFormatError(f"filtre « {name} » : fichier absent ({old_path.name})")
        content = _sorted_filter(_read(old_path), old_path)
        if content[0] != name:
            raise PagefindFormatError(f"{old_path.name} ne contient pas le filtre « {name} »")
        payload, packed = _pack(content)
        new_hash = short_name(language, pagefind_hash(payload), FILTER_HASH_LENGTH, set(written))
        written[new_hash] = packed
        references.append([name, new_hash])

    old_filters = {f"{h}.pf_filter" for _, h in filters}
    for old in old_filters:
        (filter_dir / old).unlink()
    for new_hash, packed in written.items():
        (filter_dir / f"{new_hash}.pf_filter").write_bytes(packed)

    meta[META_FILTERS] = references
    payload, packed = _pack(meta)
    new_meta_hash = f"{language}_{pagefind_hash(payload)[:META_HASH_LENGTH]}"
    meta_path.unlink()
    (pagefind_dir / f"pagefind.{new_meta_hash}.pf_meta").write_bytes(packed)
    return new_meta_hash


def normalise_pagefind(site_dir: Path) -> None:
    """Make Pagefind's output (in `site_dir`/pagefind) identical from one run to the next.

    Sorts the values of every filter index, writes each gzip file without a timestamp, renames
    the filter and meta files after their new content and updates the references to them (meta
    index, `pagefind-entry.json`); the old files are removed. Raises PagefindFormatError when
    the output is not in the expected format.
    """
    pagefind_dir = Path(site_dir) / "pagefind"
    entry_path = pagefind_dir / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        hashes = {language: languages[language]["hash"] for language in languages}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PagefindFormatError(f"{entry_path.name} illisible ou inattendu : {exc}") from exc
    for language, meta_hash in sorted(hashes.items()):
        if not (isinstance(meta_hash, str) and meta_hash.startswith(f"{language}_")):
            raise PagefindFormatError(f"{entry_path.name} : hachage inattendu « {meta_hash} »")
        languages[language]["hash"] = _normalise_language(pagefind_dir, language, meta_hash)
    entry["languages"] = dict(sorted(languages.items()))
    # Same layout as Pagefind's own (serde_json: compact, UTF-8).
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


# --- Dates -------------------------------------------------------------------------------------


def source_date_epoch(content_dir: Path) -> int:
    """The content's date in seconds: its last git commit, else FIXED_EPOCH (outside git)."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=content_dir,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return int(done.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return FIXED_EPOCH


@contextlib.contextmanager
def build_date(content_dir: Path) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH to the content's date for the build, unless already set."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(content_dir))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
