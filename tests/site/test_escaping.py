"""Values with Markdown/HTML-significant characters show exactly as written."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import VALID, build_copy

TRICKY = "Barre | étoile *gras* _souligné_ a < b > c & d [crochet] `code` ## pas un titre"
# One-line fields refuse newlines since issue 14 (only Markdown texts go to the line).
TRICKY_YAML = '"Barre | étoile *gras* _souligné_ a < b > c & d [crochet] `code` ## pas un titre"'


def _edit(content: Path) -> None:
    sheet = content / "innovations" / "atelier-des-possibles.yml"
    text = sheet.read_text()

    def put(pattern: str, source: str) -> str:
        # a function as replacement: the YAML escape "\n" must reach the file as written
        return re.sub(pattern, lambda m: m.group(1) + TRICKY_YAML, source, count=1, flags=re.M)

    for key in ("nom", "accroche"):
        text = put(rf"^({key}: ).*$", text)
    text = put(r"^(  - titre: ).*$", text)
    text = put(r'^(  - nom: )"Employeurs du territoire"$', text)
    text = put(r"^(chiffres:\n  - indicateur: .*\n    unite: .*\n    libelle: ).*$", text)
    sheet.write_text(text)
    territory = content / "territories" / "parthenay.yml"
    territory.write_text(put(r"^(nom: ).*$", territory.read_text()))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        if tag == "br":
            self.text.append("\n")

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_tricky_values_render_verbatim_and_inject_nothing(tmp_path: Path) -> None:
    site = build_copy(VALID, tmp_path, edit=_edit)
    html = (site / "innovations" / "atelier-des-possibles" / "index.html").read_text()
    article = html[html.index('<article class="fiche"') : html.index("</article>")]
    parsed = _Collector()
    parsed.feed(article)
    text = "".join(parsed.text)
    expected = TRICKY
    # name, pitch, first step, partner, figure label: five places, each verbatim
    assert text.count(expected) >= 5, text
    # and nothing became markup
    assert "<em>gras</em>" not in article and "<code>code</code>" not in article
    assert "<strong>gras" not in article
    assert "a &lt; b &gt; c &amp; d" in article
    # the figures table keeps its five columns in the edited row
    row = next(r for r in re.findall(r"<tr[^>]*>.*?</tr>", article, re.S) if "Barre |" in r)
    assert len(re.findall(r"<t[hd][ >]", row)) == 5
    territory = (site / "territoires" / "parthenay" / "index.html").read_text()
    assert "Barre | étoile *gras* _souligné_ a &lt; b &gt; c &amp; d [crochet] `code`" in territory
    # the page title (tab) shows the name too, and breaks nothing out of <title>
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "Barre | étoile" in title


def test_markdown_fields_cannot_inject_html(tmp_path: Path) -> None:
    def edit(content: Path) -> None:
        sheet = content / "innovations" / "atelier-des-possibles.yml"
        text = sheet.read_text().replace(
            "probleme: |\n",
            "probleme: |\n  # Un titre qui voudrait casser la fiche\n\n  [lien](https://example.org) "
            "et ![image](https://example.org/i.png) et un bloc ouvert\n  ```\n",
        )
        sheet.write_text(text)

    site = build_copy(VALID, tmp_path, edit=edit)
    html = (site / "innovations" / "atelier-des-possibles" / "index.html").read_text()
    section = html[html.index('<section id="probleme">') :]
    section = section[: section.index("</section>")]
    assert "<h1" not in section and "<img" not in section
    assert '<a href="https://example.org" rel="noopener">lien</a>' in section
    # the open fence did not swallow the rest of the sheet
    assert '<section id="principes">' in html
