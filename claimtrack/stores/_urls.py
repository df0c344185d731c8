"""Secrets out of database locations: one redaction for every form a PostgreSQL target takes.

A PostgreSQL ledger is named by a URL (``postgresql://user:password@host/db?...``) or, in
libpq's keyword/value form, by ``host=... password=...``. Either may carry secrets:

- the password of the user-info, which may hold an unencoded ``@`` (``u:p@ss@host``: the
  *last* ``@`` before the host ends the user-info);
- query parameters or keywords naming a secret or a secret file: ``password``, ``passfile``,
  ``sslpassword``, ``sslkey`` (see :data:`SECRET_KEYS`).

:func:`redact` takes any text (a target, an error message of the driver that may echo the
target) and replaces each secret with ``***``; :func:`secrets_of` lists the secrets of a target
so that a message quoting them in another shape can be scrubbed too (:func:`scrub`). Every
place that builds a store's ``location`` or an error message uses these.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

__all__ = ["MASK", "SECRET_KEYS", "normalised_url", "redact", "scrub", "secrets_of"]

MASK = "***"

SECRET_KEYS = ("password", "passfile", "sslpassword", "sslkey")
"""libpq parameters whose values are secrets or name files holding them (redacted in both forms)."""

_KEYS = "|".join(SECRET_KEYS)
_URL = re.compile(r"postgres(?:ql)?://[^\s'\"<>]*", re.IGNORECASE)
_QUERY_SECRET = re.compile(rf"([?&](?:{_KEYS})=)[^&#]*", re.IGNORECASE)
_KEYWORD_SECRET = re.compile(rf"(?<![\w.-])((?:{_KEYS})\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s'][^\s]*)", re.IGNORECASE)


def _split_url(url: str) -> tuple[str, str | None, str]:
    """(``scheme://``, user-info or None, the rest: host, path, query); the user-info ends at the last ``@``.

    The last ``@`` before the query (``?``) or fragment: a password may hold ``@`` and ``/``
    unencoded, a host never holds ``@``.
    """
    head, _, rest = url.partition("://")
    head += "://"
    end = len(rest)
    for stop in "?#":
        found = rest.find(stop)
        if found != -1:
            end = min(end, found)
    at = rest.rfind("@", 0, end)
    if at == -1:
        return head, None, rest
    return head, rest[:at], rest[at + 1 :]


def _redact_url(url: str) -> str:
    head, userinfo, rest = _split_url(url)
    if userinfo is not None and ":" in userinfo:
        user = userinfo.split(":", 1)[0]
        url = f"{head}{user}:{MASK}@{rest}"
    return _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, url)


def redact(text: str) -> str:
    """``text`` with every secret of every PostgreSQL URL and keyword/value pair in it replaced by ``***``."""
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        out.append(_KEYWORD_SECRET.sub(lambda m: m.group(1) + MASK, text[last : match.start()]))
        out.append(_redact_url(match.group()))
        last = match.end()
    out.append(_KEYWORD_SECRET.sub(lambda m: m.group(1) + MASK, text[last:]))
    return "".join(out)


def secrets_of(target: str) -> tuple[str, ...]:
    """The secret values ``target`` holds (decoded and as written), longest first: for :func:`scrub`."""
    found: set[str] = set()
    for match in _URL.finditer(target):
        _, userinfo, rest = _split_url(match.group())
        if userinfo is not None and ":" in userinfo:
            found.add(userinfo.split(":", 1)[1])
        for query in re.finditer(rf"[?&](?:{_KEYS})=([^&#]*)", rest, re.IGNORECASE):
            found.add(query.group(1))
    for keyword in _KEYWORD_SECRET.finditer(_URL.sub(" ", target)):
        found.add(keyword.group(2).strip("'"))
    values = {value for value in found if value} | {unquote(value) for value in found if value}
    return tuple(sorted(values, key=len, reverse=True))


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` (a driver's message) with URLs and keywords redacted and every known secret masked.

    A driver reading ``u:p@ss@host`` at the *first* ``@`` reports the host ``ss@host``: each
    part of a secret after one of its ``@`` is masked where it is followed by ``@`` too.
    """
    text = redact(text)
    for secret in secrets:
        text = text.replace(secret, MASK)
        pieces = secret.split("@")
        for i in range(1, len(pieces)):
            text = text.replace("@".join(pieces[i:]) + "@", MASK + "@")
    return " ".join(text.split())


def normalised_url(url: str) -> str:
    """``url`` with an unencoded ``@`` (or ``/``, ``?``, ``#``) of its user-info percent-encoded.

    libpq ends the user-info at the *first* ``@``, so ``u:p@ss@host`` would connect to the host
    ``ss@host`` with the password ``p``; encoded, it means what its writer meant.
    """
    head, userinfo, rest = _split_url(url)
    if userinfo is None or not any(c in userinfo for c in "@/?#"):
        return url
    user, colon, password = userinfo.partition(":")
    safe = "%!$&'()*+,;=:~-._"
    encoded = quote(user, safe=safe.replace(":", "")) + colon + quote(password, safe=safe)
    return f"{head}{encoded}@{rest}"
