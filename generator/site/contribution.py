"""Ways in for contributors: the repository, its issues, the issue form, an e-mail address.

Everything comes from mkdocs.yml, in one place: `repo_url` (the repository) and
`extra.contribution.courriel` (an address for those without a GitHub account). The plugin
builds one `Contribution` from the configuration; the sheets (« Proposer une correction ») and
the theme's footer read it, so no address is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

# The repository's issue form for a new innovation (.github/ISSUE_TEMPLATE/).
ISSUE_FORM = "proposer-une-innovation.yml"
# Where the content files live in the repository, and its default branch.
CONTENT_DIR = "content"
BRANCH = "main"


@dataclass(frozen=True)
class Contribution:
    repo_url: str = ""
    email: str = ""
    site_url: str = ""

    @classmethod
    def from_config(cls, config: Any) -> Contribution:
        """From MkDocs' configuration: `repo_url` and `extra.contribution.courriel`."""
        extra = (config.get("extra") or {}).get("contribution") or {}
        return cls(
            repo_url=(config.get("repo_url") or "").rstrip("/"),
            email=str(extra.get("courriel") or "").strip(),
            site_url=config.get("site_url") or "",
        )

    def page_address(self, url: str) -> str:
        """A page's public address (`url` relative to the site's root), or its path."""
        if not self.site_url:
            return url
        return self.site_url.rstrip("/") + "/" + url

    @property
    def issues_url(self) -> str:
        return f"{self.repo_url}/issues" if self.repo_url else ""

    @property
    def form_url(self) -> str:
        return f"{self.repo_url}/issues/new?template={ISSUE_FORM}" if self.repo_url else ""

    def new_issue_url(self, title: str, body: str = "") -> str:
        """A blank issue with its title (and text) filled in."""
        if not self.repo_url:
            return ""
        query = {"title": title, **({"body": body} if body else {})}
        return f"{self.repo_url}/issues/new?{urlencode(query, quote_via=quote)}"

    def edit_url(self, kind: str, ident: str) -> str:
        """GitHub's editor for a content file (`kind`: innovations or territories)."""
        if not self.repo_url:
            return ""
        return f"{self.repo_url}/edit/{BRANCH}/{CONTENT_DIR}/{kind}/{ident}.yml"

    def mailto(self, subject: str) -> str:
        if not self.email:
            return ""
        return f"mailto:{self.email}?{urlencode({'subject': subject}, quote_via=quote)}"
