"""The sheet as a replication guide, and the pages around it (issue 16, points 3, 5 and 6).

Built from the fixture catalogue with a carrier's additions made here: the sparse sheet
`cooperative-emploi-test` gets two swarming sites that give no date and no milestone (a table
that used to draw rows of « — ») and a problem that uses abbreviations; six more sheets make
the catalogue larger than the home page's list of newest sheets. The site is built with a copy
of mkdocs.yml that sets the contact address, as a maintainer would.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from conftest import VALID, build_copy, serve
from playwright.sync_api import Browser, Page, expect

from generator.check.validate import validate_content
from generator.model import Carrier, build_catalogue
from generator.site.contribution import Contribution
from generator.site.render.abbreviations import abbreviations, expand_first_uses
from generator.site.render.pages import HOME_RECENT, innovation_page, site_pages

ROOT = Path(__file__).resolve().parents[2]
SPARSE = "innovations/cooperative-emploi-test/"
FULL = "innovations/atelier-des-possibles/"
EMAIL = "contact@catalogue.example.org"
EXTRA_SHEETS = 6
# The order of a sheet's sections (after the summary box), the same on every sheet; only the
# AIS#Emploi path is left out of sheets that did not go through the accelerator.
ORDER = [
    "probleme",
    "principes",
    "se-lancer",
    "indicateurs",
    "transferabilite",
    "parcours",
    "essaimage",
    "chiffres",
    "evaluations",
    "preuve",
    "liens",
    "sources",
    "contact",
    "corriger",
    "historique",
]


def _additions(content: Path) -> None:
    sheet = content / "innovations" / "cooperative-emploi-test.yml"
    text = sheet.read_text(encoding="utf-8")
    text = text.replace(
        "thematiques:",
        'probleme: "Les SIAE du territoire cherchent des débouchés ; une SIAE seule ne suffit '
        'pas. Un contrat à durée indéterminée (CDI) est proposé."\n'
        "essaimage:\n"
        '  - structure: "Site de test sans date"\n'
        "    territoire: parthenay\n"
        '  - structure: "Autre site de test sans date"\n'
        "    territoire: ajaccio\n"
        "thematiques:",
        1,
    )
    sheet.write_text(text, encoding="utf-8")
    for n in range(EXTRA_SHEETS):
        copy = text.replace("id: cooperative-emploi-test", f"id: copie-{n}-test").replace(
            "Coopérative d’emploi de test", f"Copie {n} de test"
        )
        (content / "innovations" / f"copie-{n}-test.yml").write_text(copy, encoding="utf-8")


def _config(tmp: Path) -> Path:
    """mkdocs.yml with the contact address set, its folders made absolute."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "custom_dir: generator/site/theme", f"custom_dir: {ROOT / 'generator/site/theme'}"
    ).replace("docs_dir: generator/site/pages", f"docs_dir: {ROOT / 'generator/site/pages'}")
    assert 'courriel: ""' in config
    path = tmp / "mkdocs.yml"
    path.write_text(config.replace('courriel: ""', f"courriel: {EMAIL}"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fiche-guide")
    return build_copy(
        VALID,
        base,
        edit=_additions,
        search=True,
        config_file=_config(base),
        site_url="https://exemple.org/depot/",
    )


@pytest.fixture(scope="module")
def base(site: Path, tmp_path_factory: pytest.TempPathFactory):
    with serve(site, tmp_path_factory.mktemp("fiche-guide-servi")) as url:
        yield url


@pytest.fixture()
def page(browser: Browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _identity(page: Page, label: str) -> str:
    box = page.locator("section.en-bref dl.identite")
    return " ".join(box.locator(f"dt:text-is('{label}') + dd").inner_text().split())


# --- 3. The sheet as a replication guide --------------------------------------------------------


def test_a_sparse_sheet_opens_on_its_summary_and_says_what_it_lacks(page: Page, base: str):
    page.goto(base + SPARSE)
    article = page.locator("article.fiche")
    # the summary box comes first, right after the name
    first = article.locator("h1 ~ section").first
    expect(first).to_have_class(re.compile(r"\ben-bref\b"))
    expect(first.locator(".accroche")).to_contain_text("Une coopérative embauche")
    assert _identity(page, "Pour qui") == "Demandeurs d’emploi de longue durée"
    assert _identity(page, "Coût") == "non renseigné"
    assert _identity(page, "Niveau de preuve").startswith("1 sur 5")
    assert page.locator(".en-bref .echelle-preuve .cran.plein").count() == 1
    assert page.locator(".en-bref .echelle-preuve .cran").count() == 5
    assert _identity(page, "Fiche").startswith(
        "Fiche à compléter : étapes, moyens et coûts, partenaires, facteurs clés, contact."
    )
    # « Comment se lancer »: each part there, an empty one says so once
    start = page.locator("section#se-lancer")
    expect(start.locator("h2")).to_have_text("Comment se lancer")
    for anchor, title in [
        ("etapes", "Les étapes"),
        ("moyens", "Moyens et coûts"),
        ("partenaires", "Les partenaires"),
        ("facteurs-cles", "Facteurs clés de succès"),
        ("ecueils", "Écueils à éviter"),
    ]:
        part = start.locator(f"#{anchor}")
        expect(part.locator("h3")).to_have_text(title)
        expect(part.locator(".non-renseigne")).to_have_count(1)
        assert part.inner_text().split("\n")[-1].strip() == "non renseigné"
    # no contact known: the section says so, once
    contact = page.locator("section#contact")
    expect(contact.locator(".non-renseigne")).to_have_count(1)
    # an empty section is one compact line: heading and « non renseigné » side by side
    empty = page.locator("section#chiffres")
    heading, note = (
        empty.locator("h2").bounding_box(),
        empty.locator(".non-renseigne").bounding_box(),
    )
    assert heading and note and abs(heading["y"] - note["y"]) < heading["height"]


def test_a_full_sheet_shows_its_cost_steps_and_checklists(page: Page, base: str):
    page.goto(base + FULL)
    assert _identity(page, "Coût").startswith("330 euros : coût d’un parcours d’atelier")
    assert _identity(page, "Fiche").startswith("complète")
    start = page.locator("section#se-lancer")
    expect(start.locator(".non-renseigne")).to_have_count(0)
    assert start.locator("ol.etapes > li").count() >= 1
    expect(start.locator("#moyens")).to_contain_text("330 euros")
    # contact: the carrier's public website and address from the model
    contact = page.locator("section#contact")
    expect(contact.locator("a[href='https://example.org/atelier']")).to_have_count(1)
    expect(contact.locator("a[href='mailto:accueil@example.org']")).to_have_count(1)


def _section_ids(page: Page) -> list[str]:
    return page.locator("article.fiche > section[id]:not(.en-bref)").evaluate_all(
        "sections => sections.map(s => s.id)"
    )


def test_every_sheet_has_its_sections_in_one_order(page: Page, base: str, site: Path):
    sheets = sorted(p.parent.name for p in (site / "innovations").glob("*/index.html"))
    assert len(sheets) == 3 + EXTRA_SHEETS
    for name in sheets:
        page.goto(f"{base}innovations/{name}/")
        ids = _section_ids(page)
        ais = page.locator("dt:text-is('Parcours AIS#Emploi')").count() == 1
        assert ids == sorted(ids, key=ORDER.index), name
        missing = set(ORDER) - set(ids)
        # the history comes from git (the copy built here has none)
        assert missing == ({"historique"} if ais else {"historique", "parcours"}), name
        # the outline lists the same sections, in the same order
        outline = page.locator("nav.sommaire a").evaluate_all(
            "links => links.map(a => a.getAttribute('href').slice(1))"
        )
        assert outline == ids, name
        # each empty section says « non renseigné » once
        for empty in page.locator("article.fiche > section.vide").all():
            expect(empty.locator(".non-renseigne")).to_have_count(1)


def test_theme_and_public_pills_open_the_filtered_explorer(page: Page, base: str):
    page.goto(base + SPARSE)
    theme = page.locator(".en-bref a.etiquette[data-pagefind-filter='thematique']")
    expect(theme).to_have_count(1)
    label = theme.inner_text()
    theme.click()
    page.wait_for_url(re.compile(r"/innovations/\?"))
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"thematique": [label]}
    # the explorer applies it: every sheet of the fixture with that theme, and only those
    count = page.locator("[data-count]")
    expect(count).to_contain_text(str(1 + EXTRA_SHEETS + 1))  # the copies, and atelier
    page.goto(base + SPARSE)
    public = page.locator(".en-bref a.etiquette[data-pagefind-filter='public']")
    href = public.get_attribute("href") or ""
    assert href.startswith("../?public=")
    assert unquote(href.split("=", 1)[1]) == public.inner_text()


def test_no_table_draws_empty_rows_or_columns(page: Page, base: str, site: Path):
    paths = [
        f"innovations/{p.parent.name}/" for p in (site / "innovations").glob("*/index.html")
    ] + [f"territoires/{p.parent.name}/" for p in (site / "territoires").glob("*/index.html")]
    for path in paths:
        page.goto(base + path)
        for table in page.locator("article table").all():
            cells = table.locator("tbody tr").evaluate_all(
                "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
            )
            for row in cells:
                assert all(cell not in ("", "—", "-") for cell in row), (path, row)
            for column in zip(*cells, strict=True):
                assert any(cell != "non renseigné" for cell in column), (path, column)
    # the sparse sheet's sites: what is known, and « non renseigné » once for the rest
    page.goto(base + SPARSE)
    sites = page.locator("section#essaimage table")
    expect(sites.locator("thead th")).to_have_text(["Structure", "Territoire"])
    expect(sites.locator("tbody tr")).to_have_count(2)
    expect(page.locator("section#essaimage .non-renseigne")).to_have_count(1)


def test_abbreviations_are_written_out_where_first_used(page: Page, base: str):
    page.goto(base + SPARSE)
    problem = page.locator("section#probleme")
    abbr = problem.locator("abbr")
    expect(abbr).to_have_count(1)  # the second « SIAE » stays short; « CDI » is explained
    expect(abbr).to_have_text("SIAE")
    assert "SIAE (structure d’insertion par l’activité économique) du territoire" in (
        " ".join(problem.inner_text().split())
    )


def test_expansion_leaves_headings_filters_and_explained_abbreviations_alone():
    table = {"QPV": "quartier prioritaire de la politique de la ville", "AIS": "x"}
    html = (
        '<h2>Les QPV</h2><span data-pagefind-filter="public">Résidents en QPV</span>'
        "<p>AIS#Emploi agit en quartier prioritaire (QPV) puis en QPV.</p>"
    )
    assert expand_first_uses(html, table) == html
    html = "<p>Un QPV, puis un QPV.</p>"
    assert expand_first_uses(html, table) == (
        '<p>Un <abbr title="quartier prioritaire de la politique de la ville">QPV</abbr> '
        "(quartier prioritaire de la politique de la ville), puis un QPV.</p>"
    )
    # the one list covers the abbreviations the issue names
    assert {"TZCLD", "EBE", "GES", "SIAE", "IAE", "QPV"} <= set(abbreviations())


# --- 5. The rest of the way ---------------------------------------------------------------------


def test_a_structure_type_the_name_already_says_is_not_repeated() -> None:
    result = validate_content(VALID)
    catalogue = build_catalogue(result.content)
    list(site_pages(catalogue))  # the pages' URLs, as the site gives them
    innovation = catalogue.innovations["atelier-des-possibles"]
    kinds = [
        ("Air Services, groupe économique solidaire", "GES", False),
        ("Groupe Économique Solidaire du Val", "GES", False),
        ("Air Services", "GES", True),
        ("Mission locale du Haut-Poitou", "ML", False),
        ("Coorace Nouvelle-Aquitaine", "FAIS", True),
    ]
    for name, code, shown in kinds:
        innovation.porteurs = [Carrier(nom=name, type_structure=code, role="porteur")]
        html = innovation_page(innovation).html
        identity = html[html.index("Porté par") : html.index("</dd>", html.index("Porté par"))]
        assert ('class="type-structure"' in identity) is shown, (name, identity)


def test_a_sheet_shows_both_its_last_change_and_its_declared_date_when_they_differ() -> None:
    """The sheet's file changed on a date (git); its carrier declares the facts up to date on
    another (`mis_a_jour`, the date the open data gives): the sheet says both, each for what it is."""
    catalogue = build_catalogue(validate_content(VALID).content)
    list(site_pages(catalogue))  # the pages' URLs, as the site gives them
    innovation = catalogue.innovations["atelier-des-possibles"]
    assert innovation.mis_a_jour == "2024-03-01"

    def line(html: str) -> str:
        return re.sub(
            r"<[^>]+>", "", re.search(r'<p class="mise-a-jour"[^>]*>(.*?)</p>', html).group(1)
        )

    both = line(innovation_page(innovation, updated="2026-12-02").html)
    assert both.startswith("Dernière mise à jour de la fiche : 2 décembre 2026.")
    assert "déclarées à jour au 1er mars 2024" in both
    same = line(innovation_page(innovation).html)
    assert same == "Dernière mise à jour de la fiche : 1er mars 2024."


def test_the_404_page_is_french_with_a_search_form_and_links(page: Page, site: Path, base: str):
    page.goto(base + "404.html")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator("h1")).to_have_text("Page introuvable")
    form = page.get_by_role("search")
    expect(form.get_by_label("Chercher une innovation")).to_be_visible()
    action = form.get_attribute("action") or ""
    assert action.endswith("/depot/innovations/")  # absolute: served at any unknown address
    links = page.locator(".page-introuvable")
    for name in ("Accueil du catalogue", "Toutes les innovations", "Contribuer"):
        expect(links.get_by_role("link", name=name, exact=True)).to_have_count(1)
    assert "Not found" not in page.content()


def _count_before(text: str, words: str) -> int:
    # thousands are separated by a narrow no-break space (number_fr)
    found = re.search(r"(\d[\d\u202f\u00a0]*)\s+" + words, text)
    assert found, words
    return int(re.sub(r"\D", "", found.group(1)))


def test_home_and_territories_page_count_the_same_territories(page: Page, base: str, site: Path):
    content = validate_content(site.parent / "content")
    catalogue = build_catalogue(content.content)
    # what « territoires » counts: the places where a sheet was born or swarmed, once each
    places = {i.territoire_origine.id for i in catalogue.innovations.values()} | {
        s.territoire.id for i in catalogue.innovations.values() for s in i.essaimage
    }
    assert len(places) < len(catalogue.territories)  # some territories only contain one
    page.goto(base)
    home = _count_before(page.locator(".chiffres-cles").inner_text(), "territoires? où")
    page.goto(base + "territoires/")
    listing = _count_before(
        page.locator("article, .territoires").first.inner_text(), "territoires? où"
    )
    assert home == listing == len(places)


def test_home_names_the_newest_sheets_and_explains_the_declared_figures(page: Page, base: str):
    page.goto(base)
    newest = page.locator("ul.fiches-recentes > li")
    expect(newest).to_have_count(HOME_RECENT)
    for item in newest.all():
        expect(item.locator("a")).to_have_attribute("href", re.compile(r"^innovations/[\w-]+/$"))
        expect(item.locator("p")).not_to_be_empty()
    everything = page.get_by_role("link", name=f"Les {3 + EXTRA_SHEETS} innovations du catalogue")
    expect(everything).to_have_attribute("href", "innovations/")
    declared = page.locator(".chiffres-cles small.declare")
    assert declared.count() == 2
    for note in declared.all_inner_texts():
        assert note.startswith("Déclaré par Opérateur de test, avril 2021"), note


def test_the_home_search_box_shows_only_with_javascript(browser: Browser, base: str):
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(base)
        box = page.get_by_label("Chercher une innovation")
        if javascript:
            expect(box).to_be_visible()
        else:
            expect(box).to_be_hidden()
        # without JavaScript, the ways in that need none are there
        expect(page.get_by_role("link", name="Explorer les innovations")).to_be_visible()
        context.close()


def test_a_sheet_uses_the_width_at_1280_px(page: Page, base: str):
    page.goto(base + FULL)
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    text = page.locator("section#probleme").bounding_box()
    outline = page.locator("nav.sommaire").bounding_box()
    assert text and outline
    assert text["width"] >= 750  # was a 630 px column beside an empty sidebar
    assert outline["x"] > text["x"] + text["width"]  # the outline beside the text


def test_a_printed_sheet_shows_its_address_and_no_site_frame(page: Page, base: str):
    page.goto(base + FULL)
    address = page.locator(".imprime-adresse")
    expect(address).to_be_hidden()
    page.emulate_media(media="print")
    expect(address).to_be_visible()
    expect(address).to_contain_text(f"https://exemple.org/depot/{FULL}")
    for frame in (".md-header", ".md-tabs", "nav.sommaire", ".md-footer", "section#corriger"):
        expect(page.locator(frame).first).to_be_hidden()
    heading = page.locator("section#probleme h2")
    weight = heading.evaluate("h => getComputedStyle(h).fontWeight")
    assert int(weight) >= 700
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_a_printed_sheet_keeps_each_claim_traceable_to_its_numbered_source(page: Page, base: str):
    """On paper, « [source] » links cannot be followed: each shows its source's number in the
    list of sources instead, and the link to the correction section (not printed) goes."""
    page.goto(base + SPARSE)
    page.emulate_media(media="print")
    sources = page.locator("section#sources ol.sources > li")
    ids = [i.removeprefix("source-") for i in sources.evaluate_all("ls => ls.map(l => l.id)")]
    cites = page.locator("article a.cite")
    assert cites.count() > 0
    for n in range(cites.count()):
        cite = cites.nth(n)
        width = cite.evaluate("a => a.getBoundingClientRect().width")  # its text is 0 high
        assert width > 0
        shown = cite.evaluate("a => getComputedStyle(a, '::after').content")
        target = (cite.get_attribute("href") or "").removeprefix("#source-")
        assert shown == f'"[{ids.index(target) + 1}]"', (target, shown)
    for link in page.locator("a[href='#corriger']").all():
        expect(link).to_be_hidden()


# --- 6. A way in for contributors ---------------------------------------------------------------


def test_contributors_find_the_repository_the_form_and_an_address(page: Page, base: str):
    repo = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["repo_url"]
    links = Contribution(repo_url=repo, email=EMAIL)
    page.goto(base + SPARSE)
    footer = page.locator(".md-footer")
    for href in (repo, links.issues_url, links.form_url, f"mailto:{EMAIL}"):
        expect(footer.locator(f"a[href='{href}']")).to_have_count(1)
    fix = page.locator("section#corriger")
    expect(fix.locator("h2")).to_have_text("Proposer une correction")
    issue = fix.get_by_role("link", name="Signaler une erreur ou un ajout")
    query = parse_qs(urlsplit(issue.get_attribute("href") or "").query)
    assert query["title"] == ["Correction : Coopérative d’emploi de test"]
    assert f"https://exemple.org/depot/{SPARSE}" in query["body"][0]
    edit = fix.get_by_role("link", name="Modifier le fichier de la fiche")
    assert edit.get_attribute("href") == (
        f"{repo}/edit/main/content/innovations/cooperative-emploi-test.yml"
    )
    mail = fix.get_by_role("link", name=EMAIL)
    assert (mail.get_attribute("href") or "").startswith(f"mailto:{EMAIL}?subject=")
