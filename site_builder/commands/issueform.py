"""Posting without git: the GitHub issue form, made from the posting format's declared questions, and the
reading of a submitted issue back into a posting file, with a comment saying what to fix.

The form asks what `jobboard new` asks (content/schema's `ask`), in the same order, so it never drifts from the
format. An issue's body is Markdown GitHub makes from the form: `### <label>`, a blank line, the answer
(`_No response_` for none; a dropdown's several choices joined by `, `).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from site_builder.content import schema
from site_builder.content.model import PERIODS
from site_builder.errors import ContentError, one_line

POSTING_LABEL = "posting"  # the form puts it on every issue it makes: only those are read
APPROVED_LABEL = "approved"  # a maintainer adds it (or comments /approve) to turn the issue into a pull request
APPROVERS = frozenset({"admin", "maintain", "write"})  # GitHub's permission levels that may merge
MAX_BODY = 128 * 1024  # as a posting file's bound: a form's answers are never larger
NO_ANSWER = "_No response_"
CONSENT = "Before you submit"  # the form's last question, a checkbox: it ends the description


@dataclass(frozen=True)
class Question:
    """One element of the issue form, and where its answer goes in the posting (`salary.min`: one key in)."""

    id: str  # GitHub's id for it: letters, digits, `-` and `_` (also the query parameter that prefills it)
    label: str
    kind: str  # input, textarea or dropdown
    key: str
    description: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    multiple: bool = False


def questions(currency: str) -> tuple[Question, ...]:
    """The form's questions: each declared field `jobboard new` asks for, pay in its parts, then the description."""
    found: list[Question] = []
    for field in schema.FIELDS:
        if field.ask is None:
            continue
        if field.key == "salary":
            found += _pay_questions(currency)
        else:
            found.append(_question(field))
    found.append(Question("description", "Description", "textarea", "body", "What the person will do, what you "
                          "look for, pay and benefits, how to apply. Markdown works; HTML is shown as text.", True))  # fmt: skip
    return tuple(found)


def _question(field: schema.Field) -> Question:
    """A field's question: a dropdown for a vocabulary (several choices for a list), else a line of text."""
    required = field.required == "yes"
    if field.vocabulary:
        options = tuple(term.label for term in field.vocabulary.values())
        several = "Choose every one that applies." if field.many else ""
        return Question(field.key, field.label, "dropdown", field.key, several, required, options,
                        multiple=bool(field.many))  # fmt: skip
    if field.key == "rolling_review":
        return Question(field.key, field.ask or field.label, "dropdown", field.key, options=("Yes", "No"))
    if field.key == "location":
        return Question(field.key, "Location", "textarea", field.key, "One place a line, as you would write it: "
                        "`London, UK`, `Philadelphia, PA`, `Remote`, `Remote (EU)`.", True)  # fmt: skip
    if field.key == "apply_url":
        return Question("apply", "How to apply", "input", "apply_url", "A link to apply at, or an email address.", True)
    return Question(field.key, field.ask or field.label, "input", field.key, _plain(field.doc), required)


def _pay_questions(currency: str) -> list[Question]:
    """Pay as `new` asks it: the lowest amount, the highest, the currency and what it is per."""
    return [
        Question("salary_min", "Pay: lowest amount", "input", "salary.min", "e.g. `60,000` or `60k`; leave empty "
                 "if the pay is not stated (pay-transparency laws in many places require it)."),
        Question("salary_max", "Pay: highest amount", "input", "salary.max", "Leave empty for one figure."),
        Question("salary_currency", "Pay: currency", "input", "salary.currency", f"ISO 4217, e.g. `{currency}`, "
                 "`EUR`, `GBP`."),
        Question("salary_period", "Pay: per", "dropdown", "salary.period", options=tuple(PERIODS)),
    ]  # fmt: skip


def _plain(doc: str) -> str:
    """A field's docs for the form, without the README's table cell formatting."""
    return doc.replace("|", "/")


def form(currency: str) -> str:
    """The issue form's YAML (`.github/ISSUE_TEMPLATE/post-a-role.yml`)."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": (
        "Fill in what your posting says; leave out what it does not. The board checks your answers and replies "
        "here with anything to fix: edit the issue and it checks again. Once a maintainer approves, a pull "
        "request adds the role, and it is live when that is merged.")}}]  # fmt: skip
    for q in questions(currency):
        attributes: dict[str, Any] = {"label": q.label}
        if q.description:
            attributes["description"] = q.description
        if q.kind == "dropdown":
            attributes |= {"options": list(q.options), "multiple": q.multiple}
        element: dict[str, Any] = {"type": q.kind, "id": q.id, "attributes": attributes}
        if q.required:
            element["validations"] = {"required": True}
        body.append(element)
    body.append({"type": "checkboxes", "id": "consent", "attributes": {"label": CONSENT, "options": [
        {"label": "The role is open, and I may post it for this organization.", "required": True}]}})  # fmt: skip
    data = {"name": "Post a role", "description": "Add a role to the board without git.", "title": "Role: ",
            "labels": [POSTING_LABEL], "body": body}  # fmt: skip
    header = "# Made by `jobboard issue-form` from the posting format (site_builder/content/schema.py): don't edit.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def answers_of(body: str, currency: str) -> dict[str, str]:
    """A submitted form's answers by question id, from the issue's body (empty and unanswered ones left out)."""
    by_label = {q.label: q for q in questions(currency)}
    found: dict[str, str] = {}
    for label, answer in _sections(body, [*by_label, CONSENT]):
        question = by_label.get(label)
        unanswered = answer == NO_ANSWER or answer == "None" and question is not None and question.kind == "dropdown"
        if question is not None and answer and not unanswered:
            found[question.id] = answer
    return found


def _sections(body: str, labels: list[str]) -> Iterator[tuple[str, str]]:
    """Each of the form's `### label` headings, found in the form's order, and the text under it. A heading of the
    poster's own in the description, even one that repeats a label, stays in it: each label is looked for only
    after the one before it, and the last one (the checkbox after the description) at its last place."""
    text = body.replace("\r\n", "\n")
    found: list[tuple[str, int, int]] = []
    start = 0
    for number, label in enumerate(labels):
        pattern = re.compile(rf"^### {re.escape(label)}[ \t]*$", re.MULTILINE)
        matches = list(pattern.finditer(text, start)) if number == len(labels) - 1 else [pattern.search(text, start)]
        heading = matches[-1] if matches else None
        if heading is not None:
            found.append((label, heading.start(), heading.end()))
            start = heading.end()
    for index, (label, _, end) in enumerate(found):
        stop = found[index + 1][1] if index + 1 < len(found) else len(text)
        yield label, text[end:stop].strip("\n").strip()


def given_of(answers: Mapping[str, str], currency: str) -> tuple[dict[str, Any], str]:
    """The answers as `jobboard new`'s options (pay as a mapping, places as a list), and the description."""
    given: dict[str, Any] = {"salary": {}}
    for q in questions(currency):
        answer = answers.get(q.id)
        if answer is None or q.key == "body":
            continue
        if q.key == "location":
            given["location"] = [line.strip(" -*\t") for line in answer.splitlines() if line.strip(" -*\t")]
        elif q.key.startswith("salary."):
            given["salary"][q.key.split(".", 1)[1]] = answer
        else:
            given[q.key] = answer
    return given, answers.get("description", "").strip() + "\n"


def label_of(key: str, currency: str) -> str:
    """The form's label for a posting key in a problem (`salary.min` → `Pay: lowest amount`), else the key."""
    keys = {q.key: q.label for q in questions(currency)}
    keys |= {"apply_email": keys.get("apply_url", "apply_url"), "body": "Description"}
    return keys.get(key) or keys.get(key.split(".")[0]) or key


def comment(problems: list[ContentError], warnings: list[ContentError], path: str | None, text: str | None,
            currency: str) -> str:  # fmt: skip
    """The reply on the issue: what to fix, each by the form's label; or the file the role would be, to approve."""
    lines = ["<!-- jobboard: posting check -->"]
    if problems:
        lines += ["**Some answers need a change before this role can go on the board.** Edit the issue (the ⋯ "
                  "menu, then Edit) and it is checked again.", ""]  # fmt: skip
        lines += [f"- **{label_of(p.field, currency)}**: {_inert(p.message)}" for p in problems]
    else:
        lines += [f"**This posting reads well.** A maintainer will look at it; when they approve (the "
                  f"`{APPROVED_LABEL}` label, or a comment `/approve`), a pull request adds `{path}`."]  # fmt: skip
    if warnings:
        lines += ["", "Worth a look (the role can be posted as it is):", ""]
        lines += [f"- **{label_of(w.field, currency)}**: {_inert(w.message.removeprefix('warning: '))}" for w in warnings]
    if text is not None and not problems:
        fence = "~" * max(3, 1 + max((len(run) for run in re.findall(r"~+", text)), default=0))
        lines += ["", "<details><summary>The file</summary>", "", f"{fence}markdown", text.rstrip("\n"), fence, "",
                  "</details>"]  # fmt: skip
    return "\n".join(lines) + "\n"


def _inert(message: str) -> str:
    """A problem's message as one code span, which GitHub shows as it is: it quotes what a stranger wrote, and
    in a code span no mention, link, reference or formatting is live (its fence is longer than any backtick run
    inside it, so nothing can close it early)."""
    text = one_line(message)
    fence = "`" * (1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{fence} {text} {fence}"


def approves(event: Mapping[str, Any], permission: str) -> bool:
    """Whether a GitHub event approves its issue's posting: a form's issue (labelled `posting`), labelled
    `approved` or commented `/approve`, by someone whose permission on the repository lets them merge."""
    issue = _mapping(event.get("issue"))
    if POSTING_LABEL not in labels(issue) or issue.get("pull_request") or issue.get("state") == "closed":
        return False
    if event.get("action") == "labeled":
        asked = str(_mapping(event.get("label")).get("name", "")).casefold() == APPROVED_LABEL
    elif event.get("action") == "created":
        asked = str(_mapping(event.get("comment")).get("body", "")).strip().casefold() == "/approve"
    else:
        return False
    return asked and permission in APPROVERS


def labels(issue: Mapping[str, Any]) -> set[str]:
    """An issue's labels, by name in any case (GitHub's own label matching ignores case)."""
    return {str(label.get("name", "")).casefold() for label in issue.get("labels") or [] if isinstance(label, dict)}


def _mapping(value: Any) -> Mapping[str, Any]:
    """A payload's object, or an empty one where the payload has something else."""
    return value if isinstance(value, dict) else {}


def read_event(text: str) -> dict[str, Any]:
    """A GitHub event's payload (bounded: a payload is the issue and its metadata)."""
    if len(text) > 4 * MAX_BODY:
        raise ValueError("the event is larger than any issue")
    try:
        event = json.loads(text)
    except RecursionError:
        raise ValueError("the event is nested deeper than any issue's") from None
    if not isinstance(event, dict) or not isinstance(event.get("issue"), dict):
        raise ValueError("the event is not about an issue")
    return event
