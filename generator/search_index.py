"""The search index, built by Pagefind in batches so that its memory stays bounded.

Pagefind keeps every page it reads in memory until it writes the index: about 80 KB per page
plus ten times the page's text (1.9 GB for 5,000 synthetic sheets). Above `BATCH_PAGES`
pages, the search pages are split into batches of at most that many, in the order of their
paths; Pagefind indexes each batch on its own, one after the other, and `merge_indexes` puts
the batches' indexes together into the one index Pagefind would have written for all pages:

* pages are numbered batch after batch (a batch's page n becomes offset + n);
* word postings are concatenated word by word (page numbers are stored as gaps from the
  previous page: only the first gap of each batch's list changes); the merged words are cut
  again into chunk files of about `CHUNK_BYTES`, named after their content as Pagefind does;
* filter values gain the same page offsets; sort orders are merged by the sort's value, which
  the caller names as one of the page's metadata fields (the same element carries both);
* fragments (one file per page) are moved as they are, renamed only on a name collision.

The format is Pagefind 1.5's; anything else stops the build with PagefindFormatError rather
than giving a search that silently misses pages. Memory during the merge: one index chunk per
batch at a time, plus the page list.
"""

from __future__ import annotations

import argparse
import gzip
import heapq
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import cbor2

from .reproducible import (
    FILTER_HASH_LENGTH,
    META_HASH_LENGTH,
    SIGNATURE,
    PagefindFormatError,
    cbor_head,
    normalise_pagefind,
    pagefind_hash,
    read_payload,
    short_name,
)

# Largest batch Pagefind indexes at once (~0.4 MB of its memory per synthetic sheet).
BATCH_PAGES = 1500
# Most bytes of a word index chunk's CBOR payload: a search loads the chunk(s) where its word
# falls, so a frequent word, heavier than this, gets a chunk of its own instead of bringing its
# neighbours along. (Pagefind's own chunks weigh 50 to 900 KB before compression.)
CHUNK_BYTES = 50_000
# Pagefind's names: `<lang>_<first hex digits of the content's hash>`.
INDEX_HASH_LENGTH = 7
FRAGMENT_HASH_LENGTH = 7
# Layout of a meta index: [version, pages, index chunks, filters, sorts, metadata fields].
META_FIELDS = 6
# zlib's level 4: 3 % bigger than the default level 6, a third of its time at 5,000 sheets.
GZIP_LEVEL = 4


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message (French) says how."""


def batch_size(pages: int, most: int = BATCH_PAGES) -> int:
    """Pages per batch: as few batches as `most` allows, of equal sizes."""
    count = max(1, -(-pages // most))
    return max(1, -(-pages // count))


def index_batch(folder: Path) -> None:
    """Run Pagefind on the HTML pages of `folder`, writing `folder`/pagefind."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder)]
    command += ["--output-subdir", "pagefind", "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchIndexError(
            "l'indexation de la recherche (Pagefind) a échoué :\n" + (done.stderr or done.stdout)
        )


def finish(batches: list[Path], site_dir: Path, sort_meta: Mapping[str, str]) -> None:
    """Make site_dir/pagefind from the indexed batch folders, normalised (reproducible).

    One batch: its index is moved. Several: their indexes are merged (and spent).
    `sort_meta` maps each `data-pagefind-sort` key to the metadata field holding the same
    value (to merge sort orders).
    """
    target = Path(site_dir) / "pagefind"
    if len(batches) == 1:
        (batches[0] / "pagefind").rename(target)
    else:
        merge_indexes([batch / "pagefind" for batch in batches], target, sort_meta)
    normalise_pagefind(site_dir)


def index_site(
    site_dir: Path,
    sort_meta: Mapping[str, str],
    body_marker: str,
    batch_pages: int = BATCH_PAGES,
) -> None:
    """Index the HTML pages under site_dir into site_dir/pagefind, in batches if needed.

    Only pages containing `body_marker` (`data-pagefind-body`) are searched: Pagefind ignores
    the others once one page has it, so batches hold only those.
    """
    site_dir = Path(site_dir)
    marker = body_marker.encode()
    pages = [page for page in sorted(site_dir.rglob("*.html")) if marker in page.read_bytes()]
    if len(pages) <= batch_pages:
        index_batch(site_dir)
        normalise_pagefind(site_dir)
        return
    size = batch_size(len(pages), batch_pages)
    batches_dir = site_dir.parent / f".{site_dir.name}-lots"
    shutil.rmtree(batches_dir, ignore_errors=True)
    batches = []
    try:
        for start in range(0, len(pages), size):
            batch = batches_dir / str(len(batches))
            for page in pages[start : start + size]:
                target = batch / page.relative_to(site_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(page, target)
                except OSError:  # a file system without hard links
                    shutil.copyfile(page, target)
            index_batch(batch)
            batches.append(batch)
        finish(batches, site_dir, sort_meta)
    finally:
        shutil.rmtree(batches_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """The build runs this module in its own process, so that merging does not compete with
    MkDocs for the interpreter. Errors are printed in French on stderr (exit status 1).

    `python -m generator.search_index site SITE --body ATTR [--sort KEY=FIELD]`: index a site.
    `python -m generator.search_index finish SITE BATCH… [--sort KEY=FIELD]`: merge batches.
    """
    parser = argparse.ArgumentParser(prog="python -m generator.search_index")
    commands = parser.add_subparsers(dest="command", required=True)
    site = commands.add_parser("site")
    site.add_argument("site", type=Path)
    site.add_argument("--body", required=True)
    site.add_argument("--pages-per-batch", type=int, default=BATCH_PAGES)
    done = commands.add_parser("finish")
    done.add_argument("site", type=Path)
    done.add_argument("batches", type=Path, nargs="+")
    for command in (site, done):
        command.add_argument("--sort", action="append", default=[], metavar="CLE=CHAMP")
    options = parser.parse_args(argv)
    sort_meta = dict(item.split("=", 1) for item in options.sort)
    try:
        if options.command == "site":
            index_site(options.site, sort_meta, options.body, options.pages_per_batch)
        else:
            finish(options.batches, options.site, sort_meta)
    except SearchIndexError as exc:
        print(exc, file=sys.stderr)
        return 1
    except (PagefindFormatError, OSError) as exc:
        print(f"l'index de la recherche n'a pas pu être construit : {exc}", file=sys.stderr)
        return 1
    return 0


# --- Merging -------------------------------------------------------------------------------


def merge_indexes(parts: list[Path], out: Path, sort_meta: Mapping[str, str]) -> None:
    """Write into `out` the index of all the pages indexed in `parts` (Pagefind folders).

    Files of `parts` are moved, not copied: the parts are spent afterwards.
    """
    if not parts:
        raise ValueError("no index to merge")
    entries = [_entry(part) for part in parts]
    first = entries[0]
    for part, entry in zip(parts, entries, strict=True):
        for key in ("version", "include_characters"):
            if entry.get(key) != first.get(key):
                raise PagefindFormatError(f"{part} : « {key} » diffère d'un lot à l'autre")
    out.mkdir(parents=True)
    for item in parts[0].iterdir():  # Pagefind's scripts, styles and WebAssembly files
        if item.is_file() and item.name != "pagefind-entry.json" and item.suffix != ".pf_meta":
            shutil.copy2(item, out / item.name)
    for folder in ("index", "fragment", "filter"):
        (out / folder).mkdir()
    languages: dict[str, dict] = {}
    for language in sorted({lang for entry in entries for lang in entry["languages"]}):
        having = [
            (part, entry["languages"][language])
            for part, entry in zip(parts, entries, strict=True)
            if language in entry["languages"]
        ]
        meta_hash, page_count = _merge_language(language, having, out, sort_meta)
        languages[language] = {
            "hash": meta_hash,
            "wasm": having[0][1].get("wasm"),
            "page_count": page_count,
        }
    entry = dict(first)
    entry["languages"] = languages
    (out / "pagefind-entry.json").write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _entry(part: Path) -> dict:
    path = part / "pagefind-entry.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(entry["languages"], dict):
            raise TypeError("languages")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PagefindFormatError(f"{path} illisible ou inattendu : {exc}") from exc
    return entry


def _load(path: Path) -> object:
    try:
        return cbor2.loads(read_payload(path))
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise PagefindFormatError(f"{path.name} : CBOR illisible ({exc})") from exc


def _name(language: str, payload: bytes, length: int, taken: set[str]) -> str:
    """A free name for a file of this content, as Pagefind names it; now taken."""
    name = short_name(language, pagefind_hash(payload), length, taken)
    taken.add(name)
    return name


def _gzip(payload: bytes) -> bytes:
    return gzip.compress(SIGNATURE + payload, compresslevel=GZIP_LEVEL, mtime=0)


def _check_meta(meta: object, path: Path) -> list:
    ok = (
        isinstance(meta, list)
        and len(meta) == META_FIELDS
        and isinstance(meta[0], str)
        and all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], int)
            for p in meta[1]
        )
        and all(isinstance(c, list) and len(c) == 3 for c in meta[2])
        and all(isinstance(f, list) and len(f) == 2 for f in meta[3])
        and all(
            isinstance(s, list) and len(s) == 2 and isinstance(s[0], str) and isinstance(s[1], list)
            for s in meta[4]
        )
        and all(isinstance(f, str) for f in meta[5])
    )
    if not ok:
        raise PagefindFormatError(f"{path.name} : structure d'index inattendue")
    return meta  # type: ignore[return-value]


def _merge_language(
    language: str,
    parts: list[tuple[Path, dict]],
    out: Path,
    sort_meta: Mapping[str, str],
) -> tuple[str, int]:
    metas = []
    for part, info in parts:
        path = part / f"pagefind.{info['hash']}.pf_meta"
        metas.append((part, _check_meta(_load(path), path)))
    versions = {meta[0] for _, meta in metas}
    if len(versions) != 1:
        raise PagefindFormatError(f"versions de Pagefind différentes : {sorted(versions)}")

    sort_keys = sorted({sort[0] for _, meta in metas for sort in meta[4]})
    for key in sort_keys:
        if key not in sort_meta:
            raise PagefindFormatError(f"tri « {key} » : champ de métadonnées inconnu")
    pages, sort_values, offsets = _merge_fragments(language, metas, out, sort_meta, sort_keys)
    filters = _merge_filters(language, metas, offsets, out)
    sorts = [[key, _sorted_pages(sort_values[key])] for key in sort_keys]
    chunks = _merge_words(language, metas, offsets, out)
    fields = sorted({field for _, meta in metas for field in meta[5]})
    meta = [metas[0][1][0], pages, chunks, filters, sorts, fields]
    payload = cbor2.dumps(meta)
    meta_hash = f"{language}_{pagefind_hash(payload)[:META_HASH_LENGTH]}"
    (out / f"pagefind.{meta_hash}.pf_meta").write_bytes(_gzip(payload))
    return meta_hash, len(pages)


def _merge_fragments(
    language: str,
    metas: list[tuple[Path, list]],
    out: Path,
    sort_meta: Mapping[str, str],
    sort_keys: list[str],
) -> tuple[list, dict[str, list[tuple[int, str]]], list[int]]:
    """Move every page's fragment into out/fragment; return pages, sort values, offsets."""
    pages: list = []
    offsets = []
    sort_values: dict[str, list[tuple[int, str]]] = {key: [] for key in sort_keys}
    taken: set[str] = set()
    for part, meta in metas:
        offsets.append(len(pages))
        for name, word_count in meta[1]:
            source = part / "fragment" / f"{name}.pf_fragment"
            data = source.read_bytes()
            target = out / "fragment" / f"{name}.pf_fragment"
            payload = gzip.decompress(data)[len(SIGNATURE) :]
            if name in taken and target.read_bytes() != data:  # same short hash, other page
                name = _name(language, payload, FRAGMENT_HASH_LENGTH, taken)
                target = out / "fragment" / f"{name}.pf_fragment"
            taken.add(name)
            source.replace(target)
            pages.append([name, word_count])
            if sort_keys:
                fragment = json.loads(payload)
                for key in sort_keys:
                    value = fragment.get("meta", {}).get(sort_meta[key])
                    if value is not None:
                        sort_values[key].append((len(pages) - 1, value))
    return pages, sort_values, offsets


def _sorted_pages(values: list[tuple[int, str]]) -> list[int]:
    """Page numbers in the order of their values: numbers if all are, else text (stable)."""
    try:
        numbers = [(page, float(value)) for page, value in values]
    except ValueError:
        return [page for page, _ in sorted(values, key=lambda item: item[1])]
    return [page for page, _ in sorted(numbers, key=lambda item: item[1])]


def _merge_filters(
    language: str, metas: list[tuple[Path, list]], offsets: list[int], out: Path
) -> list[list[str]]:
    merged: dict[str, dict[str, list[int]]] = {}
    for (part, meta), offset in zip(metas, offsets, strict=True):
        for name, file_hash in meta[3]:
            path = part / "filter" / f"{file_hash}.pf_filter"
            content = _load(path)
            if not (isinstance(content, list) and len(content) == 2 and content[0] == name):
                raise PagefindFormatError(f"{path.name} : structure de filtre inattendue")
            values = merged.setdefault(name, {})
            for value, numbers in content[1]:
                values.setdefault(value, []).extend(offset + number for number in numbers)
    references = []
    taken: set[str] = set()
    for name in sorted(merged):
        payload = cbor2.dumps([name, [[value, pages] for value, pages in merged[name].items()]])
        file_hash = _name(language, payload, FILTER_HASH_LENGTH, taken)
        (out / "filter" / f"{file_hash}.pf_filter").write_bytes(_gzip(payload))
        references.append([name, file_hash])
    return references


def _words(part: Path, meta: list, number: int) -> Iterator[tuple[str, int, list]]:
    """(word, batch number, entry) for every word of a batch's index, in word order."""
    for chunk in meta[2]:
        path = part / "index" / f"{chunk[2]}.pf_index"
        content = _load(path)
        if not (isinstance(content, list) and len(content) == 1 and isinstance(content[0], list)):
            raise PagefindFormatError(f"{path.name} : structure d'index inattendue")
        for entry in content[0]:
            if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
                raise PagefindFormatError(f"{path.name} : mot d'index inattendu")
            yield entry[0], number, entry


def _append(postings: list, last: int, more: list, offset: int) -> int:
    """Append a batch's postings (page gaps) after `postings`, whose last page is `last`.

    Returns the new last page (-1 when there is none yet).
    """
    if not more:
        return last
    first = more[0]
    absolute = first[0] + offset
    postings.append([absolute - last if last >= 0 else absolute, *first[1:]])
    postings.extend(more[1:])
    return absolute + sum(posting[0] for posting in more[1:])


def _merge_words(
    language: str, metas: list[tuple[Path, list]], offsets: list[int], out: Path
) -> list[list[str]]:
    streams = [_words(part, meta, number) for number, (part, meta) in enumerate(metas)]
    chunks: list[list[str]] = []
    taken: set[str] = set()
    encoded: list[bytes] = []
    size = 0
    first_word = last_word = ""

    def close() -> None:
        nonlocal encoded, size
        payload = _array_head(1) + _array_head(len(encoded)) + b"".join(encoded)
        name = _name(language, payload, INDEX_HASH_LENGTH, taken)
        (out / "index" / f"{name}.pf_index").write_bytes(_gzip(payload))
        chunks.append([first_word, last_word, name])
        encoded, size = [], 0

    current: str | None = None
    pages: list = []
    variants: dict[str, tuple[list, int]] = {}
    last = -1

    def flush() -> None:
        nonlocal size, first_word, last_word
        entry = [current, pages, [[v, postings] for v, (postings, _) in variants.items()]]
        data = cbor2.dumps(entry)
        if encoded and size + len(data) > CHUNK_BYTES:
            close()  # a word that would overflow the chunk starts the next one
        if not encoded:
            first_word = current  # type: ignore[assignment]
        encoded.append(data)
        last_word = current  # type: ignore[assignment]
        size += len(data)

    for word, number, entry in heapq.merge(*streams, key=lambda item: item[0]):
        if word != current:
            if current is not None:
                flush()
            current, pages, variants, last = word, [], {}, -1
        offset = offsets[number]
        last = _append(pages, last, entry[1], offset)
        for variant in entry[2]:
            postings, variant_last = variants.get(variant[0], ([], -1))
            variants[variant[0]] = (postings, _append(postings, variant_last, variant[1], offset))
    if current is not None:
        flush()
    if encoded:
        close()
    for left, right in zip(chunks, chunks[1:], strict=False):
        left[1], right[0] = _distinct_prefixes(left[1], right[0])
    return chunks


def _distinct_prefixes(a: str, b: str) -> tuple[str, str]:
    """Shortest prefixes telling the last word of a chunk from the first of the next one."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _array_head(length: int) -> bytes:
    """CBOR header of an array of `length` items."""
    head = bytearray()
    cbor_head(4, length, head)
    return bytes(head)


if __name__ == "__main__":
    sys.exit(main())
