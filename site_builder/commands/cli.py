"""The `jobboard` command line: build, check, new, serve."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from site_builder import __version__
from site_builder.build.cache import Cache
from site_builder.build.pipeline import build as build_site
from site_builder.commands.checking import check_postings, github_annotation
from site_builder.config import Config, load_config, with_overrides
from site_builder.console import annotate, say
from site_builder.content.model import EMPLOYMENT_TYPES, PERIODS, WORKPLACES, Posting
from site_builder.errors import BuildFailed, ContentError, SiteError

LAST_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC: the last second a Python date can hold


def resolve_today(given: dt.datetime | None) -> dt.date:
    """The date that decides which roles are closed: --today, else SOURCE_DATE_EPOCH, else today."""
    if given is not None:
        return given.date()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:  # set but empty counts as unset, as most tools take it
        return epoch_date(epoch)
    return dt.date.today()


def epoch_date(epoch: str) -> dt.date:
    """The UTC date of a SOURCE_DATE_EPOCH value, or SiteError: the reproducible-builds spec allows ASCII digits
    only (no sign, spaces or `_`, which `int` would take), and a date must be at most year 9999."""
    wanted, got = "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970", repr(epoch[:40])
    if not (epoch.isascii() and epoch.isdigit()):
        raise SiteError(f"{wanted} (got {got})")
    if len(epoch) > len(str(LAST_EPOCH)) or int(epoch) > LAST_EPOCH:  # int() of 4301+ digits raises
        raise SiteError(f"{wanted}, at most {LAST_EPOCH} (the end of year 9999) (got {got})")
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()


DEFAULT_CONFIG = Path("config.yaml")


def config_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """The --config option every command shares."""
    return click.option(
        "--config", "config_path", type=click.Path(path_type=Path), callback=given_config_exists,
        help="Settings file (default: config.yaml); its folder is the project folder. Without --config and with no "
             "config.yaml in the current folder, every setting takes its default.",
    )(command)  # fmt: skip


def given_config_exists(ctx: click.Context, param: click.Parameter, path: Path | None) -> Path:
    """The settings file: one given with --config must exist (a typo must not build with every default), while
    the default config.yaml may be missing."""
    if path is None:
        return DEFAULT_CONFIG
    if not os.path.lexists(path):  # lexists never raises, even for a name too long for the system
        fail([ContentError(str(path), None, "config", "not found")], "Bad settings")
    return path


def fail(errors: list[ContentError], what: str) -> NoReturn:
    """Print every error, one line each (none a workflow command: see `inert`), and exit with status 1."""
    for error in errors:
        say(str(error), err=True)
    say(f"{what}: {len(errors)} problem(s).", err=True)
    sys.exit(1)


def refuse(problem: SiteError, what: str) -> NoReturn:
    """Print a problem that belongs to no file and line as `what: problem` on one line, and exit with status 1."""
    say(f"{what}: {problem}", err=True)
    sys.exit(1)


def read_config(config_path: Path) -> Config:
    """Load settings or exit with their errors."""
    try:
        return load_config(config_path)
    except BuildFailed as failure:
        fail(failure.errors, "Bad settings")


def run() -> NoReturn:
    """The `jobboard` command: run it, then leave without tearing the heap down object by object.

    After building a big board, interpreter shutdown spends ~0.4 s collecting and freeing what the
    process is about to drop anyway (measured at 10,000 roles). By then every file is written and
    closed and every message printed, so exiting at once loses nothing. The collector is off for the
    same reason: a command makes few cycles, and the full pass it ran as `build` returned cost ~0.08 s
    (the rendering of a cold build, which does make cycles, turns it back on for itself; `serve`,
    which runs for hours, turns it back on for good)."""
    gc.disable()
    try:
        main()  # standalone mode: always ends in SystemExit with the status
        code: int = 0
    except SystemExit as done:
        if isinstance(done.code, str):
            say(done.code, err=True)
        code = done.code if isinstance(done.code, int) else int(done.code is not None)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@click.group()
@click.version_option(__version__, prog_name="jobboard")
def main() -> None:
    """Build the job board from postings/ into a static site."""


@main.command()
@config_option
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), help="Build into this folder instead.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Decide closed roles as of this date.")
@click.option("--site-url", help="Scheme and host the site is published at (overrides config.yaml).")
@click.option("--base-url", help="Sub-path the site is served under, e.g. /jobboard/ (overrides config.yaml).")
@click.option("--repository", help="The board's GitHub repository, https://github.com/<owner>/<repo>, which the "
              '"Post a role" page links to (overrides config.yaml).')  # fmt: skip
@click.option("--no-cache", is_flag=True, help="Parse and render everything; don't read or update the cache.")
def build(config_path: Path, output: Path | None, today: dt.datetime | None, site_url: str | None,
          base_url: str | None, repository: str | None, no_cache: bool) -> None:  # fmt: skip
    """Validate every posting and build the site; on any error, report all and change nothing.

    Rebuilds reuse a cache kept beside the output folder (.output.cache/ for output/), so only
    changed postings are parsed and only pages they show are rendered; the files are the same."""
    try:
        day = resolve_today(today)
        config = with_overrides(read_config(config_path), output, base_url, site_url, repository)
        postings = build_site(config, day, Cache.in_memory() if no_cache else None)
    except BuildFailed as failure:
        fail(failure.errors, "Build failed, the previous site was left as it was")
    except SiteError as problem:
        refuse(problem, "Build failed")
    open_count = sum(p.is_open(day) for p in postings)
    say(f"Built {len(postings)} roles ({open_count} open on {day}) into {config.output_dir}")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--format", "style", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="`github` prints annotations that show on a pull request's diff.")  # fmt: skip
@click.option("--strict", is_flag=True, help="Fail on warnings (likely mistakes) as well as errors.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Judge deadlines as of this date.")
def check(files: tuple[Path, ...], config_path: Path, style: str, strict: bool, today: dt.datetime | None) -> None:
    """Validate postings (all, or the FILES given) without building; warn of likely mistakes."""
    config = read_config(config_path)
    try:
        day = resolve_today(today)
    except SiteError as problem:
        refuse(problem, "Nothing was checked")
    count, errors, warnings = check_postings(config, files, day)
    if style == "github":
        for error in errors:
            annotate(github_annotation(error))
        for warning in warnings:
            annotate(github_annotation(warning, "error" if strict else "warning"))
    if errors or (strict and warnings):
        fail(errors or warnings, f"Checked {count} file(s)")
    for warning in warnings:
        say(str(warning), err=True)
    noted = f", with {len(warnings)} warning(s)" if warnings else ""
    say(f"All {count} posting file(s) are valid{noted}.")


@main.command()
@config_option
@click.option("--title", help="The role's title.")
@click.option("--organization", help="The organization's name.")
@click.option("--organization-url", help="The organization's website (http or https).")
@click.option("--location", "locations", multiple=True, help='A place, e.g. "London, UK" or "Philadelphia, PA, US", or '
              "Remote. Repeatable.")  # fmt: skip
@click.option("--workplace", help=f"Where the work is done: {', '.join(WORKPLACES)}.")
@click.option("--remote-regions", help="Where remote applicants may live, e.g. US, MX or EU.")
@click.option("--employment-type", help=f"One or more of: {', '.join(EMPLOYMENT_TYPES)}.")
@click.option("--hours-per-week", help="Hours a week, e.g. 20 or 5-30.")
@click.option("--salary-min", help="Lowest pay, e.g. 60,000.")
@click.option("--salary-max", help="Highest pay.")
@click.option("--currency", help="ISO 4217 currency code (default: the board's).")
@click.option("--period", help=f"What the pay is per: {', '.join(PERIODS)} (default: year).")
@click.option("--deadline", help="Last day to apply (2027-01-15, 15 January 2027) or rolling.")
@click.option("--apply", "apply_to", help="Where applications go: a link or an address.")
@click.option("--tags", help="Topics, comma-separated, e.g. policy,organizing.")
@click.option("--posted", type=click.DateTime(formats=["%Y-%m-%d"]), help="Posting date (default: today).")
@click.option("--slug", help="File name without .md (default: from title and organization).")
def new(config_path: Path, locations: tuple[str, ...], slug: str | None, posted: dt.datetime | None,
        salary_min: str | None, salary_max: str | None, currency: str | None, period: str | None,
        apply_to: str | None, **facts: Any) -> None:  # fmt: skip
    """Write a new posting file, asking for each fact and checking each answer as it is given (never overwrites
    a file; a posting whose facts disagree is still written, with what to fix)."""
    from site_builder.commands.asking import interview
    from site_builder.commands.scaffold import create, slug_for

    config = read_config(config_path)
    try:
        day = posted.date() if posted else resolve_today(None)
    except SiteError as problem:
        refuse(problem, "Nothing was written")
    given = {**facts, "location": list(locations), "apply_url": apply_to,
             "salary": {"min": salary_min, "max": salary_max, "currency": currency, "period": period}}  # fmt: skip
    answers = interview(given, _ask, lambda line: say(line, err=True), config.salary_currency)
    answers["posted"] = day
    name = slug or slug_for(answers["title"], answers["organization"])
    path, errors, written = create(config.postings_dir, name, answers, config.reading)
    if not written:
        fail(errors, "Nothing was written")
    if errors:
        fail(errors, f"Wrote {path}, but fix these first")
    say(f"Wrote {path}. Fill in the description below the front matter, then run `jobboard check`.")


def _ask(question: str, optional: bool) -> str:
    """Ask one question; an optional one may be left empty."""
    text = question + (" (optional)" if optional else "")
    return str(click.prompt(text, default="" if optional else None, show_default=False)).strip()


def _board(config_path: Path, today: dt.datetime | None, nothing: str) -> tuple[Config, dt.date, list[Posting]]:
    """The settings, the day (--today, else as `build` decides it) and every posting, for a command that reads
    the whole board; a bad setting or posting is its lines and exit 1, `nothing` saying what was not done."""
    from site_builder.build.loading import load_postings

    config = read_config(config_path)
    try:
        day = resolve_today(today)
    except SiteError as problem:
        refuse(problem, nothing)
    folder = config.postings_dir
    try:
        return config, day, load_postings(folder, config.reading, folder.parent)
    except BuildFailed as failure:
        fail(failure.errors, f"{nothing}: fix the postings first")


@main.command()
@config_option
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, 366), help="How far ahead to look.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Look ahead from this date.")
def report(config_path: Path, days: int, today: dt.datetime | None) -> None:
    """List the open roles whose deadline, or listing if open until filled, ends within DAYS days, soonest first,
    with whom to ask about each (a Markdown table, for a workflow's job summary)."""
    from site_builder.commands.reporting import report_lines

    _, day, postings = _board(config_path, today, "Nothing was reported")
    for line in report_lines(postings, day, days):
        say(line)


@main.command()
@config_option
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.5, 120), help="Seconds to wait "
              "for each link.")  # fmt: skip
@click.option("--workers", default=8, show_default=True, type=click.IntRange(1, 32), help="Links asked at once.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Decide which roles are open as of this date.")
def links(config_path: Path, timeout: float, workers: int, today: dt.datetime | None) -> None:
    """Check that each open role's apply link and organization site still answer; list those that do not."""
    from site_builder.commands.links import check_links

    config, day, postings = _board(config_path, today, "No link was checked")
    count, problems = check_links(postings, config.postings_dir.parent, day, timeout, workers)
    if problems:
        fail(problems, f"Checked {count} link(s) of open roles")
    say(f"All {count} link(s) of open roles answer.")


@main.command("issue-form")
@config_option
@click.option("--output", type=click.Path(path_type=Path), help="Write the form here (default: "
              ".github/ISSUE_TEMPLATE/post-a-role.yml beside config.yaml).")  # fmt: skip
def issue_form(config_path: Path, output: Path | None) -> None:
    """Write the GitHub issue form for posting a role without git, made from the posting format."""
    from site_builder.commands.issueform import form
    from site_builder.config import ISSUE_FORM

    config = read_config(config_path)
    target = output or config_path.resolve().parent / ".github" / "ISSUE_TEMPLATE" / ISSUE_FORM
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(form(config.salary_currency), encoding="utf-8")
    say(f"Wrote {target}")


@main.command("from-issue")
@config_option
@click.option("--event", "event_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The GitHub event's payload: $GITHUB_EVENT_PATH.")  # fmt: skip
@click.option("--permission", default="none", show_default=True, help="The sender's permission on the repository "
              "(admin, maintain, write...): only one who may merge approves.")  # fmt: skip
@click.option("--reply", "reply_path", type=click.Path(path_type=Path, dir_okay=False), help="Write the reply for "
              "the issue here (Markdown).")  # fmt: skip
@click.option("--outputs", type=click.Path(path_type=Path, dir_okay=False), help="Append `verdict=` and `path=` "
              "here: $GITHUB_OUTPUT.")  # fmt: skip
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Judge dates as of this day.")
def from_issue(config_path: Path, event_path: Path, permission: str, reply_path: Path | None, outputs: Path | None,
               today: dt.datetime | None) -> None:  # fmt: skip
    """Read a role submitted through the issue form: check it, write the reply for the issue, and once the event
    approves it (the `approved` label, or a `/approve` comment, from one who may merge) write its posting file.
    Exits 0 whatever the posting's problems (they are in the reply); 1 when the event can't be read."""
    from site_builder.commands.issueform import read_event
    from site_builder.commands.taking import take_issue

    config = read_config(config_path)
    try:
        day = resolve_today(today)
        event = read_event(event_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        fail([ContentError(str(event_path), None, "event", str(problem))], "Nothing was read")
    except SiteError as problem:
        refuse(problem, "Nothing was read")
    taken = take_issue(config, event, permission.strip().lower(), day)
    if reply_path is not None and taken.reply is not None:
        reply_path.write_text(taken.reply, encoding="utf-8")
    if outputs is not None:  # only our own words: the verdict, and a path made of a checked slug
        file = os.path.relpath(taken.file) if taken.file else ""  # as git, run where this is, names it
        with open(outputs, "a", encoding="utf-8") as handle:
            handle.write(f"verdict={taken.verdict}\npath={file}\n")
    say(f"{taken.verdict}: {taken.path}" if taken.path else taken.verdict)


@main.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, type=click.IntRange(1, 65535), show_default=True, help="Port to listen on.")
def serve(config_path: Path, host: str, port: int) -> None:
    """Build into a temporary folder, serve it with live reload, and rebuild on every change."""
    from site_builder.commands.serving import serve_site

    gc.enable()  # a long-running process: each rebuild leaves cycles (Jinja's contexts) to collect
    try:
        serve_site(config_path.resolve(), read_config(config_path), host, port)
    except SiteError as problem:
        refuse(problem, "Serve failed")
