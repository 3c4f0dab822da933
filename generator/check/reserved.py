"""Identifiers no sheet may take: the one list, read by the validator, `new` and the reference.

An innovation is published at `innovations/<id>/`, a territory at `territoires/<id>/`, beside
pages and folders the site writes itself; a sheet named like one of them would replace it (or be
replaced). Windows cannot create files or folders with the device names below, whatever their
extension: a sheet named so could not be checked out there.
"""

from __future__ import annotations

# What the site writes beside the sheets (generator/site/render/, export.py, maps, figures, search)
# and the pages planned (départements, régions, comparison, what is new).
SITE_NAMES = frozenset(
    {
        "index",
        "404",
        "assets",
        "carte",
        "chiffres",
        "comparer",
        "contribuer",
        "departements",
        "donnees",
        "innovations",
        "methode",
        "nouveautes",
        "page",
        "pagefind",
        "publics",
        "regions",
        "schemas",
        "search",
        "sitemap",
        "territoires",
        "thematiques",
    }
)
WINDOWS_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
RESERVED_IDS = SITE_NAMES | WINDOWS_NAMES


def reserved_reason(ident: str) -> str | None:
    """Why `ident` cannot be an identifier (French), or None if it can."""
    if ident in SITE_NAMES:
        return "c'est le nom d'une page ou d'un dossier que le site produit lui-même"
    if ident in WINDOWS_NAMES:
        return "c'est un nom de périphérique réservé par Windows (fichier impossible à créer)"
    return None
