"""What others reuse and find: schemas that resolve where they are published, metadata for link
previews and search engines, robots.txt, sitemap and canonical links from the site's address.

The site is built with its address set to a local server that serves it (as GitHub Pages
would): check-jsonschema, run from the repository root, then reads the schemas by their
published address and follows their `$ref`s there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, VALID, build_copy, serve

from generator.site.metadata import json_ld

# What the validator lets through (it refuses HTML tags): the JSON-LD escaping is checked with
# `</script>` itself below, in test_json_ld_escapes_what_would_end_its_script.
HOSTILE = 'Atelier a < b > c & d "guillemets" \\ <!- -> «»'
SCRIPT_END = '</script><script>alert("x")</script><!--'
HOSTILE_YAML = json.dumps(HOSTILE, ensure_ascii=False)
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


def _hostile(content: Path) -> None:
    sheet = content / "innovations" / "atelier-des-possibles.yml"
    text = re.sub(r"(?m)^nom: .*$", lambda _: f"nom: {HOSTILE_YAML}", sheet.read_text())
    sheet.write_text(text)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    """(site folder, its address): the fixture catalogue built for, and served at, an address."""
    base = tmp_path_factory.mktemp("published")
    site = base / "build" / "site"
    with serve(site, base) as url:
        (base / "build").mkdir()
        build_copy(VALID, base / "build", edit=_hostile, site_url=url)
        yield site, url


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--no-cache", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_published_schemas_have_absolute_ids_from_the_site_address(published) -> None:
    site, url = published
    for path in sorted((site / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$id"] == f"{url}schemas/{path.name}", path.name


def test_check_jsonschema_validates_the_catalogue_with_the_published_schema(published) -> None:
    site, url = published
    result = _check_jsonschema(
        "--schemafile", f"{url}schemas/catalogue.schema.json", str(site / "donnees/catalogue.json")
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_validates_a_content_file_with_the_published_schema(published) -> None:
    site, url = published
    sheet = VALID / "innovations" / "cooperative-emploi-test.yml"
    result = _check_jsonschema("--schemafile", f"{url}schemas/innovation.schema.json", str(sheet))
    assert result.returncode == 0, result.stdout + result.stderr
    # and it does check: a sheet without its required fields is refused
    broken = site.parent / "sans-nom.yml"
    broken.write_text("id: sans-nom\n", encoding="utf-8")
    result = _check_jsonschema("--schemafile", f"{url}schemas/innovation.schema.json", str(broken))
    assert result.returncode == 1 and "nom" in result.stdout


def test_check_jsonschema_reads_the_built_schema_files_from_the_repository(published) -> None:
    """A local copy of the schemas, read with their folder as base (no network)."""
    site, _ = published
    schemas = site / "schemas"
    result = _check_jsonschema(
        "--base-uri",
        schemas.as_uri() + "/",
        "--schemafile",
        str(schemas / "territoire.schema.json"),
        str(VALID / "territories" / "parthenay.yml"),
    )
    assert result.returncode == 0, result.stdout + result.stderr


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.canonical = ""
        self._in_ld = False
        self.scripts = 0

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("property"):
            self.meta[a["property"]] = a.get("content") or ""
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href") or ""
        if tag == "script":
            self.scripts += 1
            self._in_ld = a.get("type") == "application/ld+json"
            if self._in_ld:
                self.json_ld.append("")

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data) -> None:
        if self._in_ld:
            self.json_ld[-1] += data


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_a_sheet_has_opengraph_and_a_howto_even_with_hostile_text(published) -> None:
    site, url = published
    head = _head(site / "innovations" / "atelier-des-possibles" / "index.html")
    assert head.meta["og:title"] == HOSTILE
    assert head.meta["og:url"] == f"{url}innovations/atelier-des-possibles/"
    assert head.meta["og:description"]
    (ld,) = head.json_ld
    assert "<" not in ld and ">" not in ld
    data = json.loads(ld)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "HowTo" and data["name"] == HOSTILE
    assert data["url"] == f"{url}innovations/atelier-des-possibles/"
    assert all(step["@type"] == "HowToStep" for step in data.get("step", []))
    assert head.canonical == f"{url}innovations/atelier-des-possibles/"
    # The hostile name added no script: same count as on a sheet without it.
    assert (
        head.scripts == _head(site / "innovations" / "relais-mobilite-test" / "index.html").scripts
    )


def test_territories_are_places_and_the_data_page_is_a_dataset(published) -> None:
    site, url = published
    (territory,) = _head(site / "territoires" / "parthenay" / "index.html").json_ld
    assert json.loads(territory)["@type"] == "Place"
    (dataset,) = _head(site / "donnees" / "index.html").json_ld
    data = json.loads(dataset)
    assert data["@type"] == "Dataset" and data["license"].startswith("https://")
    downloads = {d["contentUrl"] for d in data["distribution"]}
    assert f"{url}donnees/catalogue.json" in downloads
    for name in ("innovations", "sites", "territoires"):
        assert f"{url}donnees/{name}.csv" in downloads
    for page in ("index.html", "innovations/index.html", "chiffres/index.html"):
        head = _head(site / page)
        assert head.meta["og:title"] and len(head.json_ld) == 1, page
        json.loads(head.json_ld[0])


def test_json_ld_escapes_what_would_end_its_script() -> None:
    text = json_ld({"name": SCRIPT_END, "line": "a\u2028b & c"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": SCRIPT_END, "line": "a\u2028b & c"}


def test_robots_sitemap_and_canonical_links_use_the_configured_address(fixture_site) -> None:
    """Built without --site-url (as the pull-request preview is): mkdocs.yml's address."""
    assert SITE_URL.startswith("https://") and SITE_URL.endswith("/")
    robots = (fixture_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {SITE_URL}sitemap.xml" in robots
    locs = re.findall(r"<loc>(.*?)</loc>", (fixture_site / "sitemap.xml").read_text())
    assert f"{SITE_URL}innovations/atelier-des-possibles/" in locs
    assert all(loc.startswith(SITE_URL) for loc in locs)
    head = _head(fixture_site / "territoires" / "parthenay" / "index.html")
    assert head.canonical == f"{SITE_URL}territoires/parthenay/"
    template = (fixture_site / "contribuer" / "modele-innovation.yml").read_text(encoding="utf-8")
    assert template.startswith(
        f"# yaml-language-server: $schema={SITE_URL}schemas/innovation.schema.json\n"
    )


LOCAL = re.compile(
    r"""(?:href|src|action|content)\s*=\s*["']?[a-z]+://(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0)""",
    re.IGNORECASE,
)


def test_no_page_links_to_a_local_address(fixture_site) -> None:
    found = [
        str(path.relative_to(fixture_site))
        for path in fixture_site.rglob("*.html")
        if LOCAL.search(path.read_text(encoding="utf-8"))
    ]
    assert not found
    assert LOCAL.search('<a href="http://127.0.0.1:8000/">'), "the check finds such a link"
