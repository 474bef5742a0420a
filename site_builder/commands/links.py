"""`jobboard links`: whether each open role's apply link and organization site still answer.

Each URL is asked once (HEAD, then GET where a server refuses HEAD), redirects followed, with a time-out,
a few at a time. Nothing is read past the status line and headers. What failed is one line each, with
its place, like an error.
"""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from site_builder.content.advice import key_lines
from site_builder.content.model import Posting
from site_builder.errors import ContentError, in_order

LINK_FIELDS = ("apply_url", "organization_url")
USER_AGENT = "jobboard-links/1 (checks that a job board's links still work)"
_HEAD_REFUSED = (400, 403, 405, 406, 501)  # codes some servers give HEAD alone: ask again with GET


def links_of(postings: Iterable[Posting], today: dt.date) -> dict[str, list[tuple[Posting, str]]]:
    """Each URL open roles link to (apply link, organization site) → the roles and fields that link to it."""
    found: dict[str, list[tuple[Posting, str]]] = {}
    for posting in postings:
        if posting.is_open(today):
            for field in LINK_FIELDS:
                url = getattr(posting, field)
                if url:
                    found.setdefault(url, []).append((posting, field))
    return found


def check_links(postings: list[Posting], root: Path, today: dt.date, timeout: float, workers: int,
                probe: Callable[[str, float], str | None] | None = None) -> tuple[int, list[ContentError]]:  # fmt: skip
    """How many URLs were asked, and one problem for each role and field whose URL failed, with why."""
    wanted = links_of(postings, today)
    ask = probe or answer
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        verdicts = dict(zip(wanted, pool.map(lambda url: ask(url, timeout), wanted), strict=True))
    problems = []
    for url, why in verdicts.items():
        if why is None:
            continue
        for posting, field in wanted[url]:
            problems.append(ContentError(posting.source, _line(root, posting.source, field), field, f"{url}: {why}"))
    return len(wanted), in_order(problems)


def _line(root: Path, source: str, field: str) -> int | None:
    """The line of a key in a posting file (None if the file cannot be read now)."""
    try:
        return key_lines((root / source).read_text(encoding="utf-8-sig")).get(field)
    except (OSError, ValueError):
        return None


def answer(url: str, timeout: float) -> str | None:
    """None if the URL answers (2xx after redirects), else why not: `404 Not Found`, `timed out after 10 s`,
    `connection refused`…"""
    opener = urllib.request.build_opener()  # follows up to 10 redirects, and refuses loops
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with opener.open(request, timeout=timeout):
                return None  # the body is never read
        except urllib.error.HTTPError as problem:
            if method == "HEAD" and problem.code in _HEAD_REFUSED:
                continue
            return f"{problem.code} {problem.reason}".strip()
        except urllib.error.URLError as problem:
            return _reason(problem.reason, timeout)
        except TimeoutError:
            return f"timed out after {timeout:g} s"
        except (http.client.HTTPException, ssl.SSLError, OSError, ValueError) as problem:
            return _reason(problem, timeout)
    return None


def _reason(reason: object, timeout: float) -> str:
    """A failure to connect, said plainly."""
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed ({getattr(reason, 'reason', None) or reason})"
    return str(getattr(reason, "strerror", None) or reason)
