"""The safe YAML loader: one named test per check, each on the valid fixture with one change.

Every test asserts the diagnostic code, the file and the line (and the column where it means
something), and that nothing else is reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import INNOVATION, Content, assert_only, describe, keys

from generator.load import loader
from generator.load.loader import MAX_BYTES, MAX_DEPTH, load_file, load_text, resolve_plain

INNO = INNOVATION
SHOWN = Content.shown(INNO)


def test_valid_fixture_has_no_diagnostics(content: Content) -> None:
    assert content.validate() == []


# --- Duplicate keys -----------------------------------------------------------------------


def test_loader_duplicate_key_top_level(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012\n", 'annee_creation: 2012\nnom: "Autre nom"\n')
    first = content.locate(INNO, 'nom: "Atelier')[0]
    line, col = content.locate(INNO, 'nom: "Autre nom"')
    d = assert_only(content.validate(), "yaml-cle-dupliquee", SHOWN, line, col)
    assert "« nom »" in d.message and f"ligne {first}" in d.message


def test_loader_duplicate_key_nested_mapping(content: Content) -> None:
    content.edit(
        INNO, '  date_sortie: "2019-06"\n', '  date_sortie: "2019-06"\n  date_entree: 2016\n'
    )
    line, col = content.locate(INNO, "  date_entree: 2016")
    d = assert_only(content.validate(), "yaml-cle-dupliquee", SHOWN, line, col + 2)
    assert "« date_entree »" in d.message


def test_loader_duplicate_key_in_list_item(content: Content) -> None:
    content.edit(
        INNO, '    date_debut: "2017-05"\n', '    date_debut: "2017-05"\n    structure: "Bis"\n'
    )
    line, col = content.locate(INNO, 'structure: "Bis"')
    assert_only(content.validate(), "yaml-cle-dupliquee", SHOWN, line, col)


def test_loader_duplicate_key_deep_in_nested_lists(content: Content) -> None:
    content.edit(
        INNO, '        date: "2017-08"\n', '        date: "2017-08"\n        statut: inconnu\n'
    )
    line, col = content.locate(INNO, "statut: inconnu")
    assert_only(content.validate(), "yaml-cle-dupliquee", SHOWN, line, col)


def test_loader_duplicate_keys_at_several_depths_all_reported(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012\n", "annee_creation: 2012\nannee_creation: 2013\n")
    content.edit(
        INNO, '  humains: "Un animateur à mi-temps."\n', '  humains: "A"\n  humains: "B"\n'
    )
    content.edit(
        INNO, '        date: "2017-08"\n', '        date: "2017-08"\n        date: "2017-09"\n'
    )
    expected = [
        ("yaml-cle-dupliquee", SHOWN, *content.locate(INNO, "annee_creation: 2013")),
        ("yaml-cle-dupliquee", SHOWN, *content.locate(INNO, 'humains: "B"')),
        ("yaml-cle-dupliquee", SHOWN, *content.locate(INNO, 'date: "2017-09"')),
    ]
    assert keys(content.validate()) == expected


def test_loader_duplicate_key_keeps_first_value() -> None:
    doc, errors = load_text("x.yml", b"a: 1\nb: 2\na: 3\n")
    assert doc is not None and doc.data == {"a": 1, "b": 2}
    assert [(e.code, e.line, e.column) for e in errors] == [("yaml-cle-dupliquee", 3, 1)]


def test_loader_duplicate_key_in_territory_and_programme(content: Content) -> None:
    content.edit("territories/cher.yml", 'nom: "Cher"\n', 'nom: "Cher"\nnom: "Bis"\n')
    content.edit("programme.yml", "annee_lancement: 2015\n", "annee_lancement: 2015\n" * 2)
    assert keys(content.validate()) == [
        (
            "yaml-cle-dupliquee",
            "content/programme.yml",
            *content.locate("programme.yml", "annee_lancement", nth=2),
        ),
        (
            "yaml-cle-dupliquee",
            "content/territories/cher.yml",
            *content.locate("territories/cher.yml", 'nom: "Bis"'),
        ),
    ]


# --- Scalars stay what the contributor wrote ------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("01", "01"),
        ("2A", "2A"),
        ("2B", "2B"),
        ("010", "010"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("No", "No"),
        ("y", "y"),
        ("2015-07", "2015-07"),
        ("2015-07-01", "2015-07-01"),
        ("12:30", "12:30"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("1_000", "1_000"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("79", 79),
        ("-3", -3),
        ("0", 0),
        ("46.65", 46.65),
        ("-0.25", -0.25),
        ("1e3", 1000.0),
        ("true", True),
        ("false", False),
        ("null", None),
        ("~", None),
        ("", None),
    ],
)
def test_loader_plain_scalar_resolution(plain: str, expected: object) -> None:
    value = resolve_plain(plain)
    assert value == expected and type(value) is type(expected)


def test_loader_leading_zero_departement_stays_string(content: Content) -> None:
    content.write(
        "territories/ain.yml",
        "id: ain\nnom: Ain\ntype: departement\ncodes_cog: [01]\nmillesime_cog: 2026\n"
        "departements:\n  - 01\n",
    )
    assert content.validate() == []
    doc, _ = load_file(content.path("territories/ain.yml"))
    assert doc is not None
    assert doc.data["departements"] == ["01"] and doc.data["codes_cog"] == ["01"]


def test_loader_corsica_code_stays_string(content: Content) -> None:
    content.edit("territories/ajaccio.yml", '  - "2A004"', "  - 2A004")
    content.edit("territories/ajaccio.yml", '  - "2A"', "  - 2A")
    assert content.validate() == []
    doc, _ = load_file(content.path("territories/ajaccio.yml"))
    assert doc is not None
    assert doc.data["departements"] == ["2A"] and doc.data["codes_cog"] == ["2A004"]


def test_loader_no_yes_on_stay_strings(content: Content) -> None:
    content.edit("territories/france.yml", 'nom: "France entière"', "nom: no")
    content.edit(INNO, 'role: "Accueillent les ateliers."', "role: yes")
    content.edit(
        INNO, '  - "Un animateur qui connaît', '  - on\n  - off\n  - "Un animateur qui connaît'
    )
    assert content.validate() == []
    france, _ = load_file(content.path("territories/france.yml"))
    innovation, _ = load_file(content.path(INNO))
    assert france is not None and innovation is not None
    assert france.data["nom"] == "no"
    assert innovation.data["partenaires"][0]["role"] == "yes"
    assert innovation.data["facteurs_cles"][:2] == ["on", "off"]


def test_loader_unquoted_number_where_text_expected_is_a_number(content: Content) -> None:
    # The other side of YAML 1.2 resolution: 79 is a number, and the schema says so.
    content.edit("territories/cher.yml", 'departements:\n  - "18"', "departements:\n  - 18")
    line, col = content.locate("territories/cher.yml", "- 18")
    d = assert_only(
        content.validate(), "type-invalide", "content/territories/cher.yml", line, col + 2
    )
    assert '"18"' in d.hint


# --- Encodings and line endings -------------------------------------------------------------


def test_loader_utf8_bom_accepted(content: Content) -> None:
    content.write(INNO, b"\xef\xbb\xbf" + content.path(INNO).read_bytes())
    assert content.validate() == []


def test_loader_crlf_accepted(content: Content) -> None:
    content.write(INNO, content.path(INNO).read_bytes().replace(b"\n", b"\r\n"))
    assert content.validate() == []


def test_loader_bom_and_crlf_keep_lines_and_columns(content: Content) -> None:
    content.edit(INNO, "valeur: 120", "valeur: -120")
    line, col = content.locate(INNO, "-120")
    raw = content.path(INNO).read_bytes().replace(b"\n", b"\r\n")
    content.write(INNO, b"\xef\xbb\xbf" + raw)
    assert_only(content.validate(), "nombre-negatif", SHOWN, line, col)


def test_loader_non_utf8_bytes(content: Content) -> None:
    line, col = content.locate(INNO, "ù")  # the first non-ASCII character of the file
    content.write(INNO, content.read(INNO).encode("cp1252"))
    d = assert_only(content.validate(), "encodage", SHOWN, line, col)
    assert "0xf9" in d.message


def test_loader_nul_bytes(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012\n", "annee_creation: 2012\x00\n")
    line, col = content.locate(INNO, "\x00")
    assert_only(content.validate(), "encodage", SHOWN, line, col)


# --- Whitespace --------------------------------------------------------------------------------


def test_loader_tab_in_indentation(content: Content) -> None:
    content.edit(INNO, '  financiers: "Environ', '\tfinanciers: "Environ')
    line, _ = content.locate(INNO, "\tfinanciers")
    d = assert_only(content.validate(), "yaml-tabulation", SHOWN, line, 1)
    assert "tabulation" in d.message


def test_loader_tab_after_spaces_in_indentation(content: Content) -> None:
    content.edit(INNO, '  financiers: "Environ', '  \tfinanciers: "Environ')
    line, _ = content.locate(INNO, "\tfinanciers")
    assert_only(content.validate(), "yaml-tabulation", SHOWN, line, 3)


def test_loader_tab_inside_a_value_accepted(content: Content) -> None:
    content.edit(INNO, '"Un animateur à mi-temps."', '"Un animateur\tà mi-temps."')
    assert content.validate() == []


# --- Size and emptiness ------------------------------------------------------------------------


def test_loader_empty_file(content: Content) -> None:
    content.write(INNO, b"")
    assert_only(content.validate(), "fichier-vide", SHOWN, 1, 1)


def test_loader_file_with_only_comments_and_blanks_is_empty(content: Content) -> None:
    content.write("territories/cher.yml", "# rien ici\n\n   \n# toujours rien\n")
    assert_only(content.validate(), "fichier-vide", "content/territories/cher.yml", 1, 1)


def test_loader_file_over_1_mib(content: Content) -> None:
    raw = content.path(INNO).read_bytes()
    content.write(INNO, raw + b"# " + b"x" * (MAX_BYTES - len(raw)) + b"\n")
    d = assert_only(content.validate(), "fichier-trop-gros", SHOWN, 1, 1)
    assert "1024 Kio" in d.message


def test_loader_file_of_exactly_1_mib_accepted(content: Content) -> None:
    raw = content.path(INNO).read_bytes()
    padding = MAX_BYTES - len(raw) - 3
    content.write(INNO, raw + b"# " + b"x" * padding + b"\n")
    assert content.path(INNO).stat().st_size == MAX_BYTES
    assert content.validate() == []


def test_loader_size_checked_on_bytes_too() -> None:
    _, errors = load_text("x.yml", b"a: 1\n" + b"#" * MAX_BYTES)
    assert [(e.code, e.line, e.column) for e in errors] == [("fichier-trop-gros", 1, 1)]


# --- Anchors, aliases, tags, documents --------------------------------------------------------


def test_loader_anchor_refused(content: Content) -> None:
    content.edit(INNO, 'nom: "Atelier des possibles"', 'nom: &nom "Atelier des possibles"')
    line, col = content.locate(INNO, "&nom")
    d = assert_only(content.validate(), "yaml-alias", SHOWN, line, col)
    assert "&nom" in d.hint


def test_loader_alias_refused(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012", "annee_creation: *annee")
    line, col = content.locate(INNO, "*annee")
    assert_only(content.validate(), "yaml-alias", SHOWN, line, col)


def test_loader_alias_bomb_refused_at_first_anchor(content: Content) -> None:
    bomb = "".join(
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" if i else 'l0: &l0 ["lol"]\n'
        for i in range(10)
    )
    content.edit(INNO, "annee_creation: 2012\n", "annee_creation: 2012\n" + bomb)
    line, col = content.locate(INNO, "&l0")
    assert_only(content.validate(), "yaml-alias", SHOWN, line, col)


def test_loader_merge_key_refused(content: Content) -> None:
    content.edit(INNO, "moyens:\n", "base: &base {outils: x}\nmoyens:\n  <<: *base\n")
    line, col = content.locate(INNO, "&base")
    assert_only(content.validate(), "yaml-alias", SHOWN, line, col)


def test_loader_yaml_tag_refused(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012", 'annee_creation: !!int "2012"')
    line, col = content.locate(INNO, "!!int")
    d = assert_only(content.validate(), "yaml-etiquette", SHOWN, line, col)
    assert "tag:yaml.org,2002:int" in d.message


def test_loader_python_tag_refused(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012", 'annee_creation: !!python/object/apply:os.getcwd ""')
    line, col = content.locate(INNO, "!!python")
    assert_only(content.validate(), "yaml-etiquette", SHOWN, line, col)


def test_loader_str_tag_accepted(content: Content) -> None:
    content.edit("territories/cher.yml", 'departements:\n  - "18"', "departements:\n  - !!str 18")
    assert content.validate() == []


def test_loader_multiple_documents(content: Content) -> None:
    content.write("territories/cher.yml", content.read("territories/cher.yml") + "---\nid: x\n")
    line, _ = content.locate("territories/cher.yml", "---")
    assert_only(
        content.validate(), "yaml-plusieurs-documents", "content/territories/cher.yml", line, 1
    )


def test_loader_explicit_document_markers_accepted(content: Content) -> None:
    content.write("territories/cher.yml", "---\n" + content.read("territories/cher.yml") + "...\n")
    assert content.validate() == []


# --- Structure ------------------------------------------------------------------------------


def _nested_block(depth: int) -> str:
    return (
        "profond:\n"
        + "".join(f"{' ' * (i + 1)}k{i}:\n" for i in range(depth))
        + " " * (depth + 1)
        + "fin\n"
    )


def test_loader_too_deep_nesting(content: Content) -> None:
    # The root is level 1, `profond`'s value level 2…: key k{MAX_DEPTH - 1} opens level MAX_DEPTH
    # + 1, one more than allowed.
    content.write(INNO, content.read(INNO) + _nested_block(MAX_DEPTH + 5))
    line, col = content.locate(INNO, f" k{MAX_DEPTH - 1}:")
    d = assert_only(content.validate(), "yaml-profondeur", SHOWN, line, col + 1)
    assert str(MAX_DEPTH) in d.message


def test_loader_nesting_at_the_limit_is_read() -> None:
    # The root and MAX_DEPTH - 1 nested mappings: exactly MAX_DEPTH levels.
    doc, errors = load_text("x.yml", ("a: 1\n" + _nested_block(MAX_DEPTH - 1)).encode())
    assert errors == [] and doc is not None
    doc, errors = load_text("x.yml", ("a: 1\n" + _nested_block(MAX_DEPTH)).encode())
    assert doc is None and [e.code for e in errors] == ["yaml-profondeur"]


def test_loader_root_not_a_mapping(content: Content) -> None:
    content.write("territories/cher.yml", "- id: cher\n- nom: Cher\n")
    assert_only(content.validate(), "racine-non-objet", "content/territories/cher.yml", 1, 1)


def test_loader_root_scalar(content: Content) -> None:
    content.write("territories/cher.yml", "# commentaire\ncher\n")
    assert_only(content.validate(), "racine-non-objet", "content/territories/cher.yml", 2, 1)


def test_loader_complex_key_refused(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012\n", "annee_creation: 2012\n? [a, b]\n: c\n")
    line, col = content.locate(INNO, "[a, b]")
    assert_only(content.validate(), "yaml-cle-invalide", SHOWN, line, col)


def test_loader_null_key_refused() -> None:
    doc, errors = load_text("x.yml", b"a: 1\n~: 2\n")
    assert doc is not None
    assert [(e.code, e.line, e.column) for e in errors] == [("yaml-cle-invalide", 2, 1)]


@pytest.mark.parametrize(
    ("old", "new", "needle", "shift", "fragment"),
    [
        pytest.param(
            'mis_a_jour: "2024-03-01"',
            'mis_a_jour: "2024-03-01',
            '"2024',
            0,
            "guillemet",
            id="unclosed-quote",
        ),
        pytest.param(
            'duree: "1 mois"', "duree: durée: 1 mois", "durée:", 5, "« : »", id="colon-in-value"
        ),
        pytest.param(
            '  financiers: "Environ',
            '   financiers: "Environ',
            "financiers",
            0,
            "indentation",
            id="bad-indentation",
        ),
        pytest.param('accroche: "Des', 'accroche "Des', "accroche", 0, "« : »", id="missing-colon"),
        pytest.param("probleme: |\n", "probleme: |x\n", "|x", 1, "bloc", id="bad-block-scalar"),
        # libyaml notices the missing « ] » at the « : » of the next key.
        pytest.param(
            "annee_creation: 2012",
            "annee_creation: [2012",
            "thematiques:",
            11,
            "syntaxe",
            id="unclosed-bracket",
        ),
    ],
)
def test_loader_yaml_syntax_error(
    content: Content, old: str, new: str, needle: str, shift: int, fragment: str
) -> None:
    content.edit(INNO, old, new)
    line, col = content.locate(INNO, needle)
    d = assert_only(content.validate(), "yaml-syntaxe", SHOWN, line, col + shift)
    assert d.message.startswith("YAML illisible") and fragment in d.message, d.message
    assert d.hint


def test_loader_yaml_extension_reported(content: Content) -> None:
    source = content.path("territories/cher.yml")
    source.rename(source.with_suffix(".yaml"))
    d = assert_only(content.validate(), "extension", "content/territories/cher.yaml", 1, 1)
    assert "cher.yml" in d.hint


def test_loader_hidden_and_other_files_ignored(content: Content) -> None:
    # Hidden files are skipped silently; other files are not read, and a warning says so
    # (issue 14: nothing is left out of the site without a word).
    content.write("innovations/.brouillon.yml", "pas: [du yaml")
    content.write("innovations/LISEZMOI.md", "# notes\n")
    content.write("territories/notes.txt", "\x00\x01")
    assert keys(content.validate()) == [
        ("fichier-ignore", "content/innovations/LISEZMOI.md", 1, 1),
        ("fichier-ignore", "content/territories/notes.txt", 1, 1),
    ]
    assert all(d.severity == "warning" for d in content.validate())


def test_loader_unreadable_file(tmp_path: Path) -> None:
    doc, errors = load_file(tmp_path / "absent.yml", "content/territories/absent.yml")
    assert doc is None
    assert [(e.code, e.file, e.line) for e in errors] == [
        ("fichier-illisible", "content/territories/absent.yml", 1)
    ]


def test_loader_never_raises_on_garbage() -> None:
    samples = [bytes(range(256)), b"\xff\xfe\x00a", b"{" * 5000, b"- " * 5000, b"&a " * 100]
    for raw in samples:
        doc, errors = load_text("x.yml", raw)
        assert doc is None and errors, describe(errors)


def test_loader_control_character_reported_where_it_is(content: Content) -> None:
    content.edit(INNO, "annee_creation: 2012", "annee_creation: 2012\x1b")
    line, col = content.locate(INNO, "\x1b")
    assert_only(content.validate(), "encodage", SHOWN, line, col)


def test_loader_module_limits() -> None:
    # The documented limits; the tests above are written against these names.
    assert loader.MAX_BYTES == 1024 * 1024
    assert loader.MAX_DEPTH >= 10


def test_positions_of_a_file_are_read_when_a_problem_needs_them(content: Content) -> None:
    """Positions are read from the file on demand: right when it is unchanged, and no crash
    (the first line) when it was edited in between."""
    path = content.path("territories/ain.yml")
    path.write_text("id: ain\nnom: Ain\n\ntype: departement\n", encoding="utf-8")
    doc, _ = load_file(path)
    assert doc is not None and doc.where(("type",)) == (4, 7)
    edited, _ = load_file(path)
    path.write_text("id: ain\nnom: Autre\ntype: departement\n", encoding="utf-8")
    assert edited is not None and edited.where(("type",)) == (1, 1)


# --- Quotes: the mistake named where it is, not where YAML stopped --------------------------------


def _only_error(text: str):
    document, diagnostics = load_text("fiche.yml", text.encode("utf-8"))
    assert document is None and len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def test_loader_apostrophe_inside_single_quotes_is_named_on_its_line() -> None:
    d = _only_error("id: essai\naccroche: 'L'atelier des possibles'\nnom: Essai\n")
    assert (d.line, d.column) == (2, 11)
    assert "apostrophe" in d.message and "indentation" not in d.message
    fixed = "id: essai\naccroche: 'L’atelier des possibles'\nnom: Essai\n"  # as the hint says
    assert load_text("fiche.yml", fixed.encode("utf-8"))[1] == []


def test_loader_quotes_inside_double_quotes_are_named_on_their_line() -> None:
    d = _only_error('id: essai\nnom: "Le garage "solidaire" fictif"\naccroche: Essai\n')
    assert (d.line, d.column) == (2, 6)
    assert "referme trop tôt" in d.message
    fixed = 'id: essai\nnom: "Le garage « solidaire » fictif"\naccroche: Essai\n'
    assert load_text("fiche.yml", fixed.encode("utf-8"))[1] == []


def test_loader_unclosed_quote_is_named_on_its_line_not_on_the_next_key() -> None:
    d = _only_error('id: essai\nnom: "Garage solidaire\naccroche: "Une phrase."\npublics: []\n')
    assert (d.line, d.column) == (2, 6)
    assert "n'est pas refermé" in d.message


def test_loader_real_indentation_error_is_not_blamed_on_a_well_formed_quote() -> None:
    text = (
        'id: essai\nnom: "Un nom écrit\n  sur deux lignes"\nprobleme: |\n  "Cité" en tête.\n'
        "accroche: Essai\n  publics: x\n"
    )
    d = _only_error(text)
    assert "guillemet" not in d.message and "apostrophe" not in d.message
