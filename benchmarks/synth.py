"""Deterministic synthetic catalogue for benchmarks: `python benchmarks/synth.py N OUT_DIR`.

Writes a content folder with the same layout as content/ (innovations/, territories/,
programme.yml) that `python -m generator validate OUT_DIR` accepts with no diagnostic:

- territories: France, the 101 départements (real codes, codes_cog and millesime_cog) and a few
  hundred synthetic communes, municipal arrondissements and employment areas, drawn as points
  with plausible coordinates around the centre of their département (no codes_cog: real commune
  codes cannot be made up) and with their département as parent. They do not depend on N.
- innovations: N method sheets of realistic length, in French sentences built from the
  vocabulary of employment and insertion, so that search and stemming have real words to chew.
  Innovation i only depends on the seed and on i (and ids on the innovations before it), so the
  catalogue of N innovations is a prefix of the catalogue of any larger N.
- programme.yml, whose declared figures follow N.

Only the standard library is used (no import of generator/), so that the same catalogue can
feed every benchmark. Same N and seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SEED = 20150701  # AIS#Emploi's first call for projects closed on 1 July
FORMAT_VERSION = 2  # bump when the output changes, so that cached catalogues are rebuilt
MARKER = ".synth.json"  # written at the top of OUT_DIR; ignored by the validator and the site
MILLESIME_COG = 2026  # generator/geo/data/meta.json
REFERENCE = (2025, 6)  # "today" of the catalogue: what is before is done, what is after planned
WRAP = 96

# --- Territories ---------------------------------------------------------------------------

# (code, name, latitude, longitude, spread in degrees): the centre of each département, and how
# far from it a point may fall while staying inside (small for Paris and its inner suburbs).
DEPARTEMENTS: list[tuple[str, str, float, float, float]] = [
    ("01", "Ain", 46.10, 5.35, 0.15),
    ("02", "Aisne", 49.55, 3.55, 0.15),
    ("03", "Allier", 46.40, 3.20, 0.15),
    ("04", "Alpes-de-Haute-Provence", 44.10, 6.25, 0.15),
    ("05", "Hautes-Alpes", 44.65, 6.30, 0.12),
    ("06", "Alpes-Maritimes", 43.95, 7.15, 0.1),
    ("07", "Ardèche", 44.75, 4.45, 0.15),
    ("08", "Ardennes", 49.60, 4.65, 0.15),
    ("09", "Ariège", 42.95, 1.50, 0.15),
    ("10", "Aube", 48.30, 4.15, 0.15),
    ("11", "Aude", 43.10, 2.40, 0.15),
    ("12", "Aveyron", 44.30, 2.65, 0.15),
    ("13", "Bouches-du-Rhône", 43.55, 5.10, 0.1),
    ("14", "Calvados", 49.10, -0.35, 0.15),
    ("15", "Cantal", 45.05, 2.65, 0.12),
    ("16", "Charente", 45.70, 0.20, 0.15),
    ("17", "Charente-Maritime", 45.75, -0.70, 0.15),
    ("18", "Cher", 47.05, 2.50, 0.15),
    ("19", "Corrèze", 45.35, 1.90, 0.15),
    ("2A", "Corse-du-Sud", 41.85, 8.95, 0.1),
    ("2B", "Haute-Corse", 42.40, 9.20, 0.1),
    ("21", "Côte-d’Or", 47.40, 4.75, 0.15),
    ("22", "Côtes-d’Armor", 48.40, -2.85, 0.15),
    ("23", "Creuse", 46.10, 2.00, 0.15),
    ("24", "Dordogne", 45.10, 0.75, 0.15),
    ("25", "Doubs", 47.15, 6.35, 0.15),
    ("26", "Drôme", 44.70, 5.15, 0.15),
    ("27", "Eure", 49.10, 1.00, 0.15),
    ("28", "Eure-et-Loir", 48.40, 1.35, 0.15),
    ("29", "Finistère", 48.25, -4.05, 0.12),
    ("30", "Gard", 44.00, 4.20, 0.15),
    ("31", "Haute-Garonne", 43.45, 1.40, 0.12),
    ("32", "Gers", 43.70, 0.45, 0.15),
    ("33", "Gironde", 44.85, -0.55, 0.15),
    ("34", "Hérault", 43.60, 3.40, 0.15),
    ("35", "Ille-et-Vilaine", 48.15, -1.65, 0.15),
    ("36", "Indre", 46.80, 1.55, 0.15),
    ("37", "Indre-et-Loire", 47.25, 0.70, 0.15),
    ("38", "Isère", 45.25, 5.60, 0.15),
    ("39", "Jura", 46.75, 5.70, 0.15),
    ("40", "Landes", 43.95, -0.80, 0.15),
    ("41", "Loir-et-Cher", 47.55, 1.35, 0.12),
    ("42", "Loire", 45.75, 4.15, 0.12),
    ("43", "Haute-Loire", 45.10, 3.80, 0.15),
    ("44", "Loire-Atlantique", 47.35, -1.70, 0.15),
    ("45", "Loiret", 47.90, 2.30, 0.15),
    ("46", "Lot", 44.60, 1.60, 0.15),
    ("47", "Lot-et-Garonne", 44.35, 0.45, 0.15),
    ("48", "Lozère", 44.50, 3.50, 0.15),
    ("49", "Maine-et-Loire", 47.40, -0.55, 0.15),
    ("50", "Manche", 49.10, -1.30, 0.1),
    ("51", "Marne", 48.95, 4.25, 0.15),
    ("52", "Haute-Marne", 48.10, 5.20, 0.15),
    ("53", "Mayenne", 48.15, -0.65, 0.15),
    ("54", "Meurthe-et-Moselle", 48.75, 6.15, 0.1),
    ("55", "Meuse", 48.95, 5.40, 0.15),
    ("56", "Morbihan", 47.85, -2.80, 0.12),
    ("57", "Moselle", 49.05, 6.60, 0.15),
    ("58", "Nièvre", 47.10, 3.50, 0.15),
    ("59", "Nord", 50.60, 3.10, 0.08),
    ("60", "Oise", 49.40, 2.45, 0.15),
    ("61", "Orne", 48.68, 0.05, 0.12),
    ("62", "Pas-de-Calais", 50.50, 2.30, 0.12),
    ("63", "Puy-de-Dôme", 45.70, 3.15, 0.15),
    ("64", "Pyrénées-Atlantiques", 43.25, -0.75, 0.15),
    ("65", "Hautes-Pyrénées", 43.05, 0.15, 0.12),
    ("66", "Pyrénées-Orientales", 42.60, 2.50, 0.12),
    ("67", "Bas-Rhin", 48.65, 7.55, 0.12),
    ("68", "Haut-Rhin", 47.85, 7.25, 0.12),
    ("69", "Rhône", 45.80, 4.60, 0.08),
    ("70", "Haute-Saône", 47.65, 6.10, 0.15),
    ("71", "Saône-et-Loire", 46.65, 4.55, 0.15),
    ("72", "Sarthe", 47.95, 0.20, 0.15),
    ("73", "Savoie", 45.50, 6.45, 0.15),
    ("74", "Haute-Savoie", 46.05, 6.40, 0.12),
    ("75", "Paris", 48.857, 2.345, 0.015),
    ("76", "Seine-Maritime", 49.65, 1.00, 0.15),
    ("77", "Seine-et-Marne", 48.60, 2.95, 0.15),
    ("78", "Yvelines", 48.80, 1.85, 0.1),
    ("79", "Deux-Sèvres", 46.55, -0.30, 0.15),
    ("80", "Somme", 49.95, 2.30, 0.15),
    ("81", "Tarn", 43.80, 2.15, 0.15),
    ("82", "Tarn-et-Garonne", 44.05, 1.30, 0.12),
    ("83", "Var", 43.45, 6.20, 0.12),
    ("84", "Vaucluse", 44.00, 5.15, 0.1),
    ("85", "Vendée", 46.65, -1.30, 0.15),
    ("86", "Vienne", 46.55, 0.45, 0.15),
    ("87", "Haute-Vienne", 45.90, 1.25, 0.15),
    ("88", "Vosges", 48.20, 6.40, 0.15),
    ("89", "Yonne", 47.85, 3.55, 0.15),
    ("90", "Territoire de Belfort", 47.63, 6.90, 0.04),
    ("91", "Essonne", 48.52, 2.25, 0.08),
    ("92", "Hauts-de-Seine", 48.895, 2.235, 0.012),
    ("93", "Seine-Saint-Denis", 48.92, 2.48, 0.025),
    ("94", "Val-de-Marne", 48.78, 2.47, 0.025),
    ("95", "Val-d’Oise", 49.07, 2.20, 0.06),
    ("971", "Guadeloupe", 16.25, -61.55, 0.04),
    ("972", "Martinique", 14.65, -61.00, 0.04),
    ("973", "Guyane", 4.75, -52.75, 0.08),
    ("974", "La Réunion", -21.13, 55.53, 0.05),
    ("976", "Mayotte", -12.82, 45.15, 0.02),
]

TOWN_HEADS = [
    "Saint-Martin",
    "Saint-Julien",
    "Sainte-Marie",
    "Saint-Pierre",
    "Saint-Laurent",
    "Sainte-Colombe",
    "Villeneuve",
    "Montigny",
    "Beaumont",
    "Fontaine",
    "Neuville",
    "Châteauneuf",
    "La Chapelle",
    "Le Mesnil",
    "Belleville",
    "Roche",
    "Montreuil",
    "Villefranche",
    "Bourgneuf",
    "Clairvaux",
    "Aubigny",
    "Marcilly",
    "Champigny",
    "Orval",
    "Lavergne",
    "Brezolles",
]
TOWN_TAILS = [
    "",
    "",
    "-sur-{river}",
    "-sur-{river}",
    "-les-Bois",
    "-en-Vallée",
    "-le-Château",
    "-la-Forêt",
    "-des-Prés",
    "-du-Lac",
    "-sous-Bois",
    "-le-Vieux",
    "-la-Rivière",
]
RIVERS = [
    "Loire",
    "Seine",
    "Marne",
    "Vienne",
    "Garonne",
    "Saône",
    "Dordogne",
    "Meuse",
    "Orne",
    "Cher",
    "Indre",
    "Aube",
    "Oise",
    "Sarthe",
    "Lot",
    "Yonne",
]

# --- Vocabularies of the schemas (kept in sync with generator/schemas/vocabulaires) ---------

THEMATIQUES = [
    "acces-aux-droits-et-citoyennete",
    "accompagnement-social-et-professionnel-personnalise",
    "apprendre-francais",
    "choisir-un-metier",
    "creation-activite",
    "equipement-et-alimentation",
    "famille",
    "gestion-financiere",
    "handicap",
    "illettrisme",
    "logement-hebergement",
    "mobilite",
    "numerique",
    "preparer-sa-candidature",
    "remobilisation",
    "sante",
    "se-former",
    "souvrir-a-linternational",
    "trouver-un-emploi",
]
PUBLICS = [
    "actifs",
    "beneficiaires-des-minimas-sociaux",
    "demandeurs-emploi",
    "demandeurs-emploi-longue-duree",
    "etudiants",
    "familles",
    "femmes",
    "jeunes",
    "personnes-en-situation-de-handicap",
    "personnes-en-situation-durgence",
    "personnes-en-situation-juridique-specifique",
    "personnes-exilees",
    "residents-qpv-frr",
    "seniors",
]
PALIERS = ["etude-faisabilite", "mobilisation", "accompagnement-transposition", "evaluation"]
JALONS = [("appropriation-3-mois", 3), ("mise-en-oeuvre-9-mois", 9), ("impact-18-mois", 18)]
NIVEAUX = ["fort", "fort", "moyen", "moyen", "faible", "inconnu"]

# type_structure -> how a structure of that type is named ({lieu} is a place name).
STRUCTURES = {
    "ACI": ["Chantier d’insertion {nom} {lieu}", "Atelier {nom} {lieu}"],
    "AI": ["Association intermédiaire {nom} {lieu}"],
    "ASSO": ["Association {nom} {lieu}", "Collectif {nom} {lieu}"],
    "EI": ["Entreprise d’insertion {nom} {lieu}", "Les Ateliers {nom} {lieu}"],
    "ETTI": ["Intérim d’insertion {nom} {lieu}"],
    "GEIQ": ["GEIQ {nom} {lieu}", "Groupement d’employeurs {nom} {lieu}"],
    "ML": ["Mission locale {lieu}"],
    "PLIE": ["Plan local pour l’insertion et l’emploi {lieu}"],
    "MDE": ["Maison de l’emploi {lieu}"],
    "OF": ["Centre de formation {nom} {lieu}", "Institut {nom} {lieu}"],
    "CCAS": ["Centre communal d’action sociale {lieu}"],
    "EBE": ["Entreprise à but d’emploi {nom} {lieu}"],
    "GES": ["Groupe économique solidaire {nom} {lieu}"],
    "CAP_EMPLOI": ["Cap emploi {lieu}"],
    "E2C": ["École de la deuxième chance {lieu}"],
}
STRUCTURE_WORDS = [
    "Tremplin",
    "Horizon",
    "Passerelle",
    "Trait d’union",
    "Relais",
    "Envol",
    "Ressources",
    "Solidarité",
    "Avenir",
    "Boussole",
    "Cap",
    "Ancrage",
    "Élan",
    "Racines",
]

# --- French text --------------------------------------------------------------------------

# (subject, is_plural)
SUBJECTS = [
    ("les structures d’insertion", True),
    ("le conseiller en insertion professionnelle", False),
    ("les entreprises du territoire", True),
    ("les demandeurs d’emploi", True),
    ("l’équipe d’accompagnement", False),
    ("les partenaires locaux", True),
    ("la mission locale", False),
    ("le tuteur en entreprise", False),
    ("les employeurs", True),
    ("l’association porteuse", False),
    ("les chargés de relations entreprises", True),
    ("le comité de pilotage", False),
    ("les personnes accompagnées", True),
    ("France Travail", False),
    ("les organismes de formation", True),
    ("la collectivité", False),
]
# (singular, plural)
VERBS = [
    ("propose", "proposent"),
    ("organise", "organisent"),
    ("construit", "construisent"),
    ("facilite", "facilitent"),
    ("mobilise", "mobilisent"),
    ("renforce", "renforcent"),
    ("sécurise", "sécurisent"),
    ("prépare", "préparent"),
    ("finance", "financent"),
    ("anime", "animent"),
    ("développe", "développent"),
    ("coordonne", "coordonnent"),
    ("soutient", "soutiennent"),
    ("adapte", "adaptent"),
    ("encourage", "encouragent"),
    ("structure", "structurent"),
]
OBJECTS = [
    "des parcours de formation qualifiante",
    "un accompagnement individualisé et renforcé",
    "le recrutement de demandeurs d’emploi de longue durée",
    "des périodes de mise en situation en milieu professionnel",
    "un tutorat suivi par un salarié expérimenté",
    "des solutions de mobilité adaptées aux horaires décalés",
    "la rencontre directe entre candidats et recruteurs",
    "des formations courtes aux savoirs de base",
    "un diagnostic des besoins en compétences des entreprises",
    "l’accès à un premier emploi durable",
    "des contrats de travail en insertion",
    "la levée des freins périphériques à l’emploi",
    "des ateliers collectifs de préparation au recrutement",
    "la montée en compétences des salariés en parcours",
    "le repérage des personnes éloignées de l’emploi",
    "des immersions dans les métiers en tension",
    "la formation des encadrants techniques",
    "un suivi dans l’emploi pendant les premiers mois",
    "la coopération entre structures d’insertion et employeurs",
    "la validation des acquis de l’expérience",
]
COMPLEMENTS = [
    "sur l’ensemble du territoire",
    "au plus près des besoins des employeurs",
    "pendant toute la durée du parcours",
    "avec l’appui de France Travail",
    "dans les quartiers prioritaires de la politique de la ville",
    "en lien avec les branches professionnelles",
    "dans les zones rurales mal desservies",
    "avant et après l’embauche",
    "en s’appuyant sur les compétences acquises",
    "selon un calendrier partagé par tous les partenaires",
    "avec un référent unique pour chaque personne",
    "en articulation avec les dispositifs de droit commun",
    "dès les premières semaines d’accompagnement",
    "sans rupture entre formation et emploi",
]
OPENERS = [
    "",
    "",
    "",
    "Concrètement, ",
    "Dans un premier temps, ",
    "Ensuite, ",
    "Chaque mois, ",
    "Au fil du parcours, ",
    "Dans la pratique, ",
    "À chaque étape, ",
    "Grâce à cette méthode, ",
    "En pratique : ",
    "Le principe est simple : ",
    "Point d’attention : ",
]
FACTS = [
    "Sur le territoire, près de {pct} % des demandeurs d’emploi sont inscrits depuis plus d’un an.",
    "Les entreprises peinent à recruter : {n} offres d’emploi restent sans candidat chaque année.",
    "Beaucoup de personnes n’ont pas le permis de conduire et les transports en commun sont rares.",
    "Les employeurs jugent les candidatures sur le diplôme plus que sur les compétences réelles.",
    "L’offre de formation existe mais reste mal connue des publics qui en auraient le plus besoin.",
    "Les structures d’insertion travaillent peu ensemble et les entreprises ne savent pas à qui s’adresser.",
    "Les personnes accompagnées cumulent souvent des difficultés de logement, de santé et de mobilité.",
    "Le chômage de longue durée touche {pct} % des habitants des quartiers prioritaires.",
    "Les petites entreprises n’ont pas de service des ressources humaines pour organiser leurs recrutements.",
    "Après une formation, trop de stagiaires ne trouvent pas d’emploi faute de lien avec les employeurs.",
    "Le constat est partagé : {pct} % des offres d’emploi du bassin ne trouvent pas preneur.",
    "Deux difficultés se cumulent : l’éloignement des zones d’activité et le manque de qualification.",
    "Les freins sont connus : garde d’enfants, horaires décalés, absence de véhicule.",
]
STEP_TITLES = [
    "Repérer les besoins des entreprises",
    "Identifier et mobiliser les candidats",
    "Constituer le comité de pilotage",
    "Construire le parcours de formation",
    "Organiser les immersions en entreprise",
    "Former les tuteurs",
    "Accompagner la prise de poste",
    "Suivre les personnes dans l’emploi",
    "Évaluer les résultats avec les partenaires",
    "Lever les freins à la mobilité",
    "Préparer les entretiens de recrutement",
    "Signer les contrats de travail",
    "Présenter la démarche aux employeurs",
    "Faire le bilan avec chaque personne",
]
DURATIONS = [
    "2 semaines",
    "1 mois",
    "3 mois",
    "6 mois",
    "9 mois",
    "3 jours",
    "une demi-journée par semaine",
    "plusieurs semaines",
    "12 mois",
]
PARTNERS = [
    ("France Travail", "Oriente les demandeurs d’emploi et partage les offres d’emploi."),
    ("Conseil départemental", "Finance l’accompagnement des bénéficiaires du RSA."),
    ("Région", "Finance les places de formation qualifiante."),
    ("Entreprises du territoire", "Accueillent les personnes en immersion puis recrutent."),
    ("Mission locale", "Repère les jeunes et assure leur suivi."),
    ("Organisme de formation", "Conçoit et anime les modules de formation."),
    ("Opérateur de compétences (OPCO)", "Cofinance la formation des salariés en parcours."),
    ("Plateforme de mobilité", "Propose location de véhicules, permis et conseil en mobilité."),
    ("Communauté de communes", "Met à disposition des locaux et relaie la démarche."),
    ("Chambre de commerce et d’industrie", "Mobilise son réseau d’entreprises adhérentes."),
    ("Structures de l’insertion par l’activité économique", "Proposent des contrats de travail."),
    ("Centre communal d’action sociale", "Oriente les personnes et aide à lever les freins."),
]
INDICATORS_FOLLOW_UP = [
    "Nombre de demandeurs d’emploi accompagnés",
    "Taux de sortie vers l’emploi durable à 6 mois",
    "Nombre d’entreprises mobilisées",
    "Nombre d’heures de formation suivies",
    "Nombre d’immersions réalisées",
    "Part des femmes parmi les personnes recrutées",
    "Nombre de contrats signés",
    "Taux de maintien dans l’emploi à 12 mois",
    "Nombre de tuteurs formés",
    "Coût par parcours accompagné",
]
# (indicator, label template, low, high)
FIGURES = [
    ("beneficiaires", "demandeurs d’emploi accompagnés en {year}", 20, 600),
    ("sorties-emploi", "sorties vers l’emploi durable en {year}", 5, 200),
    ("entreprises", "entreprises partenaires en {year}", 5, 150),
    ("structures", "structures impliquées dans l’essaimage", 2, 40),
    ("structures-formees", "structures formées à la méthode", 2, 30),
    ("emplois-crees", "emplois créés depuis le lancement", 3, 120),
    ("participants", "participants aux ateliers collectifs en {year}", 30, 900),
    ("territoires", "territoires où l’innovation est mise en œuvre", 1, 25),
]
# The unit of each indicator above (content model 2: every figure says its unit).
UNITS = {
    "beneficiaires": "personnes",
    "sorties-emploi": "personnes",
    "entreprises": "entreprises",
    "structures": "structures",
    "structures-formees": "structures",
    "emplois-crees": "emplois",
    "participants": "personnes",
    "territoires": "territoires",
}
PUBLISHERS = [
    ("avise", "Avise"),
    ("ansa", "Agence nouvelle des solidarités actives (ANSA)"),
    ("coorace", "Coorace"),
    ("dreets", "DREETS"),
    ("dares", "Dares"),
    ("france-strategie", "France Stratégie"),
    ("fas", "Fédération des acteurs de la solidarité"),
    ("porteur", None),
]
SOURCE_TITLES = [
    "Rapport d’activité {year}",
    "Étude de faisabilité de l’essaimage",
    "Évaluation de l’expérimentation",
    "Fiche innovation sociale",
    "Bilan de l’accompagnement à la transposition",
    "Présentation de la démarche aux partenaires",
]
INNOVATION_HEADS = [
    "Parcours",
    "Tremplin",
    "Passerelle",
    "Cap",
    "Relais",
    "Atelier",
    "Boussole",
    "Fabrique",
    "Réseau",
    "Chantier",
    "Plateforme",
    "Rallye",
    "Déclic",
    "Escale",
    "Pacte",
    "Itinéraire",
]
# (complement of the name, the theme as said after "autour", thematique)
INNOVATION_TOPICS = [
    ("mobilité", "de la mobilité", "mobilite"),
    ("emploi", "de l’emploi durable", "trouver-un-emploi"),
    ("métiers du soin", "des métiers du soin", "choisir-un-metier"),
    ("gardien", "du métier de gardien d’immeuble", "trouver-un-emploi"),
    ("numérique", "des compétences numériques", "numerique"),
    ("bâtiment", "des métiers du bâtiment", "se-former"),
    ("logistique", "des métiers de la logistique", "choisir-un-metier"),
    ("compétences", "de la validation des compétences", "se-former"),
    ("entreprises", "de la relation avec les entreprises", "trouver-un-emploi"),
    ("territoire", "du développement local", "creation-activite"),
    ("français", "de l’apprentissage du français", "apprendre-francais"),
    ("santé", "de la santé au travail", "sante"),
    ("logement", "de l’accès au logement", "logement-hebergement"),
    ("recrutement", "du recrutement sans CV", "preparer-sa-candidature"),
    ("remobilisation", "de la remobilisation", "remobilisation"),
]
INNOVATION_QUALIFIERS = ["", "", "", "solidaire", "partagé", "inclusif", "local", "rural", "pro"]

# --- Helpers ------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Kebab-case ASCII identifier: `Côte-d’Or` -> `cote-d-or`."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub("-", ascii_text).strip("-")


def of(name: str) -> str:
    """French `de` before a place name: `de Paris`, `d’Évreux`, `du Mesnil`, `de la Chapelle`."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith("La "):
        return "de la " + name[3:]
    if unicodedata.normalize("NFKD", name[0])[0] in "AEIOUYaeiouy":
        return "d’" + name
    return "de " + name


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def luhn_siret(rng: random.Random) -> str:
    """A 14-digit number with a valid Luhn key (as a SIRET has)."""
    while True:
        body = [rng.randrange(10) for _ in range(13)]
        if body[0] != 0 and body[:9] != [3, 5, 6, 0, 0, 0, 0, 0, 0]:
            break
    total = 0
    for index, digit in enumerate(reversed(body)):
        if index % 2 == 0:  # positions 2, 4… from the right once the key is appended
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return "".join(map(str, body)) + str((10 - total % 10) % 10)


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def ym(date: tuple[int, int]) -> str:
    return f"{date[0]:04d}-{date[1]:02d}"


def before_reference(date: tuple[int, int]) -> bool:
    return date <= REFERENCE


# --- YAML writer --------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*(-[A-Za-z0-9]+)*\Z")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        current = ""
        for word in paragraph.split():
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if _PLAIN.match(value) and value.lower() not in _RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _is_block(value: Any) -> bool:
    return isinstance(value, str) and ("\n" in value or len(value) > 160)


def _emit_mapping(out: list[str], data: dict[str, Any], indent: int) -> None:
    pad = " " * indent
    for key, value in data.items():
        if isinstance(value, dict) and value:
            out.append(f"{pad}{key}:")
            _emit_mapping(out, value, indent + 2)
        elif isinstance(value, list) and value:
            out.append(f"{pad}{key}:")
            _emit_sequence(out, value, indent + 2)
        elif isinstance(value, (dict, list)):
            out.append(f"{pad}{key}: {'{}' if isinstance(value, dict) else '[]'}")
        elif _is_block(value):
            # One paragraph: folded (">-"), so that the value has no line break (one-line
            # fields refuse them); several: literal, the paragraphs kept.
            out.append(f"{pad}{key}: {'|' if chr(10) in value else '>-'}")
            inner = " " * (indent + 2)
            out.extend(f"{inner}{line}" if line else "" for line in _wrap(value, WRAP - indent))
        else:
            out.append(f"{pad}{key}: {_scalar(value)}")


def _emit_sequence(out: list[str], items: list[Any], indent: int) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            start = len(out)
            _emit_mapping(out, item, indent + 2)
            out[start] = f"{pad}- {out[start][indent + 2 :]}"
        else:
            out.append(f"{pad}- {_scalar(item)}")


def to_yaml(data: dict[str, Any], schema: str) -> str:
    """The YAML text of a content file, in the style of content/ (quoted text, `|` blocks)."""
    out = [f"# yaml-language-server: $schema={schema}"]
    _emit_mapping(out, data, 0)
    return "\n".join(out) + "\n"


# --- Generation ---------------------------------------------------------------------------


@dataclass
class Territory:
    id: str
    name: str
    kind: str
    departement: str
    latitude: float
    longitude: float


@dataclass
class Catalogue:
    """The generated documents, as the plain data that the YAML files hold."""

    territories: list[dict[str, Any]]
    innovations: list[dict[str, Any]]
    programme: dict[str, Any]


class Writer:
    """French sentences from the employment-insertion vocabulary, drawn from one random stream."""

    def __init__(self, rng: random.Random, theme: str) -> None:
        self.rng = rng
        self.theme = theme

    def sentence(self, *, themed: bool = False) -> str:
        rng = self.rng
        subject, plural = rng.choice(SUBJECTS)
        verb = rng.choice(VERBS)[1 if plural else 0]
        opener = "" if themed else rng.choice(OPENERS)
        obj = rng.choice(OBJECTS)
        if themed or rng.random() < 0.25:
            obj += f" autour {self.theme}"
        return capitalise(f"{opener}{subject} {verb} {obj} {rng.choice(COMPLEMENTS)}.")

    def fact(self) -> str:
        return self.rng.choice(FACTS).format(
            pct=self.rng.randint(15, 60), n=self.rng.randint(40, 900)
        )

    def text(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def paragraphs(self, *counts: int) -> str:
        return "\n\n".join(self.text(n) for n in counts)


def generate_territories(rng: random.Random) -> tuple[list[dict[str, Any]], list[Territory]]:
    """France, every département, and two to four places per département."""
    documents: list[dict[str, Any]] = [
        {
            "id": "france",
            "nom": "France",
            "type": "national",
            "departements": [],
            "description": "L’ensemble du territoire national, pour les innovations portées par "
            "des réseaux nationaux.",
        }
    ]
    places: list[Territory] = []
    for code, name, lat, lon, spread in DEPARTEMENTS:
        dept_id = slug(name)
        dept: dict[str, Any] = {
            "id": dept_id,
            "nom": name,
            "type": "departement",
            "codes_cog": [code],
            "millesime_cog": MILLESIME_COG,
            "departements": [code],
        }
        writer = Writer(rng, "de l’emploi")
        dept["description"] = f"{name} ({code}). {writer.fact()} {writer.text(2)}"
        if rng.random() < 0.4:
            year = rng.randint(2018, 2024)
            dept["chiffres"] = [
                {
                    "indicateur": "autre",
                    "unite": "personnes",
                    "libelle": f"demandeurs d’emploi de longue durée inscrits fin {year}",
                    "valeur": rng.randint(2000, 60000),
                    "date": f"{year}-12",
                    "source": f"dares-{year}",
                }
            ]
            dept["sources"] = [
                {
                    "id": f"dares-{year}",
                    "titre": f"Demandeurs d’emploi inscrits à France Travail, fin {year}",
                    "editeur": "Dares",
                    "url": f"https://statistiques.example.org/demandeurs-emploi/{year}/{slug(code)}",
                    "date": f"{year + 1}-02",
                }
            ]
        documents.append(dept)
        places.append(Territory(dept_id, name, "departement", code, lat, lon))

        count = rng.randint(2, 4)
        names: set[str] = set()
        for _ in range(count):
            if code == "75":
                number = rng.randint(1, 20)
                town = f"Paris {number}{'er' if number == 1 else 'e'} arrondissement"
                kind = "arrondissement-municipal"
            else:
                tail = rng.choice(TOWN_TAILS).format(river=rng.choice(RIVERS))
                town = rng.choice(TOWN_HEADS) + tail
                kind = "commune"
                if rng.random() < 0.12:
                    town, kind = f"Bassin d’emploi {of(town)}", "bassin-emploi"
            if town in names:
                continue
            names.add(town)
            place_lat = round(lat + rng.uniform(-spread, spread), 4)
            place_lon = round(lon + rng.uniform(-spread, spread) * 1.3, 4)
            place_id = f"{slug(town)}-{slug(code)}"
            place: dict[str, Any] = {
                "id": place_id,
                "nom": town,
                "type": kind,
                "departements": [code],
                "parent": dept_id,
                "coordonnees": {"latitude": place_lat, "longitude": place_lon},
            }
            if rng.random() < 0.5:
                place["description"] = Writer(rng, "de l’emploi").text(2)
            documents.append(place)
            places.append(Territory(place_id, town, kind, code, place_lat, place_lon))
    return documents, places


def _structure(rng: random.Random, place: Territory) -> tuple[str, str]:
    """(type_structure, name) of a structure located in place."""
    kind = rng.choice(list(STRUCTURES))
    where = f"– {place.name}" if place.kind == "departement" else of(place.name)
    return kind, rng.choice(STRUCTURES[kind]).format(nom=rng.choice(STRUCTURE_WORDS), lieu=where)


def guide(rng: random.Random, ident: str) -> str:
    """Now and then, a Markdown link to the method's guide (the checks read link targets)."""
    if rng.random() < 0.3:
        return f" Les supports sont décrits dans le [guide de la méthode](https://ressources.example.org/guides/{ident})."
    return ""


def generate_innovation(
    index: int, seed: int, places: list[Territory], taken: set[str]
) -> dict[str, Any]:
    rng = random.Random(f"{seed}-innovation-{index}")
    head = rng.choice(INNOVATION_HEADS)
    topic, theme, thematique = rng.choice(INNOVATION_TOPICS)
    qualifier = rng.choice(INNOVATION_QUALIFIERS)
    name = " ".join(part for part in (head, topic, qualifier) if part)
    ident = slug(name)
    if ident in taken:
        number = 2
        while f"{ident}-{number}" in taken:
            number += 1
        name, ident = f"{name} {number}", f"{ident}-{number}"
    taken.add(ident)

    w = Writer(rng, theme)
    origin = rng.choice(places)
    entry = (rng.randint(2015, 2023), rng.randint(1, 12))
    created = rng.randint(1995, entry[0])

    sources = []
    used_ids: set[str] = set()
    for _ in range(rng.randint(2, 4)):
        key, publisher = rng.choice(PUBLISHERS)
        year = rng.randint(entry[0], REFERENCE[0])
        source_id = f"{key}-{slug(name) if key == 'porteur' else year}"
        if source_id in used_ids:
            continue
        used_ids.add(source_id)
        source: dict[str, Any] = {
            "id": source_id,
            "titre": rng.choice(SOURCE_TITLES).format(year=year) + f" – {name}",
        }
        if publisher:
            source["editeur"] = publisher
        source["url"] = f"https://ressources.example.org/{key}/{year}/{ident}"
        source["date"] = str(year) if rng.random() < 0.3 else ym((year, rng.randint(1, 12)))
        sources.append(source)
    source_ids = [s["id"] for s in sources]

    def cite() -> str:
        return rng.choice(source_ids)

    carriers = []
    for number in range(rng.choice((1, 1, 1, 2))):
        place = origin if number == 0 else rng.choice(places)
        kind, structure = _structure(rng, place)
        carrier: dict[str, Any] = {"nom": structure, "type_structure": kind}
        if rng.random() < 0.6:
            carrier["siret"] = luhn_siret(rng)
        if rng.random() < 0.5:
            carrier["site_web"] = f"https://{slug(structure)[:40].strip('-')}.example.org"
        carrier["territoire"] = place.id
        carrier["source"] = cite()
        carriers.append(carrier)

    thematiques = [thematique] + [
        t for t in rng.sample(THEMATIQUES, rng.randint(0, 2)) if t != thematique
    ]
    publics = rng.sample(PUBLICS, rng.randint(1, 3))
    doc: dict[str, Any] = {
        "id": ident,
        "nom": name,
        "accroche": w.sentence(themed=True),
        "porteurs": carriers,
        "territoire_origine": origin.id,
        "annee_creation": created,
        "thematiques": thematiques,
        "publics": publics,
        "probleme": f"{w.fact()} {w.fact()} {w.text(1)}\n\n{w.text(2)}",
        "principes": [w.text(rng.randint(1, 2)) for _ in range(rng.randint(3, 6))],
        "etapes": [
            {
                "titre": title,
                "description": w.text(rng.randint(1, 3)),
                "duree": rng.choice(DURATIONS),
            }
            for title in rng.sample(STEP_TITLES, rng.randint(4, 7))
        ],
        "moyens": {
            "humains": f"Un {rng.choice(('chargé de projet', 'coordinateur', 'binôme de conseillers'))}"
            f" à {rng.choice(('mi-temps', 'temps plein', '0,8 équivalent temps plein'))}. "
            + w.text(1),
            "financiers": f"Le coût annuel est estimé à {rng.randint(20, 400) * 1000} euros, "
            f"soit environ {rng.randint(800, 6000)} euros par personne accompagnée. " + w.text(1),
            "outils": w.text(2) + guide(rng, ident),
        },
        "partenaires": [{"nom": n, "role": r} for n, r in rng.sample(PARTNERS, rng.randint(2, 5))],
        "facteurs_cles": [w.text(1) for _ in range(rng.randint(2, 4))],
        "ecueils": [w.text(1) for _ in range(rng.randint(2, 4))],
        "indicateurs_suivi": rng.sample(INDICATORS_FOLLOW_UP, rng.randint(3, 5)),
    }

    # The four stages of the accelerator, one after the other from the entry date.
    stages = []
    start = entry
    for stage in PALIERS:
        end = add_months(*start, rng.randint(3, 10))
        item: dict[str, Any] = {"palier": stage}
        if before_reference(end):
            item["statut"] = "realise"
        elif before_reference(start):
            item["statut"] = "en-cours"
        else:
            item["statut"] = "prevu"
        item["date_debut"] = ym(start)
        if item["statut"] != "en-cours":
            item["date_fin"] = ym(end)
        item["description"] = w.text(1)
        item["source"] = cite()
        stages.append(item)
        start = end
    parcours: dict[str, Any] = {"date_entree": ym(entry)}
    if stages[-1]["statut"] == "realise":
        parcours["date_sortie"] = stages[-1]["date_fin"]
    parcours["source"] = cite()
    parcours["paliers"] = stages
    parcours["transferabilite"] = {
        key: {
            "niveau": rng.choice(NIVEAUX),
            "justification": w.text(rng.randint(1, 2)),
            "source": cite(),
        }
        for key in ("efficacite", "volonte_porteur", "processus_formalise")
    }
    doc["parcours_ais"] = parcours

    sites = []
    first_site = add_months(*entry, rng.randint(4, 18))
    for _ in range(rng.randint(1, 10)):
        place = rng.choice(places)
        kind, structure = _structure(rng, place)
        site_start = min(add_months(*first_site, rng.randint(0, 36)), REFERENCE)
        site: dict[str, Any] = {
            "structure": structure,
            "type_structure": kind,
            "territoire": place.id,
            "date_debut": ym(site_start),
            "formation": w.text(1),
            "source": cite(),
        }
        milestones = []
        for milestone, months in JALONS[: rng.randint(0, 3)]:
            when = add_months(*site_start, months + rng.randint(0, 2))
            done = before_reference(when)
            entry_ = {"jalon": milestone, "statut": "realise" if done else "prevu"}
            entry_["date"] = ym(when)
            if done:
                entry_["resultat"] = w.text(1)
                entry_["source"] = cite()
            milestones.append(entry_)
        if milestones:
            site["jalons"] = milestones
        sites.append(site)
    doc["essaimage"] = sites

    figures = []
    for indicator, label, low, high in rng.sample(FIGURES, rng.randint(2, 5)):
        year = rng.randint(entry[0], 2024)
        figure: dict[str, Any] = {
            "indicateur": indicator,
            "unite": UNITS[indicator],
            "libelle": label.format(year=year),
            "valeur": rng.randint(low, high),
            "date": str(year) if rng.random() < 0.5 else ym((year, rng.randint(1, 12))),
            "source": cite(),
        }
        if rng.random() < 0.2:
            figure["arrondi"] = True
            figure["note"] = "Ordre de grandeur donné par la source (« plus de »)."
        figures.append(figure)
    doc["chiffres"] = figures
    doc["niveau_preuve"] = {
        "niveau": rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5)),
        "justification": w.paragraphs(2, 1),
        "source": cite(),
    }
    doc["sources"] = sources
    contact_place = carriers[0]["nom"]
    doc["contact"] = {
        "structure": contact_place,
        "email": f"contact@{slug(contact_place)[:40].strip('-')}.example.org",
        "telephone": "0{} {:02d} {:02d} {:02d} {:02d}".format(
            rng.randint(1, 5), *(rng.randint(0, 99) for _ in range(4))
        ),
    }
    doc["mis_a_jour"] = ym(REFERENCE)
    return doc


def generate_programme(n: int, innovations: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    rng = random.Random(f"{seed}-programme")
    w = Writer(rng, "de l’emploi")
    accompanied = sum(1 for doc in innovations if len(doc.get("essaimage", [])) > 0)
    return {
        "nom": "AIS#Emploi (catalogue synthétique)",
        "nom_complet": "Accélérateur d’innovation sociale pour l’accès à l’emploi – jeu de "
        "données synthétique pour les mesures de performance",
        "operateur": "Agence nouvelle des solidarités actives (ANSA)",
        "annee_lancement": 2015,
        "financeurs": ["Ministère du Travail (DGEFP)", "Fonds social européen"],
        "presentation": w.paragraphs(3, 3, 2),
        "chiffres_declares": [
            {
                "indicateur": "innovations-selectionnees",
                "unite": "innovations",
                "libelle": "innovations sélectionnées (catalogue synthétique)",
                "valeur": n,
                "date": ym(REFERENCE),
                "source": "synthese",
            },
            {
                "indicateur": "innovations-accompagnees",
                "unite": "innovations",
                "libelle": "innovations accompagnées jusqu’à l’essaimage",
                "valeur": accompanied,
                "date": ym(REFERENCE),
                "source": "synthese",
            },
        ],
        "sources": [
            {
                "id": "synthese",
                "titre": "Catalogue synthétique généré par benchmarks/synth.py",
                "editeur": "Catalogue des innovations pour l’emploi",
                "url": "https://ressources.example.org/synthese",
                "date": ym(REFERENCE),
            }
        ],
    }


def generate(n: int, seed: int = DEFAULT_SEED) -> Catalogue:
    """Every document of a catalogue of n innovations, deterministically from the seed."""
    territories, places = generate_territories(random.Random(f"{seed}-territories"))
    taken: set[str] = set()
    innovations = [generate_innovation(i, seed, places, taken) for i in range(n)]
    return Catalogue(territories, innovations, generate_programme(n, innovations, seed))


def _files(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    for doc in catalogue.territories:
        yield (
            f"territories/{doc['id']}.yml",
            to_yaml(doc, "../../generator/schemas/territoire.schema.json"),
        )
    for doc in catalogue.innovations:
        yield (
            f"innovations/{doc['id']}.yml",
            to_yaml(doc, "../../generator/schemas/innovation.schema.json"),
        )
    yield (
        "programme.yml",
        to_yaml(catalogue.programme, "../generator/schemas/programme.schema.json"),
    )


class SynthError(Exception):
    """OUT_DIR cannot be used (it holds something that this script did not write)."""


def _marker(n: int, seed: int) -> str:
    return json.dumps({"innovations": n, "seed": seed, "version": FORMAT_VERSION}) + "\n"


def write_catalogue(n: int, out_dir: Path, *, seed: int = DEFAULT_SEED) -> None:
    """Write a catalogue of n innovations into out_dir (created, or replaced if synthetic).

    Refuses a non-empty folder without the marker that this function leaves, so that a slip
    of the command line cannot wipe real content.
    """
    if n < 0:
        raise SynthError("le nombre d’innovations doit être positif ou nul")
    out_dir = Path(out_dir)
    if out_dir.exists():
        if not out_dir.is_dir():
            raise SynthError(f"« {out_dir} » existe et n’est pas un dossier")
        if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
            raise SynthError(
                f"« {out_dir} » n’est pas vide et ne contient pas de catalogue synthétique : "
                "choisissez un dossier vide ou inexistant"
            )
        for folder in ("innovations", "territories"):
            shutil.rmtree(out_dir / folder, ignore_errors=True)
    catalogue = generate(n, seed)
    (out_dir / "innovations").mkdir(parents=True, exist_ok=True)
    (out_dir / "territories").mkdir(exist_ok=True)
    for relative, text in _files(catalogue):
        (out_dir / relative).write_bytes(text.encode("utf-8"))
    (out_dir / MARKER).write_text(_marker(n, seed), encoding="utf-8")


def ensure_catalogue(n: int, out_dir: Path, *, seed: int = DEFAULT_SEED) -> bool:
    """Write the catalogue unless out_dir already holds this one; True if it was (re)written."""
    marker = Path(out_dir) / MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8") == _marker(n, seed):
        return False
    write_catalogue(n, out_dir, seed=seed)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Écrit un catalogue synthétique (innovations, territoires, programme) "
        "valide et reproductible, pour les mesures de performance."
    )
    parser.add_argument("n", type=int, metavar="N", help="nombre de fiches innovation")
    parser.add_argument("out_dir", type=Path, metavar="DOSSIER", help="dossier de sortie")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="graine du générateur")
    args = parser.parse_args(argv)
    try:
        write_catalogue(args.n, args.out_dir, seed=args.seed)
    except SynthError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    territories = len(list((args.out_dir / "territories").glob("*.yml")))
    print(
        f"{args.n} innovations et {territories} territoires écrits dans {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
