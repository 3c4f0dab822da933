"""The domain model: validated documents turned into linked, typed objects.

Everything the renderers, maps, figures and exports need is computed here once: labels from the
vocabularies, resolved sources, territories' régions, who was born or swarmed where.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .geo import geodata
from .load.content import ContentSet
from .load.dates import parse_partial_date
from .schema import vocabulary

STAGE_ORDER = ["etude-faisabilite", "mobilisation", "accompagnement-transposition", "evaluation"]
MILESTONE_ORDER = ["appropriation-3-mois", "mise-en-oeuvre-9-mois", "impact-18-mois"]


def label(vocab: str, value: Any) -> str:
    return vocabulary(vocab).get(value, str(value))


@dataclass(frozen=True)
class Source:
    id: str
    titre: str
    editeur: str = ""
    url: str = ""
    date: str = ""


@dataclass
class Figure:
    indicateur: str
    libelle: str
    valeur: float
    date: str
    source: Source | None
    arrondi: bool = False
    note: str = ""
    date_inconnue: bool = False  # `date: inconnue`: no source says when (date stays "")

    @property
    def indicateur_label(self) -> str:
        return label("indicateur", self.indicateur)

    @property
    def is_sourced(self) -> bool:
        return self.source is not None


@dataclass
class Carrier:
    nom: str
    type_structure: str = ""
    siret: str = ""
    site_web: str = ""
    territoire: Territory | None = None
    source: Source | None = None


@dataclass
class Step:
    titre: str
    description: str = ""
    duree: str = ""


@dataclass
class Stage:
    palier: str
    statut: str
    date_debut: str = ""
    date_fin: str = ""
    description: str = ""
    source: Source | None = None

    @property
    def label(self) -> str:
        return label("palier", self.palier)

    @property
    def statut_label(self) -> str:
        return label("statut", self.statut)


@dataclass
class Indicator:
    """One transferability indicator."""

    key: str
    titre: str
    niveau: str
    justification: str = ""
    source: Source | None = None

    @property
    def niveau_label(self) -> str:
        return label("niveau_transferabilite", self.niveau)


@dataclass
class Milestone:
    jalon: str
    statut: str
    date: str = ""
    resultat: str = ""
    source: Source | None = None

    @property
    def label(self) -> str:
        return label("jalon", self.jalon)

    @property
    def statut_label(self) -> str:
        return label("statut", self.statut)

    @property
    def reached(self) -> bool:
        return self.statut == "realise"


@dataclass
class Site:
    structure: str
    territoire: Territory
    type_structure: str = ""
    date_debut: str = ""
    formation: str = ""
    source: Source | None = None
    jalons: list[Milestone] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        parsed = parse_partial_date(self.date_debut) if self.date_debut else None
        return parsed[0] if parsed else None


@dataclass
class Innovation:
    id: str
    nom: str
    accroche: str
    porteurs: list[Carrier]
    territoire_origine: Territory
    thematiques: list[str]
    publics: list[str]
    sources: list[Source]
    path: str = ""
    annee_creation: int | None = None
    probleme: str = ""
    principes: list[str] = field(default_factory=list)
    etapes: list[Step] = field(default_factory=list)
    moyens: dict[str, str] = field(default_factory=dict)
    partenaires: list[dict[str, str]] = field(default_factory=list)
    facteurs_cles: list[str] = field(default_factory=list)
    ecueils: list[str] = field(default_factory=list)
    indicateurs_suivi: list[str] = field(default_factory=list)
    date_entree: str = ""
    date_sortie: str = ""
    parcours_source: Source | None = None
    paliers: list[Stage] = field(default_factory=list)
    transferabilite: list[Indicator] = field(default_factory=list)
    essaimage: list[Site] = field(default_factory=list)
    chiffres: list[Figure] = field(default_factory=list)
    niveau_preuve: int | None = None
    preuve_justification: str = ""
    preuve_source: Source | None = None
    contact: dict[str, str] = field(default_factory=dict)
    mis_a_jour: str = ""

    @property
    def theme_labels(self) -> list[str]:
        return [label("thematique", t) for t in self.thematiques]

    @property
    def public_labels(self) -> list[str]:
        return [label("public", p) for p in self.publics]

    @property
    def territories(self) -> list[Territory]:
        """Home territory first, then every swarming site's territory, once each."""
        seen: dict[str, Territory] = {self.territoire_origine.id: self.territoire_origine}
        for site in self.essaimage:
            seen.setdefault(site.territoire.id, site.territoire)
        return list(seen.values())

    @property
    def departements(self) -> list[str]:
        return sorted({d for t in self.territories for d in t.departements})

    @property
    def regions(self) -> list[str]:
        return sorted({r for t in self.territories for r in t.regions})

    @property
    def stage_reached(self) -> str | None:
        """The furthest AIS#Emploi stage completed or under way."""
        reached = [s.palier for s in self.paliers if s.statut in ("realise", "en-cours")]
        ordered = [p for p in STAGE_ORDER if p in reached]
        return ordered[-1] if ordered else None

    @property
    def stage_reached_label(self) -> str:
        return label("palier", self.stage_reached) if self.stage_reached else "Aucun palier connu"

    def figure(self, indicateur: str) -> Figure | None:
        """The most recent sourced figure for an indicator."""
        candidates = [f for f in self.chiffres if f.indicateur == indicateur and f.is_sourced]
        if not candidates:
            return None
        return max(candidates, key=lambda f: parse_partial_date(f.date) or (0,))


@dataclass
class Territory:
    id: str
    nom: str
    type: str
    departements: list[str]
    path: str = ""
    codes_cog: list[str] = field(default_factory=list)
    millesime_cog: int | None = None
    parent_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    description: str = ""
    chiffres: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    # Filled once every innovation is known.
    born_here: list[Innovation] = field(default_factory=list)
    swarmed_here: list[tuple[Innovation, Site]] = field(default_factory=list)
    children: list[Territory] = field(default_factory=list)
    parent: Territory | None = None

    @property
    def type_label(self) -> str:
        return label("type_territoire", self.type)

    @property
    def is_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def innovations(self) -> list[Innovation]:
        seen: dict[str, Innovation] = {i.id: i for i in self.born_here}
        for innovation, _ in self.swarmed_here:
            seen.setdefault(innovation.id, innovation)
        return list(seen.values())


@dataclass
class Programme:
    nom: str
    nom_complet: str
    operateur: str
    chiffres_declares: list[Figure]
    sources: list[Source]
    annee_lancement: int | None = None
    financeurs: list[str] = field(default_factory=list)
    presentation: str = ""


@dataclass
class Catalogue:
    innovations: dict[str, Innovation]
    territories: dict[str, Territory]
    programme: Programme | None = None

    def innovations_sorted(self) -> list[Innovation]:
        return sorted(self.innovations.values(), key=lambda i: _sort_name(i.nom))

    def territories_sorted(self) -> list[Territory]:
        return sorted(self.territories.values(), key=lambda t: _sort_name(t.nom))


def _sort_name(name: str) -> str:

    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _sources(data: dict[str, Any]) -> dict[str, Source]:
    out = {}
    for s in data.get("sources") or []:
        out[s["id"]] = Source(
            s["id"], s["titre"], s.get("editeur", ""), s.get("url", ""), str(s.get("date", ""))
        )
    return out


UNKNOWN_DATE = "inconnue"  # a figure's `date:` when no source gives one (commun.schema.json)


def _figures(items: list[dict[str, Any]], sources: dict[str, Source]) -> list[Figure]:
    return [
        Figure(
            f["indicateur"],
            f["libelle"],
            f["valeur"],
            "" if f.get("date") == UNKNOWN_DATE else _str(f.get("date")),
            sources.get(f.get("source", "")),
            bool(f.get("arrondi", False)),
            f.get("note", ""),
            f.get("date") == UNKNOWN_DATE,
        )
        for f in items or []
    ]


def _str(value: Any) -> str:
    return "" if value is None else str(value)


TRANSFERABILITY = [
    ("efficacite", "Efficacité sur le territoire d’origine"),
    ("volonte_porteur", "Volonté du porteur de transposer"),
    ("processus_formalise", "Processus formalisé"),
]


def _territory(data: dict[str, Any], path: str, region_of: dict[str, str]) -> Territory:
    sources = _sources(data)
    coords = data.get("coordonnees") or {}
    departements = list(data.get("departements") or [])
    return Territory(
        id=data["id"],
        nom=data["nom"],
        type=data["type"],
        departements=departements,
        path=path,
        codes_cog=list(data.get("codes_cog") or []),
        millesime_cog=data.get("millesime_cog"),
        parent_id=data.get("parent"),
        latitude=coords.get("latitude"),
        longitude=coords.get("longitude"),
        description=data.get("description", ""),
        chiffres=_figures(data.get("chiffres"), sources),
        sources=list(sources.values()),
        regions=sorted({region_of[d] for d in departements if d in region_of}),
    )


def _innovation(data: dict[str, Any], path: str, territories: dict[str, Territory]) -> Innovation:
    sources = _sources(data)

    def src(node: dict[str, Any]) -> Source | None:
        return sources.get(node.get("source", ""))

    ais = data.get("parcours_ais") or {}
    transfer = ais.get("transferabilite") or {}
    preuve = data.get("niveau_preuve") or {}
    stages = sorted(
        (
            Stage(
                s["palier"],
                s["statut"],
                _str(s.get("date_debut")),
                _str(s.get("date_fin")),
                s.get("description", ""),
                src(s),
            )
            for s in ais.get("paliers") or []
        ),
        key=lambda s: STAGE_ORDER.index(s.palier),
    )
    sites = [
        Site(
            structure=s["structure"],
            territoire=territories[s["territoire"]],
            type_structure=s.get("type_structure", ""),
            date_debut=_str(s.get("date_debut")),
            formation=s.get("formation", ""),
            source=src(s),
            jalons=sorted(
                (
                    Milestone(
                        m["jalon"], m["statut"], _str(m.get("date")), m.get("resultat", ""), src(m)
                    )
                    for m in s.get("jalons") or []
                ),
                key=lambda m: MILESTONE_ORDER.index(m.jalon),
            ),
        )
        for s in data.get("essaimage") or []
    ]
    return Innovation(
        id=data["id"],
        nom=data["nom"],
        accroche=data["accroche"],
        path=path,
        porteurs=[
            Carrier(
                p["nom"],
                p.get("type_structure", ""),
                p.get("siret", ""),
                p.get("site_web", ""),
                territories.get(p.get("territoire", "")),
                src(p),
            )
            for p in data["porteurs"]
        ],
        territoire_origine=territories[data["territoire_origine"]],
        thematiques=list(data["thematiques"]),
        publics=list(data["publics"]),
        sources=list(sources.values()),
        annee_creation=data.get("annee_creation"),
        probleme=data.get("probleme", ""),
        principes=list(data.get("principes") or []),
        etapes=[
            Step(e["titre"], e.get("description", ""), e.get("duree", ""))
            for e in data.get("etapes") or []
        ],
        moyens=dict(data.get("moyens") or {}),
        partenaires=list(data.get("partenaires") or []),
        facteurs_cles=list(data.get("facteurs_cles") or []),
        ecueils=list(data.get("ecueils") or []),
        indicateurs_suivi=list(data.get("indicateurs_suivi") or []),
        date_entree=_str(ais.get("date_entree")),
        date_sortie=_str(ais.get("date_sortie")),
        parcours_source=src(ais),
        paliers=stages,
        transferabilite=[
            Indicator(
                key,
                title,
                transfer[key]["niveau"],
                transfer[key].get("justification", ""),
                src(transfer[key]),
            )
            for key, title in TRANSFERABILITY
            if key in transfer
        ],
        essaimage=sites,
        chiffres=_figures(data.get("chiffres"), sources),
        niveau_preuve=preuve.get("niveau"),
        preuve_justification=preuve.get("justification", ""),
        preuve_source=src(preuve),
        contact=dict(data.get("contact") or {}),
        mis_a_jour=_str(data.get("mis_a_jour")),
    )


def build_catalogue(content: ContentSet, region_of: dict[str, str] | None = None) -> Catalogue:
    """Link validated documents into a Catalogue. `content` must have passed validation."""
    if region_of is None:
        region_of = {code: d.region for code, d in geodata.departements().items()}
    territories = {
        doc.data["id"]: _territory(doc.data, doc.path, region_of) for doc in content.territories
    }
    for territory in territories.values():
        if territory.parent_id:
            territory.parent = territories[territory.parent_id]
            territory.parent.children.append(territory)
    innovations = {
        doc.data["id"]: _innovation(doc.data, doc.path, territories) for doc in content.innovations
    }
    for innovation in sorted(innovations.values(), key=lambda i: _sort_name(i.nom)):
        innovation.territoire_origine.born_here.append(innovation)
        for site in innovation.essaimage:
            site.territoire.swarmed_here.append((innovation, site))
    programme = None
    if content.programme is not None:
        data = content.programme.data
        sources = _sources(data)
        programme = Programme(
            nom=data["nom"],
            nom_complet=data["nom_complet"],
            operateur=data["operateur"],
            chiffres_declares=_figures(data["chiffres_declares"], sources),
            sources=list(sources.values()),
            annee_lancement=data.get("annee_lancement"),
            financeurs=list(data.get("financeurs") or []),
            presentation=data.get("presentation", ""),
        )
    return Catalogue(innovations, territories, programme)
