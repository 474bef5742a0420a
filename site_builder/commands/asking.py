"""`jobboard new`'s questions: one for each fact the posting format declares a question for (content/schema),
each answer checked as it is given and asked again until it reads, so no answer is lost to a later one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from site_builder.content import fields, schema
from site_builder.content.fields import Invalid
from site_builder.content.model import PERIODS

# A question and whether it may be left empty → the answer as typed; None when there is no one to ask (answers
# from an issue form): the answer is then left out, and the posting's own check says what is missing.
Ask = Callable[[str, bool], str | None]
Tell = Callable[[str], None]  # says one line to the person answering


def interview(given: Mapping[str, Any], ask: Ask, tell: Tell, currency: str) -> dict[str, Any]:
    """Every declared fact: from `given` (the command's options) where it reads, else asked; the answers as the
    file will hold them. `currency` is the board's, offered for pay."""
    answers: dict[str, Any] = {}
    for field in schema.FIELDS:
        if field.ask is None:
            continue
        if field.key == "location":
            answers["location"] = _places(given.get("location") or [], ask, tell)
        elif field.key == "salary":
            answers["salary"] = _pay(given.get("salary") or {}, ask, tell, currency)
        elif field.key == "remote_regions" and answers.get("workplace") == "onsite":
            continue  # only remote and hybrid roles have them
        else:
            value = _answer(field, given.get(field.key), ask, tell)
            if value is not None:
                answers[_apply_key(value) if field.key == "apply_url" else field.key] = value
    return answers


def _answer(field: schema.Field, given: Any, ask: Ask, tell: Tell) -> Any:
    """One field's answer, read by its declared reader: the option's, else asked for until it reads."""
    question = (field.ask or field.label) + (f" ({', '.join(field.vocabulary)})" if field.vocabulary else "")
    return _checked(given, question, lambda written: _read(field, written), ask, tell, field.key, field.required != "yes")


def _read(field: schema.Field, written: Any) -> Any:
    """An answer as the file will hold it: read (and so checked) by the field's reader, then written plainly."""
    if field.key == "apply_url":
        return fields.email(written) if _apply_key(str(written)) == "apply_email" else fields.url(written)
    if field.key == "remote_regions":  # read with the rest of the posting; each is checked here as it is given
        items = written if isinstance(written, list) else re.split(r"[,;\n]", str(written).strip("[] "))
        regions = [item.strip() for item in items if item.strip()]
        for region in regions:
            fields.region(region)
        return regions
    if field.read is None:
        return fields.text(written)
    if not field.many:
        return _plain(field.read(written), written)
    items = written if isinstance(written, list) else [part for part in str(written).split(",") if part.strip()]
    values = [value for item in items for value in _each(field.read(item), item)]
    return values[0] if field.vocabulary and len(values) == 1 else values


def _each(value: Any, written: Any) -> list[Any]:
    """One list item's values as the file writes them (`Part-time, fixed-term` read as one item is two)."""
    return value if isinstance(value, list) else [_plain(value, written)]


def _plain(value: Any, written: Any) -> Any:
    """A read value as a person would write it in the file: text, a date or yes/no as read (`Full time` as
    full-time); a value the reader made into more (a place, a length, a deadline, hours) as it was typed."""
    if isinstance(value, str | bool | dt.date):
        return value
    typed = written.strip() if isinstance(written, str) else written
    return int(typed) if isinstance(typed, str) and typed.isdigit() else typed


def _places(given: list[str], ask: Ask, tell: Tell) -> list[str]:
    """One or more places: the options', else asked for one at a time (a place may hold commas). A place that
    does not read is asked for again."""
    found: list[str] = []
    pending = list(given)
    while True:
        written: str | None
        if pending:
            written = pending.pop(0)
        elif found and given:
            return found  # the options named the places: no more questions
        else:
            written = ask("Location (e.g. London, UK; Philadelphia, PA, US; Remote)" if not found else
                          "Another place (leave empty when done)", bool(found))  # fmt: skip
            if written is None or written == "" and found:
                return found
        try:
            fields.place(written)
        except Invalid as problem:
            tell(f"location: {problem}")
            continue
        found.append(written.strip())


def _pay(given: Mapping[str, Any], ask: Ask, tell: Tell, currency: str) -> dict[str, Any] | None:
    """The pay as a mapping: its lowest amount (or none, and no more questions), highest, currency and period."""
    low = _number(given.get("min"), "Pay: the lowest amount (e.g. 60,000; leave empty if not stated)", ask, tell, "min")
    if low is None:
        return None
    high = _number(given.get("max"), "Pay: the highest amount (leave empty for one figure)", ask, tell, "max")
    code = _checked(given.get("currency"), f"Currency [{currency}]", fields.currency, ask, tell,
                    "salary.currency") or currency  # fmt: skip
    per = _checked(given.get("period"), f"Per ({', '.join(PERIODS)}) [year]", fields.choice(PERIODS), ask, tell,
                   "salary.period") or "year"  # fmt: skip
    pay: dict[str, Any] = {"min": low}
    if high is not None:
        pay["max"] = high
    return {**pay, "currency": code, "period": per}


def _number(given: Any, question: str, ask: Ask, tell: Tell, key: str) -> int | float | None:
    """An amount as typed (`60,000`, `60k`), read and written as a plain number (an integer when it is one);
    `key`, `min` or `max`, names it in what is told."""
    amount = _checked(given, question, fields.number, ask, tell, f"salary.{key}")
    return None if amount is None else int(amount) if float(amount).is_integer() else amount


def _checked(given: Any, question: str, read: Callable[[Any], Any], ask: Ask, tell: Tell, key: str,
             optional: bool = True) -> Any:  # fmt: skip
    """An answer read by `read`: the option's, else asked for until it reads; None when an optional one is left
    empty. Each answer that does not read is told as `key: why`."""
    written = given
    while True:
        if written in (None, "", []):
            written = ask(question, optional)
            if written is None or written == "" and optional:
                return None
        try:
            return read(written)
        except Invalid as problem:
            tell(f"{key}: {problem}")
            written = None


def _apply_key(value: str) -> str:
    """The key where applications go, by the answer's kind: an address, else a link (`new` asks one question)."""
    return "apply_email" if "@" in value and not value.lower().startswith("http") else "apply_url"
