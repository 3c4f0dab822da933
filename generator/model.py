"""The domain model: validated documents turned into linked, typed objects.

Everything the renderers, maps, figures and exports need is computed here once: labels from the
vocabularies, resolved sources, territories' régions, who was born, carried or swarmed where.

Two notions of place coexist. An innovation is *present* in its home territory, where one of its
carriers (`porteurs`) with a `territoire` carries or operates it, and at its swarming sites
(`present_territories`, `Territory.present_innovations`): the place pages and territory pages
say so. `territories` (and `departements`, `regions`, `Territory.innovations`) keep the narrower
« née ou essaimée », which the figures and the open data count and say they count.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .geo import geodata
from .load.content import ContentSet
from .load.dates import parse_partial_date
from .schema import vocabulary

# Units a figure can be added in (a count); rates, amounts and durations never are.
COUNT_UNITS = frozenset(
    {"personnes", "structures", "entreprises", "territoires", "sites", "innovations", "emplois"}
)
# The sections a replicator needs, as (key, label), in the sheet's order.
COMPLETENESS = [
    ("probleme", "problème"),
    ("etapes", "étapes"),
    ("moyens", "moyens et coûts"),
    ("partenaires", "partenaires"),
    ("facteurs_cles", "facteurs clés"),
    ("contact", "contact"),
    ("sources", "sources"),
    ("niveau_preuve", "niveau de preuve"),
]
COST_INDICATORS = frozenset(
    {"cout-par-beneficiaire", "cout-par-emploi", "budget-annuel", "etp-accompagnement"}
)
STAGE_ORDER = ["etude-faisabilite", "mobilisation", "accompagnement-transposition", "evaluation"]
MILESTONE_ORDER = ["appropriation-3-mois", "mise-en-oeuvre-9-mois", "impact-18-mois"]


def label(vocab: str, value: Any) -> str:
    return vocabulary(vocab).get(value, str(value))


# The unit of a figure counted in none of the listed units: its libellé says what it counts.
OTHER_UNIT = "autre"


def unit_label(unite: str) -> str:
    """A unit as written after a value (« personnes », « % »); "" without a unit and for
    « autre », whose figure names what it counts in its libellé (« 96 » : « voix pour… »)."""
    return label("unite", unite) if unite and unite != OTHER_UNIT else ""


@dataclass(frozen=True)
class Source:
    id: str
    titre: str
    editeur: str = ""
    url: str = ""
    date: str = ""
    type: str = ""
    pages: str = ""
    copie_url: str = ""

    @property
    def type_label(self) -> str:
        return label("type_source", self.type) if self.type else ""


@dataclass
class Figure:
    indicateur: str
    libelle: str
    valeur: float
    date: str
    source: Source | None
    arrondi: bool = False
    note: str = ""
    unite: str = ""
    date_inconnue: bool = False
    couvre: str = ""
    territoire: Territory | None = None
    scope: str = "innovation"  # innovation, site, territoire or programme: where it applies

    @property
    def unite_label(self) -> str:
        return unit_label(self.unite)

    @property
    def is_count(self) -> bool:
        """A count of things: the only kind of figure that may ever be added to another."""
        return self.unite in COUNT_UNITS

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
    role: str = ""
    debut: str = ""
    fin: str = ""
    email: str = ""

    @property
    def role_label(self) -> str:
        return label("role_porteur", self.role) if self.role else ""

    @property
    def operates(self) -> bool:
        """Whether the structure runs the innovation (« opérée ») rather than carries it."""
        return self.role == "operateur"


@dataclass
class Evaluation:
    id: str
    titre: str
    type: str
    source: Source | None
    evaluateur: str = ""
    date: str = ""
    constats: str = ""

    @property
    def type_label(self) -> str:
        return label("type_evaluation", self.type)


@dataclass
class Link:
    """A relation between two innovations, seen from one of them."""

    type: str
    other: Innovation
    source: Source | None = None
    reverse: bool = False  # True when the other innovation declared it

    @property
    def label(self) -> str:
        if not self.reverse:
            return label("type_lien", self.type)
        return REVERSE_LINKS.get(self.type, label("type_lien", self.type))


REVERSE_LINKS = {
    "variante-de": "A pour variante",
    "inspiree-de": "A inspiré",
    "complementaire-de": "Complémentaire de",
}


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
    chiffres: list[Figure] = field(default_factory=list)
    sans_texte_officiel: str = ""  # why the official text that habilitated the site is not cited

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
    territoire_origine: Territory | None
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
    essaimage_par_texte_officiel: bool = False
    chiffres: list[Figure] = field(default_factory=list)
    niveau_preuve: int | None = None
    preuve_justification: str = ""
    preuve_source: Source | None = None
    contact: dict[str, str] = field(default_factory=dict)
    mis_a_jour: str = ""
    programme: str = ""  # "ais-emploi", "autre", "aucun", or "" when not given
    programme_nom: str = ""
    programme_source: Source | None = None
    programme_explicit: bool = False  # False: deduced from `parcours_ais` (older sheets)
    evaluations: list[Evaluation] = field(default_factory=list)
    preuve_evaluations: list[Evaluation] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # both ways, filled by build_catalogue

    @property
    def is_ais(self) -> bool:
        """Whether the innovation went through AIS#Emploi (and counts in its totals)."""
        return self.programme == "ais-emploi"

    @property
    def programme_label(self) -> str:
        if self.programme == "autre":
            return self.programme_nom
        return label("programme_suivi", self.programme) if self.programme else ""

    @property
    def missing_sections(self) -> list[str]:
        """The sections a replicator needs that the sheet leaves empty, in the sheet's order."""
        filled = {
            "probleme": bool(self.probleme),
            "etapes": bool(self.etapes),
            "moyens": bool(self.moyens)
            or any(f.indicateur in COST_INDICATORS for f in self.chiffres),
            "partenaires": bool(self.partenaires),
            "facteurs_cles": bool(self.facteurs_cles),
            "contact": bool(self.contact) or any(c.email or c.site_web for c in self.porteurs),
            "sources": bool(self.sources),
            "niveau_preuve": self.niveau_preuve is not None,
        }
        return [title for key, title in COMPLETENESS if not filled[key]]

    @property
    def is_complete(self) -> bool:
        return not self.missing_sections

    @property
    def costs(self) -> list[Figure]:
        return [f for f in self.chiffres if f.indicateur in COST_INDICATORS]

    @property
    def theme_labels(self) -> list[str]:
        return [label("thematique", t) for t in self.thematiques]

    @property
    def public_labels(self) -> list[str]:
        return [label("public", p) for p in self.publics]

    @property
    def territories(self) -> list[Territory]:
        """Home territory (when known) first, then every swarming site's territory, once each."""
        seen: dict[str, Territory] = {}
        if self.territoire_origine is not None:
            seen[self.territoire_origine.id] = self.territoire_origine
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
    def present_territories(self) -> list[Territory]:
        """Where the innovation is present, once each: its home (when known), where a carrier
        carries or runs it, then its swarming sites."""
        seen: dict[str, Territory] = {}
        if self.territoire_origine is not None:
            seen[self.territoire_origine.id] = self.territoire_origine
        for carrier in self.porteurs:
            if carrier.territoire is not None:
                seen.setdefault(carrier.territoire.id, carrier.territoire)
        for site in self.essaimage:
            seen.setdefault(site.territoire.id, site.territoire)
        return list(seen.values())

    @property
    def present_departements(self) -> list[str]:
        return sorted({d for t in self.present_territories for d in t.departements})

    @property
    def present_regions(self) -> list[str]:
        return sorted({r for t in self.present_territories for r in t.regions})

    @property
    def stage_reached(self) -> str | None:
        """The furthest AIS#Emploi stage completed or under way."""
        reached = [s.palier for s in self.paliers if s.statut in ("realise", "en-cours")]
        ordered = [p for p in STAGE_ORDER if p in reached]
        return ordered[-1] if ordered else None

    @property
    def stage_reached_label(self) -> str:
        return label("palier", self.stage_reached) if self.stage_reached else "Aucun palier connu"

    def figure(self, indicateur: str, counts_only: bool = False) -> Figure | None:
        """The most recent sourced figure for an indicator (only counts, if asked)."""
        candidates = [
            f
            for f in self.chiffres
            if f.indicateur == indicateur and f.is_sourced and (f.is_count or not counts_only)
        ]
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
    carried_here: list[tuple[Innovation, Carrier]] = field(default_factory=list)
    children: list[Territory] = field(default_factory=list)
    parent: Territory | None = None
    code_qpv: str = ""
    composante_ids: list[str] = field(default_factory=list)
    composantes: list[Territory] = field(default_factory=list)
    part_of: list[Territory] = field(default_factory=list)  # zones listing it in `composantes`

    @property
    def type_label(self) -> str:
        return label("type_territoire", self.type)

    @property
    def is_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def innovations(self) -> list[Innovation]:
        """The innovations born or swarmed here, once each (what the open data counts)."""
        seen: dict[str, Innovation] = {i.id: i for i in self.born_here}
        for innovation, _ in self.swarmed_here:
            seen.setdefault(innovation.id, innovation)
        return list(seen.values())

    @property
    def present_innovations(self) -> list[Innovation]:
        """The innovations present here, once each: born, carried or run, or swarmed here."""
        seen: dict[str, Innovation] = {i.id: i for i in self.born_here}
        for innovation, _ in (*self.carried_here, *self.swarmed_here):
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

    def territories_in_use(self) -> list[Territory]:
        """What the site counts as « territoires »: the territories where an innovation of the
        catalogue was born or swarmed, once each (not those that only make up or contain one)."""
        seen = {t.id: t for i in self.innovations.values() for t in i.territories}
        return sorted(seen.values(), key=lambda t: _sort_name(t.nom))


def _sort_name(name: str) -> str:

    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _sources(data: dict[str, Any]) -> dict[str, Source]:
    out = {}
    for s in data.get("sources") or []:
        out[s["id"]] = Source(
            s["id"],
            s["titre"],
            s.get("editeur", ""),
            s.get("url", ""),
            str(s.get("date", "")),
            s.get("type", ""),
            s.get("pages", ""),
            s.get("copie_url", ""),
        )
    return out


def _figures(
    items: list[dict[str, Any]],
    sources: dict[str, Source],
    scope: str,
    territories: dict[str, Territory] | None = None,
) -> list[Figure]:
    out = []
    for f in items or []:
        where = (territories or {}).get(f.get("territoire", ""))
        out.append(
            Figure(
                f["indicateur"],
                f["libelle"],
                f["valeur"],
                _str(f.get("date")),
                sources.get(f.get("source", "")),
                bool(f.get("arrondi", False)),
                f.get("note", ""),
                unite=f.get("unite", ""),
                date_inconnue=bool(f.get("date_inconnue", False)),
                couvre=f.get("couvre", ""),
                territoire=where,
                scope="territoire" if where is not None else scope,
            )
        )
    return out


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
        chiffres=_figures(data.get("chiffres"), sources, "territoire"),
        sources=list(sources.values()),
        regions=sorted({region_of[d] for d in departements if d in region_of}),
        code_qpv=data.get("code_qpv", ""),
        composante_ids=list(data.get("composantes") or []),
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
            chiffres=_figures(s.get("chiffres"), sources, "site"),
            sans_texte_officiel=s.get("sans_texte_officiel", ""),
        )
        for s in data.get("essaimage") or []
    ]
    evaluations = [
        Evaluation(
            e["id"],
            e["titre"],
            e["type"],
            src(e),
            e.get("evaluateur", ""),
            _str(e.get("date")),
            e.get("constats", ""),
        )
        for e in data.get("evaluations") or []
    ]
    by_id = {e.id: e for e in evaluations}
    programme = data.get("programme") or ("ais-emploi" if "parcours_ais" in data else "")
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
                p.get("role", ""),
                _str(p.get("debut")),
                _str(p.get("fin")),
                p.get("email", ""),
            )
            for p in data.get("porteurs") or []
        ],
        territoire_origine=territories.get(data.get("territoire_origine", "")),
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
        essaimage_par_texte_officiel=data.get("essaimage_par_texte_officiel") is True,
        chiffres=_figures(data.get("chiffres"), sources, "innovation", territories),
        niveau_preuve=preuve.get("niveau"),
        preuve_justification=preuve.get("justification", ""),
        preuve_source=src(preuve),
        contact=dict(data.get("contact") or {}),
        mis_a_jour=_str(data.get("mis_a_jour")),
        programme=programme,
        programme_nom=data.get("programme_nom", ""),
        programme_explicit="programme" in data,
        programme_source=src({"source": data.get("programme_source", "")}),
        evaluations=evaluations,
        preuve_evaluations=[by_id[e] for e in preuve.get("evaluations") or [] if e in by_id],
    )


def innovation_source(innovation: Innovation, ident: str) -> Source | None:
    return next((s for s in innovation.sources if s.id == ident), None)


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
        territory.composantes = [territories[c] for c in territory.composante_ids]
        for part in territory.composantes:
            part.part_of.append(territory)
    innovations = {
        doc.data["id"]: _innovation(doc.data, doc.path, territories) for doc in content.innovations
    }
    for doc in content.innovations:
        innovation = innovations[doc.data["id"]]
        for link in doc.data.get("liens") or []:
            other = innovations[link["innovation"]]
            source = innovation_source(innovation, link.get("source", ""))
            innovation.links.append(Link(link["type"], other, source))
            other.links.append(Link(link["type"], innovation, source, reverse=True))
    for innovation in sorted(innovations.values(), key=lambda i: _sort_name(i.nom)):
        if innovation.territoire_origine is not None:
            innovation.territoire_origine.born_here.append(innovation)
        for carrier in innovation.porteurs:
            if carrier.territoire is not None:
                carrier.territoire.carried_here.append((innovation, carrier))
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
            chiffres_declares=_figures(data["chiffres_declares"], sources, "programme"),
            sources=list(sources.values()),
            annee_lancement=data.get("annee_lancement"),
            financeurs=list(data.get("financeurs") or []),
            presentation=data.get("presentation", ""),
        )
    return Catalogue(innovations, territories, programme)
