"""Hostile text in every text field of a sheet and its territory, through the real build.

A contributor controls every text value of their files. Each test takes the valid fixture's
sheet (atelier-des-possibles) and its territory (parthenay), replaces EVERY string of their YAML
data (names, pitch, Markdown texts, list items, labels, source titles…) by one family of
payloads, keeps what must stay valid for the sheet to validate (identifiers, codes, dates,
URLs, e-mail, phone, vocabulary values), and builds the site with `build_site`: one build per
family, all fields at once.

The values are written as a contributor would type them: in YAML double quotes, escapes
included (`"\\x7f"`, `"\\e"`, `"\\0"`…). Each value starts with a marker naming its field, so
the test also proves that every field was really rendered, as visible text.

Then either validation refuses the files (the build writes nothing and names them), or EVERY
built page is free of what the sanitiser refuses: event handlers, scripts other than the theme's
and ours, `autofocus`, `style` attributes from content, `javascript:`/`data:`/`vbscript:` URLs,
images from content, raw control characters.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import VALID

# One list of the scripts the site may run, shared with the hardening tests.
from test_hardening import ALLOWED_SRC, MATERIAL_INLINE

from generator.contribute.fieldref import fields, flatten
from generator.site.build import build_site

SHEET = "innovations/atelier-des-possibles.yml"
TERRITORY = "territories/parthenay.yml"
SHEET_PAGE = "innovations/atelier-des-possibles/index.html"
TERRITORY_PAGE = "territoires/parthenay/index.html"

# Strings that must stay as they are for the files to validate: identifiers and references,
# codes, dates, addresses, and values from the vocabularies.
KEPT = {
    "id",
    "territoire",
    "territoire_origine",
    "parent",
    "source",
    "type",
    "type_structure",
    "thematiques",
    "publics",
    "palier",
    "jalon",
    "statut",
    "indicateur",
    "niveau",
    "siret",
    "codes_cog",
    "departements",
    "site_web",
    "url",
    "email",
    "telephone",
    "date",
    "date_debut",
    "date_fin",
    "date_entree",
    "date_sortie",
    "mis_a_jour",
    "role",
    "debut",
    "fin",
    "programme",
    "programme_source",
    "unite",
    "evaluations",
    "innovation",
    "copie_url",
    "composantes",
    "code_qpv",
}


def _markdown_fields() -> set[str]:
    """Names of the fields whose text may hold line breaks (Markdown), from the schemas."""
    names = set()
    for kind in ("innovation", "territoire"):
        for f in flatten(fields(kind)):
            for schema in (f.schema, f.item):
                if schema.get("contentMediaType") == "text/markdown":
                    names.add(f.name)
    return names


# One-line fields refuse line breaks (issue 14): there, a payload's "\n" is written as a space.
MARKDOWN_FIELDS = _markdown_fields()


@dataclass(frozen=True)
class Family:
    """Payloads as typed between YAML double quotes; `{m}` is where the field's marker goes."""

    id: str
    source: str
    shown: str  # a part of the payload that the sheet shows as text, whatever the field
    refused_by: frozenset[str] = frozenset()  # diagnostic codes expected instead of a build
    may_be_refused: bool = False  # control characters: refusing them is as good as showing them


FAMILIES = [
    Family(
        "attributs-markdown",
        r"{m} *x*{: onfocus=alert(1) autofocus }\n{: #x .y onclick=\"alert(1)\" }\n"
        r"[a](https://example.org){: onmouseover=alert(1) style=\"color:red\" }",
        "{: onfocus=alert(1) autofocus }",
    ),
    Family(
        "lien-javascript",
        r"{m} [a](javascript:alert(1)){: onmouseover=alert(1)}",
        "",
        refused_by=frozenset({"lien-dangereux"}),
    ),
    Family(
        "html-brut",
        r"{m} <script>alert(1)</script> <img src=x onerror=alert(1)> "
        r"<a href=\"javascript:alert(1)\">a</a> <pre>un\n\ndeux</pre>",
        "",
        refused_by=frozenset({"html-interdit", "lien-dangereux"}),
    ),
    Family(
        "entites",
        r"{m} &lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; "
        r"&amp;lt;b&amp;gt; &#x3C;i&#x3E; &quot;&apos;&nbsp;&#0;&#x7f;",
        "onerror=alert(1)",
    ),
    Family(
        "backticks",
        r"{m} `{: onclick=alert(1) }` ``*x*{: autofocus }`` ```\n{: #x onclick=alert(1) }\n```",
        "onclick=alert(1)",
    ),
    Family(
        "faux-front-matter",
        r"---\ntitle: pirate\ndescription: x\" onfocus=\"alert(1)\n---\n{m}\n---",
        "title: pirate",
    ),
    Family(
        "bloc-pre",
        r"{m} avant :\n\n    ligne un\n\n    ligne trois\n\n\n    ligne six\n\naprès",
        "ligne trois",
    ),
    Family(
        "echappements-yaml",
        r"{m} a\x7fb\ec\0d\u2028e\x85f \x02wzxhzdk:0\x03 \x02klzzwxh:0\x03 \x01\x1f\x9f fin",
        "fin",
        may_be_refused=True,
    ),
]


# --- Writing the hostile files ------------------------------------------------------------------


def _quoted(text: str) -> str:
    """A kept string as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _hostile_yaml(data: Any, family: Family, prefix: str, markers: list[str]) -> str:
    """The file's YAML with every text value replaced; `markers` gets one marker per value."""

    def scalar(key: str | None, value: Any) -> str:
        if isinstance(value, str) and key not in KEPT:
            marker = f"{prefix}{len(markers):02d}Z"
            markers.append(marker)
            source = family.source if key in MARKDOWN_FIELDS else family.source.replace(r"\n", " ")
            return '"' + source.replace("{m}", marker) + '"'
        return _quoted(value) if isinstance(value, str) else json.dumps(value)

    def block(value: Any, key: str | None, indent: int) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        if isinstance(value, dict):
            for name, item in value.items():
                if isinstance(item, dict | list):
                    lines += [f"{pad}{name}:", *block(item, name, indent + 2)]
                else:
                    lines.append(f"{pad}{name}: {scalar(name, item)}")
        else:
            for item in value:
                if isinstance(item, dict):
                    inner = block(item, key, indent + 2)
                    lines += [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
                else:
                    lines.append(f"{pad}- {scalar(key, item)}")
        return lines

    return "\n".join(block(data, None, 0)) + "\n"


def _hostile_content(tmp_path: Path, family: Family) -> tuple[Path, dict[str, list[str]]]:
    """The valid fixture with the sheet and its territory rewritten; {file: its markers}."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    markers: dict[str, list[str]] = {}
    for rel, prefix in ((SHEET, "F"), (TERRITORY, "T")):
        path = content / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        markers[rel] = []
        text = _hostile_yaml(data, family, prefix, markers[rel])
        path.write_text(text, encoding="utf-8")
    return content, markers


# --- Reading the built pages --------------------------------------------------------------------

# Theme and project attributes that hold URLs.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")
# Material emits no event handler attribute (checked on the fixture site): none is allowed.
ALLOWED_EVENT_HANDLERS: set[tuple[str, str]] = set()
# The only `style` attributes of the site, numbers and colours the generator writes: the
# figures page's bar charts size themselves; map pins sit in percent of their map; the
# map legend's swatches are coloured.
ALLOWED_STYLE = {
    "svg": re.compile(r"width:100%;height:\d+px"),
    "a": re.compile(r"--x:\d+(\.\d+)?%;--y:\d+(\.\d+)?%"),
    "span": re.compile(r"--x:\d+(\.\d+)?%;--y:\d+(\.\d+)?%|background:#[0-9a-f]{6}"),
}
# Raw control characters: C0 except tab, LF and CR; DEL; C1.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _Page(HTMLParser):
    """Everything the sanitiser refuses, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.pre: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._script_text: list[str] = []
        self._in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"<{tag}>"
        for name, value in attrs:
            if name.startswith("on") and (tag, name) not in ALLOWED_EVENT_HANDLERS:
                self.problems.append(f"{where} : gestionnaire d'événement {name}={value!r}")
            if name == "autofocus":
                self.problems.append(f"{where} : attribut autofocus")
            allowed = ALLOWED_STYLE.get(tag)
            if name == "style" and not (allowed and allowed.fullmatch(value or "")):
                self.problems.append(f"{where} : attribut style={value!r}")
            if name in URL_ATTRIBUTES and value:
                bare = re.sub(r"[\x00-\x20]", "", value).lower()
                if bare.startswith(FORBIDDEN_SCHEMES):
                    self.problems.append(f"{where} : adresse interdite {name}={value[:60]!r}")
        if tag == "img":
            self.problems.append(f"{where} : image {dict(attrs).get('src')!r}")
        if tag == "script":
            self._script, self._script_text = dict(attrs), []
        if tag == "pre":
            self._in_pre += 1
            self.pre.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre -= 1
        if tag != "script" or self._script is None:
            return
        attrs, text = self._script, "".join(self._script_text).strip()
        self._script = None
        src, kind = attrs.get("src"), attrs.get("type") or ""
        if src is not None:
            if not ALLOWED_SRC.fullmatch(src) or text:
                self.problems.append(f"<script src={src!r}> : script inconnu")
        elif kind == "application/json" and attrs.get("id") == "__config":
            pass  # Material's configuration: data, not code
        elif kind == "application/ld+json":  # schema.org metadata: data, never run
            try:
                json.loads(text)
            except ValueError:
                self.problems.append("<script type=application/ld+json> : JSON invalide")
            if "<" in text:
                self.problems.append("<script type=application/ld+json> : « < » non échappé")
        elif kind or not any(pattern.fullmatch(text) for pattern in MATERIAL_INLINE):
            self.problems.append(f"<script> en ligne inconnu : {text[:80]!r}")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
            return
        self.text.append(data)
        if self._in_pre:
            self.pre[-1] += data


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _visible(page: _Page) -> str:
    return " ".join("".join(page.text).split())


# --- The test -----------------------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES, ids=[f.id for f in FAMILIES])
def test_hostile_text_in_every_field_runs_nothing(tmp_path: Path, family: Family) -> None:
    content, markers = _hostile_content(tmp_path, family)
    site = tmp_path / "site"
    result = build_site(content, site, search=False)

    if not result.ok:
        assert family.refused_by or family.may_be_refused, (
            "contenu refusé alors qu'il devait être publié :\n"
            + "\n".join(f"{d.file}:{d.line}: {d.code} {d.message}" for d in result.diagnostics)
        )
        errors = [d for d in result.diagnostics if d.severity == "error"]
        named = {Path(d.file).as_posix() for d in errors}
        for rel in markers:
            assert any(name.endswith(rel) for name in named), f"{rel} non signalé : {named}"
        assert all(name.endswith((SHEET, TERRITORY)) for name in named), sorted(named)
        if family.refused_by:
            assert {d.code for d in errors} <= family.refused_by, {d.code for d in errors}
        assert not site.exists(), "le site a été écrit malgré le refus"
        assert [p.name for p in tmp_path.iterdir()] == ["content"], "fichiers laissés"
        return

    assert not family.refused_by, f"{family.id} : contenu publié, attendu refusé"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    problems = []
    for path in pages:
        raw = path.read_bytes().decode("utf-8")
        controls = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(raw)})
        if controls:
            problems.append(f"{path.relative_to(site)} : caractères de contrôle {controls}")
        problems += [f"{path.relative_to(site)} : {p}" for p in _read(path).problems]
    assert problems == [], "\n".join(problems[:40])

    sheet, territory = _read(site / SHEET_PAGE), _read(site / TERRITORY_PAGE)
    shown = _visible(sheet) + " " + _visible(territory)
    missing = [m for rel in markers for m in markers[rel] if m not in shown]
    assert missing == [], f"champs absents des pages (non affichés ?) : {missing}"
    assert family.shown in _visible(sheet), f"« {family.shown} » n'apparaît pas sur la fiche"
    if family.id == "bloc-pre":
        # A code block keeps its blank lines (stripping them once corrupted contributors' <pre>).
        assert "ligne un\n\nligne trois\n\n\nligne six\n" in sheet.pre, sheet.pre


def test_the_page_reader_catches_what_it_looks_for(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<p onfocus="x()" autofocus style="color:red">a</p><a href=" javascript:x">b</a>'
        '<img src="x.png"><a href="DATA:text/html,x">c</a><script>alert(1)</script>'
        '<script src="https://example.org/x.js"></script>'
        '<svg style="width:100%;height:140px"></svg><pre>un\n\ndeux</pre>',
        encoding="utf-8",
    )
    found = _read(page)
    problems = "\n".join(found.problems)
    for expected in (
        "onfocus",
        "autofocus",
        "style='color:red'",
        "href=' javascript:x'",
        "image 'x.png'",
        "href='DATA:",
        "en ligne inconnu : 'alert(1)'",
        "script inconnu",
    ):
        assert expected in problems, expected
    assert "style='width" not in problems, "le style des graphiques est permis"
    assert found.pre == ["un\n\ndeux"]
    assert CONTROL.findall("a\x00b\x1b\x7f\x85\x9f\t\n\r\u2028") == list("\x00\x1b\x7f\x85\x9f")
