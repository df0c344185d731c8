"""Secrets a request carries, and keeping them with the origin they were meant for.

Two uses:

* :class:`CredentialScope` follows a redirect chain. The headers a caller
  passes to ``Fetcher.fetch`` (the Fact Check API key in ``X-Goog-Api-Key``,
  an ``Authorization``) belong to the origin -- scheme, host and port -- of
  the URL asked for. Once a redirect leaves that origin, for another host or
  port or from https to http, only harmless headers (:data:`PORTABLE_HEADERS`)
  go on, the target URL loses any user-info, and query parameters that repeat
  one of the caller's secrets are dropped (a server that redirects with its
  own ``$request_uri`` would otherwise pass ``?key=...`` along). The scope
  does not come back when a later hop returns to the origin: the chain is in
  other hands by then. Browsers and ``requests`` strip ``Authorization`` the
  same way.
* :func:`secret_params` names the query parameters that look like secrets
  (``token``, ``api_key``, ``X-Amz-Signature``...), which archiving uses to
  refuse sending such a URL to a third party.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, unquote, urlencode

import attrs
import httpx

__all__ = [
    "PORTABLE_HEADERS",
    "SECRET_WORDS",
    "CredentialScope",
    "is_secret_param",
    "origin",
    "redact_url",
    "secret_params",
]

PORTABLE_HEADERS = frozenset({"accept", "accept-language", "cache-control", "pragma", "user-agent"})
"""Caller headers that carry nothing secret and follow a redirect to another origin."""

SECRET_WORDS = frozenset(
    {
        "apikey",
        "auth",
        "authorization",
        "credential",
        "credentials",
        "hmac",
        "jsessionid",
        "jwt",
        "key",
        "otp",
        "passwd",
        "password",
        "phpsessid",
        "pwd",
        "secret",
        "sessid",
        "session",
        "sessionid",
        "sid",
        "sig",
        "signature",
        "token",
    }
)
"""Words that make a query parameter a secret, wherever they stand in its name (``api_key``, ``X-Amz-Signature``)."""

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")

Origin = tuple[str, str, int]


def origin(url: httpx.URL) -> Origin:
    """(scheme, host, port) of ``url``, the port made explicit."""
    scheme = url.scheme.lower()
    port = url.port or (443 if scheme == "https" else 80)
    return scheme, url.raw_host.decode("ascii", "replace").lower(), port


def is_secret_param(name: str) -> bool:
    """True when a query parameter's name says it holds a secret: ``token``, ``apiKey``, ``client_secret``..."""
    words = [w.lower() for w in _WORD.findall(name)]
    joined = "".join(words)
    return any(w in SECRET_WORDS for w in words) or joined in SECRET_WORDS


def secret_params(url: httpx.URL) -> list[str]:
    """Names of the query parameters of ``url`` that look like secrets, in order, each once."""
    names = (name for name, _ in parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True))
    return list(dict.fromkeys(name for name in names if is_secret_param(name)))


def _header_secrets(headers: Mapping[str, str]) -> frozenset[str]:
    values: set[str] = set()
    for name, value in headers.items():
        if name.lower() in PORTABLE_HEADERS or not value.strip():
            continue
        values.add(value.strip())
        scheme, _, credential = value.strip().partition(" ")
        if credential.strip() and scheme.isalpha():  # "Bearer abc", "Basic ..."
            values.add(credential.strip())
    return frozenset(values)


@attrs.frozen
class CredentialScope:
    """The caller's headers and secrets for one fetch, and the origin they may be sent to."""

    home: Origin
    headers: dict[str, str]
    header_secrets: frozenset[str]
    url_secrets: frozenset[str]
    left: bool = False

    @classmethod
    def of(cls, url: httpx.URL, headers: Mapping[str, str]) -> CredentialScope:
        """The scope of a fetch of ``url`` with the caller's ``headers``."""
        query = parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
        url_secrets = {value for name, value in query if value and is_secret_param(name)}
        if url.userinfo:
            url_secrets.update(unquote(part) for part in url.userinfo.decode("ascii", "replace").split(":") if part)
        return cls(origin(url), dict(headers), _header_secrets(headers), frozenset(url_secrets))

    def follow(self, target: httpx.URL) -> tuple[CredentialScope, httpx.URL]:
        """The scope for a redirect to ``target``, and the target with any secret of the caller removed."""
        scope = self if self.left or origin(target) == self.home else attrs.evolve(self, left=True)
        return scope, scope.scrub(target)

    def request_headers(self) -> dict[str, str]:
        """The caller's headers this hop may carry: all of them at home, the portable ones elsewhere."""
        if not self.left:
            return self.headers
        return {k: v for k, v in self.headers.items() if k.lower() in PORTABLE_HEADERS}

    def scrub(self, url: httpx.URL) -> httpx.URL:
        """``url`` without user-info and without query parameters that repeat a secret, once away from home."""
        if not self.left:
            return url
        if url.userinfo:
            url = url.copy_with(username=None, password=None)
        if not url.query:
            return url
        pairs = parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not self._carries_secret(k, v)]
        if len(kept) == len(pairs):
            return url
        return url.copy_with(query=urlencode(kept).encode("ascii") if kept else None)

    def _carries_secret(self, name: str, value: str) -> bool:
        if not value:
            return False
        return value in self.header_secrets or (value in self.url_secrets and is_secret_param(name))


def redact_url(url: httpx.URL) -> str:
    """``url`` for messages: the password and the values of secret query parameters replaced by ``***``."""
    if url.password:
        url = url.copy_with(username=url.username, password="***")
    if not url.query:
        return str(url)
    pairs = parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
    if not any(is_secret_param(name) for name, _ in pairs):
        return str(url)
    shown = [(k, "***" if is_secret_param(k) and v else v) for k, v in pairs]
    return str(url.copy_with(query=urlencode(shown, safe="*").encode("ascii")))
