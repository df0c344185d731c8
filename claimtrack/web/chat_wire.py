"""The wire side of a chat-completions call: the reply's JSON shape, the cache entry, the budgets,
the API key's resolution and the mapping of transport errors. Used by :mod:`claimtrack.web.chat`.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict

from claimtrack.errors import FetchError
from claimtrack.web.chat_values import (
    API_KEY_VARIABLE,
    CACHE_FORMAT,
    OPENAI_KEY_VARIABLE,
    ChatBudgetError,
    ChatReply,
    ChatRequest,
    ChatSettings,
    OutputT,
    TokenUsage,
)
from claimtrack.web.errors import (
    FetchTimeoutError,
)
from claimtrack.web.exchange import Retryable, map_httpx_error

__all__ = [
    "Budget",
    "CacheEntry",
    "Completion",
    "Wire",
    "WireChoice",
    "WireMessage",
    "WireUsage",
    "is_openai",
    "late_error",
    "mapped_error",
    "read_cached",
    "resolve_key",
    "write_cached",
]

_OPENAI_ORIGIN = ("https", "api.openai.com", 443)
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_ERROR_BODY_BYTES = 64 * 1024
_SHOWN = 300

# -- the wire format of a reply ----------------------------------------------------------


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class WireMessage(Wire):
    content: str | None = None
    refusal: str | None = None


class WireChoice(Wire):
    message: WireMessage
    finish_reason: str | None = None


class WireUsage(Wire):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class Completion(Wire):
    model: str | None = None
    choices: list[WireChoice]
    usage: WireUsage | None = None


class CacheEntry(Wire):
    format: Literal[1]
    model: str
    prompt_version: str
    name: str
    served_by: str | None = None
    content: str


# -- budgets -----------------------------------------------------------------------------


class Budget:
    """Tokens and time a client may still spend; shared by every loop the client runs on."""

    def __init__(self, tokens: int | None, seconds: float | None) -> None:
        self.tokens = tokens
        self.seconds = seconds
        self.used = 0
        self.reserved = 0
        self.deadline: float | None = None
        self.lock = threading.Lock()

    def reserve(self, need: int, now: float) -> int:
        """Start the clock on the first request, then hold ``need`` tokens; ChatBudgetError if they do not fit."""
        with self.lock:
            if self.deadline is None and self.seconds is not None:
                self.deadline = now + self.seconds
            self._check_time(now)
            if self.tokens is None:
                return 0
            if self.used + self.reserved + need > self.tokens:
                held = f", {self.reserved:,} held by requests in flight" if self.reserved else ""
                raise ChatBudgetError(
                    f"{self.used:,} of {self.tokens:,} tokens used{held}; the next request may need {need:,} "
                    f"(its prompt, estimated, and max_tokens)",
                    which="tokens",
                )
            self.reserved += need
            return need

    def settle(self, held: int, spent: int) -> None:
        """Release ``held`` tokens and count the ``spent`` ones."""
        with self.lock:
            self.reserved -= held
            self.used += spent

    def remaining(self, now: float) -> float | None:
        """Seconds left of the time budget (None: no time budget); ChatBudgetError when none are left."""
        with self.lock:
            self._check_time(now)
            return None if self.deadline is None else self.deadline - now

    def _check_time(self, now: float) -> None:
        if self.deadline is not None and now >= self.deadline:
            raise ChatBudgetError(f"the time budget of {self.seconds:g} s has run out", which="time")


def late_error(url: str, timeout: float) -> FetchTimeoutError:
    return FetchTimeoutError(f"no complete reply within {timeout:g} s", url=url)


def mapped_error(exc: httpx.HTTPError, url: str, timeout: float) -> FetchError | Retryable:
    """:func:`map_httpx_error`, with httpx's own read/write timeouts told like the total deadline (same message)."""
    if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout):
        return late_error(url, timeout)
    return map_httpx_error(exc, url)


def is_openai(base_url: str) -> bool:
    url = httpx.URL(base_url)
    return (url.scheme, url.host, url.port or 443) == _OPENAI_ORIGIN


def resolve_key(settings: ChatSettings, environ: Mapping[str, str] | None) -> str | None:
    env = os.environ if environ is None else environ
    key = env.get(settings.api_key_env, "").strip()
    if not key and settings.api_key_env == API_KEY_VARIABLE and is_openai(settings.base_url):
        key = env.get(OPENAI_KEY_VARIABLE, "").strip()
    return key or None


def read_cached(path: Path, key: str, request: ChatRequest[OutputT]) -> ChatReply[OutputT] | None:
    """The reply cached at ``path``, or None: missing, unreadable, or written for another shape (ask again)."""
    try:
        entry = CacheEntry.model_validate_json(path.read_bytes())
        value = request.output.model_validate_json(entry.content)
    except (OSError, ValueError):
        return None
    return ChatReply(
        value=value,
        model=entry.model,
        served_by=entry.served_by,
        prompt_version=entry.prompt_version,
        usage=TokenUsage(),
        from_cache=True,
        key=key,
    )


def write_cached(path: Path, reply: ChatReply[OutputT], request: ChatRequest[OutputT]) -> None:
    """Write ``reply`` to ``path`` atomically (temporary file, then rename); a failure skips the cache."""
    entry = CacheEntry(
        format=CACHE_FORMAT,
        model=reply.model,
        prompt_version=reply.prompt_version,
        name=request.name,
        served_by=reply.served_by,
        content=reply.value.model_dump_json(),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".tmp-", suffix=".json", delete=False) as f:
            f.write(entry.model_dump_json(indent=1).encode("utf-8"))
            temp = Path(f.name)
        os.replace(temp, path)
    except OSError:
        return
