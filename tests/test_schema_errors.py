"""Schema errors said in French: one named test per translation, each with one change.

Every test asserts the code, the file, the line and column of the value concerned, and that
nothing else is reported.
"""

from __future__ import annotations

from helpers import INNOVATION, Content, assert_only, keys

INNO = INNOVATION
SHOWN = Content.shown(INNO)
CHER = "territories/cher.yml"
PARTHENAY = "territories/parthenay.yml"


def _value_at(content: Content, rel: str, needle: str, prefix: str) -> tuple[int, int]:
    """Position of the value that follows `prefix` inside the line holding `needle`."""
    line, col = content.locate(rel, needle)
    return line, col + len(prefix)


# --- Required and unknown fields --------------------------------------------------------------


def test_schema_missing_required_field_at_root(content: Content) -> None:
    content.edit(INNO, 'accroche: "Des ateliers', '# accroche: "Des ateliers')
    d = assert_only(content.validate(), "champ-obligatoire", SHOWN, 1, 1)
    assert "« accroche »" in d.message
    assert d.hint  # the field's description


def test_schema_missing_required_field_in_list_item(content: Content) -> None:
    content.edit(INNO, "    territoire: cher\n    date_debut", "    date_debut")
    line, col = content.locate(INNO, 'structure: "Structure de test du Cher"')
    d = assert_only(content.validate(), "champ-obligatoire", SHOWN, line, col)
    assert "« territoire »" in d.message and "« essaimage »" in d.message


def test_schema_missing_required_field_in_nested_list_item(content: Content) -> None:
    content.edit(
        INNO,
        "      - jalon: impact-18-mois\n        statut: prevu\n",
        "      - jalon: impact-18-mois\n",
    )
    line, col = content.locate(INNO, "jalon: impact-18-mois", nth=2)
    d = assert_only(content.validate(), "champ-obligatoire", SHOWN, line, col)
    assert "« statut »" in d.message


def test_schema_missing_required_field_in_mapping_points_at_its_key(content: Content) -> None:
    content.edit(INNO, "  niveau: 2\n", "")
    line, col = content.locate(INNO, "niveau_preuve:")
    d = assert_only(content.validate(), "champ-obligatoire", SHOWN, line, col)
    assert "« niveau »" in d.message and "« niveau_preuve »" in d.message


def test_schema_missing_required_field_in_territory(content: Content) -> None:
    content.edit(CHER, "type: departement\n", "")
    d = assert_only(content.validate(), "champ-obligatoire", "content/" + CHER, 1, 1)
    assert "« type »" in d.message


def test_schema_unknown_field_with_suggestion(content: Content) -> None:
    content.edit(INNO, "probleme: |", "problem: |")
    line, col = content.locate(INNO, "problem:")
    d = assert_only(content.validate(), "champ-inconnu", SHOWN, line, col)
    assert "« problem »" in d.message
    assert d.hint.startswith("Vouliez-vous dire « probleme » ?")


def test_schema_unknown_nested_field_with_suggestion(content: Content) -> None:
    content.edit(INNO, "  humains:", "  humain:")
    line, col = content.locate(INNO, "humain:")
    d = assert_only(content.validate(), "champ-inconnu", SHOWN, line, col)
    assert "« humains »" in d.hint and "financiers" in d.hint


def test_schema_unknown_field_without_close_match(content: Content) -> None:
    content.edit(CHER, "type: departement\n", "type: departement\ncouleur: bleu\n")
    line, col = content.locate(CHER, "couleur")
    d = assert_only(content.validate(), "champ-inconnu", "content/" + CHER, line, col)
    assert "Vouliez-vous dire" not in d.hint and "Champs possibles ici" in d.hint


def test_schema_misspelt_required_field_reports_both_sides(content: Content) -> None:
    content.edit("programme.yml", "chiffres_declares:", "chiffres_declare:")
    line, col = content.locate("programme.yml", "chiffres_declare:")
    assert keys(content.validate()) == [
        ("champ-obligatoire", "content/programme.yml", 1, 1),
        ("champ-inconnu", "content/programme.yml", line, col),
    ]


# --- Types -----------------------------------------------------------------------------------


def test_schema_wrong_type_unquoted_number_where_text_expected(content: Content) -> None:
    content.edit(INNO, 'nom: "Atelier des possibles"', "nom: 1234")
    line, col = _value_at(content, INNO, "nom: 1234", "nom: ")
    d = assert_only(content.validate(), "type-invalide", SHOWN, line, col)
    assert "du texte" in d.message
    assert d.hint.startswith('Mettez la valeur entre guillemets : "1234"')


def test_schema_wrong_type_unquoted_siret(content: Content) -> None:
    content.edit(INNO, 'siret: "99999999900017"', "siret: 99999999900017")
    line, col = _value_at(content, INNO, "siret: 9", "siret: ")
    d = assert_only(content.validate(), "type-invalide", SHOWN, line, col)
    assert '"99999999900017"' in d.hint


def test_schema_wrong_type_boolean_where_text_expected(content: Content) -> None:
    content.edit(INNO, 'nom: "Atelier des possibles"', "nom: true")
    line, col = _value_at(content, INNO, "nom: true", "nom: ")
    d = assert_only(content.validate(), "type-invalide", SHOWN, line, col)
    assert "true/false" in d.hint


def test_schema_wrong_type_text_where_number_expected(content: Content) -> None:
    content.edit(INNO, "    valeur: 120\n", '    valeur: "120"\n')
    line, col = _value_at(content, INNO, 'valeur: "120"', "valeur: ")
    d = assert_only(content.validate(), "type-invalide", SHOWN, line, col)
    assert "un nombre" in d.message


def test_schema_wrong_type_float_where_integer_expected(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012", "annee_creation: 2012.5")
    line, col = _value_at(content, INNO, "annee_creation: 2012.5", "annee_creation: ")
    d = assert_only(content.validate(), "type-invalide", SHOWN, line, col)
    assert "nombre entier" in d.message


def test_schema_wrong_type_list_where_object_expected(content: Content) -> None:
    content.edit(
        INNO,
        'moyens:\n  humains: "Un animateur à mi-temps."\n'
        '  financiers: "Environ 40 000 € par an, financés par le département de test."\n'
        '  outils: "Un guide d’animation et des fiches métiers."\n',
        "moyens:\n  - un animateur\n",
    )
    line, col = content.locate(INNO, "- un animateur")
    d = assert_only(content.validate(), "type-invalide", SHOWN, line, col)
    assert d.message.startswith("une liste dans « moyens »")


def test_schema_empty_value(content: Content) -> None:
    content.edit(INNO, 'nom: "Atelier des possibles"', "nom:")
    line, col = content.locate(INNO, "nom:\n")
    d = assert_only(content.validate(), "valeur-vide", SHOWN, line, col + 4)
    assert "« nom » est vide" in d.message


def test_schema_empty_string(content: Content) -> None:
    content.edit(INNO, 'nom: "Atelier des possibles"', 'nom: ""')
    line, col = _value_at(content, INNO, 'nom: ""', "nom: ")
    assert_only(content.validate(), "valeur-vide", SHOWN, line, col)


# --- Vocabularies, formats, ranges --------------------------------------------------------------


def test_schema_unknown_vocabulary_value(content: Content) -> None:
    content.edit(INNO, "  - choisir-un-metier", "  - choisir-un-metiers")
    line, col = _value_at(content, INNO, "- choisir-un-metiers", "- ")
    d = assert_only(content.validate(), "valeur-inconnue", SHOWN, line, col)
    assert "« Thématique »" in d.message
    assert d.hint.startswith("Vouliez-vous dire « choisir-un-metier » ?")


def test_schema_unknown_territory_kind(content: Content) -> None:
    content.edit(CHER, "type: departement", "type: departemnt")
    line, col = _value_at(content, CHER, "type: departemnt", "type: ")
    d = assert_only(content.validate(), "valeur-inconnue", "content/" + CHER, line, col)
    assert "« departement »" in d.hint


def test_schema_bad_date_not_in_calendar(content: Content) -> None:
    content.edit(INNO, 'date_entree: "2016-07"', 'date_entree: "2016-13"')
    line, col = _value_at(content, INNO, 'date_entree: "2016-13"', "date_entree: ")
    d = assert_only(content.validate(), "date-invalide", SHOWN, line, col)
    assert "« 2016-13 »" in d.message


def test_schema_bad_date_february_29_of_common_year(content: Content) -> None:
    content.edit(INNO, 'mis_a_jour: "2024-03-01"', 'mis_a_jour: "2023-02-29"')
    line, col = _value_at(content, INNO, "mis_a_jour: ", "mis_a_jour: ")
    assert_only(content.validate(), "date-invalide", SHOWN, line, col)


def test_schema_bad_date_written_in_words(content: Content) -> None:
    content.edit(INNO, 'date_entree: "2016-07"', 'date_entree: "juillet 2016"')
    line, col = _value_at(content, INNO, "date_entree: ", "date_entree: ")
    found = content.validate()
    # The pattern and the calendar check both fail: two messages at the same place.
    assert {(d.code, d.file, d.line, d.column) for d in found} == {
        ("date-invalide", SHOWN, line, col)
    }


def test_schema_date_as_number_out_of_range(content: Content) -> None:
    content.edit(INNO, 'date_entree: "2016-07"', "date_entree: 1800")
    line, col = _value_at(content, INNO, "date_entree: 1800", "date_entree: ")
    d = assert_only(content.validate(), "hors-limites", SHOWN, line, col)
    assert "1900" in d.message


def test_schema_unquoted_dates_accepted(content: Content) -> None:
    content.edit(INNO, 'date_entree: "2016-07"', "date_entree: 2016-07")
    content.edit(INNO, 'mis_a_jour: "2024-03-01"', "mis_a_jour: 2024-03-01")
    content.edit(INNO, '      date_debut: "2019"', "      date_debut: 2019")
    assert content.validate() == []


def test_schema_negative_number(content: Content) -> None:
    content.edit(INNO, "valeur: 120", "valeur: -120")
    line, col = _value_at(content, INNO, "valeur: -120", "valeur: ")
    d = assert_only(content.validate(), "nombre-negatif", SHOWN, line, col)
    assert "minimum 0" in d.message


def test_schema_number_above_maximum(content: Content) -> None:
    content.edit(PARTHENAY, "latitude: 46.6486", "latitude: 95")
    line, col = _value_at(content, PARTHENAY, "latitude: 95", "latitude: ")
    d = assert_only(content.validate(), "hors-limites", "content/" + PARTHENAY, line, col)
    assert "maximum 90" in d.message


def test_schema_number_below_nonzero_minimum(content: Content) -> None:
    content.edit(PARTHENAY, "longitude: -0.2469", "longitude: -181")
    line, col = _value_at(content, PARTHENAY, "longitude: -181", "longitude: ")
    d = assert_only(content.validate(), "hors-limites", "content/" + PARTHENAY, line, col)
    assert "minimum -180" in d.message


def test_schema_bad_url_not_http(content: Content) -> None:
    content.edit(INNO, 'url: "https://example.org/rapport-2019"', 'url: "ftp://example.org/r"')
    line, col = _value_at(content, INNO, 'url: "ftp', "url: ")
    d = assert_only(content.validate(), "url-invalide", SHOWN, line, col)
    assert "https://" in d.hint


def test_schema_bad_url_relative(content: Content) -> None:
    content.edit(INNO, 'site_web: "https://example.org/contact"', 'site_web: "/contact"')
    line, col = _value_at(content, INNO, 'site_web: "/contact"', "site_web: ")
    assert_only(content.validate(), "url-invalide", SHOWN, line, col)


def test_schema_bad_url_with_space(content: Content) -> None:
    content.edit(
        INNO, 'site_web: "https://example.org/atelier"', 'site_web: "https://exa mple.org"'
    )
    line, col = _value_at(content, INNO, 'site_web: "https://exa mple', "site_web: ")
    assert_only(content.validate(), "url-invalide", SHOWN, line, col)


def test_schema_javascript_url_refused_twice(content: Content) -> None:
    content.edit(INNO, 'url: "https://example.org/rapport-2019"', 'url: "javascript:alert(1)"')
    line, col = _value_at(content, INNO, 'url: "javascript', "url: ")
    assert keys(content.validate()) == [
        ("lien-dangereux", SHOWN, line, col),
        ("url-invalide", SHOWN, line, col),
    ]


def test_schema_bad_email(content: Content) -> None:
    content.edit(INNO, 'email: "contact@example.org"', 'email: "contact at example.org"')
    line, col = _value_at(content, INNO, 'email: "contact at', "email: ")
    d = assert_only(content.validate(), "email-invalide", SHOWN, line, col)
    assert "« contact at example.org »" in d.message


def test_schema_bad_siret_luhn(content: Content) -> None:
    content.edit(INNO, 'siret: "99999999900017"', 'siret: "99999999900018"')
    line, col = _value_at(content, INNO, "siret: ", "siret: ")
    d = assert_only(content.validate(), "siret-invalide", SHOWN, line, col)
    assert "clé de contrôle" in d.message


def test_schema_bad_siret_length(content: Content) -> None:
    content.edit(INNO, 'siret: "99999999900017"', 'siret: "9999"')
    line, col = _value_at(content, INNO, "siret: ", "siret: ")
    found = content.validate()
    assert {(d.code, d.file, d.line, d.column) for d in found} == {
        ("siret-invalide", SHOWN, line, col)
    }


def test_schema_bad_telephone(content: Content) -> None:
    content.edit(INNO, 'telephone: "01 99 00 12 34"', 'telephone: "appelez-nous"')
    line, col = _value_at(content, INNO, "telephone: ", "telephone: ")
    d = assert_only(content.validate(), "format-invalide", SHOWN, line, col)
    assert "« telephone »" in d.message


def test_schema_bad_identifier(content: Content) -> None:
    content.edit(INNO, "  - id: article-test", "  - id: Article_Test")
    line, col = _value_at(content, INNO, "- id: Article_Test", "- id: ")
    d = assert_only(content.validate(), "identifiant-invalide", SHOWN, line, col)
    assert "« id »" in d.message


def test_schema_bad_reference_is_an_identifier_error(content: Content) -> None:
    content.edit(
        INNO,
        "    source: rapport-test-2019\nterritoire_origine",
        "    source: Rapport_2019\nterritoire_origine",
    )
    line, col = _value_at(content, INNO, "source: Rapport_2019", "source: ")
    # The shape is wrong (schema), and no source has that id (rule).
    assert keys(content.validate()) == [
        ("identifiant-invalide", SHOWN, line, col),
        ("source-inconnue", SHOWN, line, col),
    ]


def test_schema_empty_list(content: Content) -> None:
    content.edit(
        INNO, "thematiques:\n  - choisir-un-metier\n  - trouver-un-emploi", "thematiques: []"
    )
    line, col = _value_at(content, INNO, "thematiques: []", "thematiques: ")
    d = assert_only(content.validate(), "liste-vide", SHOWN, line, col)
    assert "« thematiques »" in d.message


def test_schema_list_too_long(content: Content) -> None:
    content.edit(
        INNO,
        '        resultat: "Quatre participants ont signé un contrat."\n'
        "        source: rapport-test-2019\n",
        '        resultat: "Quatre participants ont signé un contrat."\n'
        "        source: rapport-test-2019\n"
        "      - jalon: impact-18-mois\n"
        "        statut: prevu\n",
    )
    line, col = content.locate(INNO, "- jalon: appropriation-3-mois")
    dup_line, dup_col = content.locate(INNO, "jalon: impact-18-mois", nth=2)
    # A fourth milestone is necessarily a second one of some kind: the rule says so too.
    assert keys(content.validate()) == [
        ("liste-trop-longue", SHOWN, line, col),
        ("doublon", SHOWN, dup_line, dup_col + len("jalon: ")),
    ]


def test_schema_duplicate_in_list(content: Content) -> None:
    content.edit(INNO, "  - seniors", "  - seniors\n  - seniors")
    line, col = content.locate(INNO, "- demandeurs-emploi-longue-duree")
    d = assert_only(content.validate(), "doublon", SHOWN, line, col)
    assert "« publics »" in d.message


def test_schema_text_too_long(content: Content) -> None:
    content.edit(INNO, 'nom: "Atelier des possibles"', 'nom: "' + "x" * 301 + '"')
    line, col = _value_at(content, INNO, 'nom: "xxx', "nom: ")
    d = assert_only(content.validate(), "texte-trop-long", SHOWN, line, col)
    assert "300" in d.message


def test_schema_bad_cog_code_shape(content: Content) -> None:
    content.edit(CHER, '  - "18"\nmillesime_cog', '  - "1-8"\nmillesime_cog')
    line, col = _value_at(content, CHER, '- "1-8"', "- ")
    found = content.validate()
    # The shape (schema) and the COG lookup (rule) both refuse it.
    assert keys(found) == [
        ("code-cog-inconnu", "content/" + CHER, line, col),
        ("format-invalide", "content/" + CHER, line, col),
    ]


def test_schema_errors_in_programme(content: Content) -> None:
    content.edit("programme.yml", "annee_lancement: 2015", 'annee_lancement: "2015"')
    line, col = _value_at(content, "programme.yml", "annee_lancement: ", "annee_lancement: ")
    assert_only(content.validate(), "type-invalide", "content/programme.yml", line, col)


def test_schema_list_written_as_one_value_gets_a_hint_that_works(content: Content) -> None:
    """« thematiques: mobilite » is the typical slip: the hint shows the list form, with the
    value given, and following it to the letter makes the sheet valid."""
    content.edit(
        INNO,
        "thematiques:\n  - choisir-un-metier\n  - trouver-un-emploi\n",
        "thematiques: trouver-un-emploi\n",
    )
    line, col = _value_at(content, INNO, "thematiques: trouver", "thematiques: ")
    d = assert_only(content.validate(), "type-invalide", SHOWN, line, col)
    assert "« thematiques: » puis, à la ligne, « - trouver-un-emploi »" in d.hint
    content.edit(INNO, "thematiques: trouver-un-emploi\n", "thematiques:\n  - trouver-un-emploi\n")
    assert content.validate() == []


def test_schema_empty_list_hint_says_how_to_write_one_not_after_the_colon(
    content: Content,
) -> None:
    content.edit(
        INNO,
        "thematiques:\n  - choisir-un-metier\n  - trouver-un-emploi\n",
        "thematiques:\n#   - trouver-un-emploi\n",
    )
    line, col = content.locate(INNO, "thematiques:")
    d = assert_only(content.validate(), "valeur-vide", SHOWN, line, col + len("thematiques:"))
    assert "Écrivez la valeur après" not in d.hint
    assert "retirez « # » au début des lignes" in d.hint
