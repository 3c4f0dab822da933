"""A catalogue of real-size sheets: `python benchmarks/realsize.py N DOSSIER`.

The synthetic sheets of synth.py carry about three times the text of the shipped ones, which
flatters a build whose fixed cost per page is high. This catalogue repeats the shipped sheets
(content/innovations/*.yml) until it holds N: the first copy of each keeps its file as it is,
the others get a new id (`vita-air-2`, file renamed to match) and a numbered name (« Vita Air
(2) »), every other byte unchanged. The shipped territories and programme come along as they are.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "content"
FORMAT_VERSION = 2  # bump when the output changes, so that cached catalogues are rebuilt
MARKER = ".taille-reelle.json"  # written at the top of the folder; ignored by the validator

_RENAMED = ("id", "nom")


class RealSizeError(Exception):
    """The folder cannot be used (it holds something this script did not write)."""


def _spans(text: str) -> dict[str, tuple[int, int, str]]:
    """{key: (start, end, value)} of the sheet's top-level `id` and `nom` values, by their place
    in the text: any way a carrier writes them (quoted or not, a comment after, a block)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    spans: dict[str, tuple[int, int, str]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value in _RENAMED and isinstance(value, yaml.ScalarNode):
                spans[key.value] = (value.start_mark.index, value.end_mark.index, value.value)
    return spans


def renamed(text: str, new_id: str, round_: int) -> str:
    """The sheet with id `new_id` and « (round_) » after its name, every other byte unchanged."""
    spans = _spans(text)
    values = {
        "id": json.dumps(new_id),
        "nom": json.dumps(f"{spans['nom'][2]} ({round_})", ensure_ascii=False),
    }
    for key in sorted(spans, key=lambda k: -spans[k][0]):  # from the end: offsets stay valid
        start, end, _ = spans[key]
        kept = text[start:end]
        ending = kept[len(kept.rstrip("\n")) :]  # a block value ends with its line breaks
        text = text[:start] + values[key] + ending + text[end:]
    return text


def shipped_sheets(source: Path = SOURCE) -> list[tuple[str, str]]:
    """(id, YAML text) of the shipped sheets, in file order."""
    sheets = []
    for path in sorted((source / "innovations").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if set(_spans(text)) != set(_RENAMED):
            raise RealSizeError(f"« {path} » : champ « id » ou « nom » introuvable")
        sheets.append((path.stem, text))
    if not sheets:
        raise RealSizeError(f"aucune fiche dans « {source / 'innovations'} »")
    return sheets


def copies(n: int, source: Path = SOURCE) -> list[tuple[str, str]]:
    """(id, YAML text) of the n sheets: shipped sheets in turn, renamed from the second round."""
    sheets = shipped_sheets(source)
    out = []
    for index in range(n):
        ident, text = sheets[index % len(sheets)]
        round_ = index // len(sheets) + 1
        if round_ > 1:
            ident = f"{ident}-{round_}"
            text = renamed(text, ident, round_)
        out.append((ident, text))
    return out


def _marker(n: int, source: Path) -> str:
    stamp = sorted(
        (p.relative_to(source).as_posix(), p.stat().st_size)
        for p in source.rglob("*.yml")
        if p.is_file()
    )
    return json.dumps({"innovations": n, "source": stamp, "version": FORMAT_VERSION}) + "\n"


def write_catalogue(n: int, out_dir: Path, source: Path = SOURCE) -> None:
    """Write the catalogue of n real-size sheets into out_dir (created, or replaced if ours)."""
    if n < 0:
        raise RealSizeError("le nombre de fiches doit être positif ou nul")
    out_dir = Path(out_dir)
    if out_dir.exists():
        if not out_dir.is_dir():
            raise RealSizeError(f"« {out_dir} » existe et n’est pas un dossier")
        if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
            raise RealSizeError(
                f"« {out_dir} » n’est pas vide et n’a pas été écrit par ce script : "
                "choisissez un dossier vide ou inexistant"
            )
        for folder in ("innovations", "territories"):
            shutil.rmtree(out_dir / folder, ignore_errors=True)
    (out_dir / "innovations").mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "territories", out_dir / "territories")
    shutil.copyfile(source / "programme.yml", out_dir / "programme.yml")
    for ident, text in copies(n, source):
        (out_dir / "innovations" / f"{ident}.yml").write_bytes(text.encode("utf-8"))
    (out_dir / MARKER).write_text(_marker(n, source), encoding="utf-8")


def ensure_catalogue(n: int, out_dir: Path, source: Path = SOURCE) -> bool:
    """Write the catalogue unless out_dir already holds this one; True if it was (re)written."""
    marker = Path(out_dir) / MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8") == _marker(n, source):
        return False
    write_catalogue(n, out_dir, source)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Écrit un catalogue de N fiches de taille réelle : les fiches livrées "
        "(content/innovations) recopiées et renommées, avec leurs territoires."
    )
    parser.add_argument("n", type=int, metavar="N", help="nombre de fiches innovation")
    parser.add_argument("out_dir", type=Path, metavar="DOSSIER", help="dossier de sortie")
    args = parser.parse_args(argv)
    try:
        write_catalogue(args.n, args.out_dir)
    except RealSizeError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    print(f"{args.n} fiches de taille réelle écrites dans {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
