"""What a chat-completions call is made of: settings, requests, replies, errors, the schema and the cache key.

The values :class:`~claimtrack.web.chat.ChatClient` takes and returns, kept apart from
the client (which does the I/O) so each module does one job. See
:mod:`claimtrack.web.chat` for how they are used and the safety rules.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import attrs
import httpx
from pydantic import BaseModel

from claimtrack.errors import ClaimtrackError, FetchError
from claimtrack.web.config import DEFAULT_USER_AGENT, RetryPolicy
from claimtrack.web.errors import (
    BadStatusError,
    ConnectionFailedError,
    FetchTimeoutError,
    RateLimitedError,
)

__all__ = [
    "API_KEY_VARIABLE",
    "CACHE_FORMAT",
    "CACHE_VARIABLE",
    "MODEL_VARIABLE",
    "OPENAI_KEY_VARIABLE",
    "URL_VARIABLE",
    "ChatBudgetError",
    "ChatError",
    "ChatFailure",
    "ChatMessage",
    "ChatNotConfiguredError",
    "ChatOutcome",
    "ChatReply",
    "ChatReplyError",
    "ChatRequest",
    "ChatSettings",
    "ChatStats",
    "OutputT",
    "TokenUsage",
    "cache_key",
    "estimate_tokens",
    "failure_code",
    "strict_schema",
    "system_prompt_for",
]

URL_VARIABLE = "CLAIMTRACK_CHAT_URL"
"""The API root of the chat-completions server, e.g. ``http://localhost:8080/v1``."""
MODEL_VARIABLE = "CLAIMTRACK_CHAT_MODEL"
"""The model to ask (``gpt-4o-mini``, ``qwen2.5:7b-instruct``...); recorded on every draft."""
API_KEY_VARIABLE = "CLAIMTRACK_CHAT_API_KEY"
"""The API key, for servers that want one; sent as ``Authorization: Bearer ...`` to the configured origin only."""
OPENAI_KEY_VARIABLE = "OPENAI_API_KEY"
"""Read only when :data:`API_KEY_VARIABLE` is unset and the endpoint is ``https://api.openai.com``."""
CACHE_VARIABLE = "CLAIMTRACK_CHAT_CACHE"
"""A folder for cached replies (off when unset)."""

_NUMBER_VARIABLES = {
    "timeout": "CLAIMTRACK_CHAT_TIMEOUT",
    "max_concurrency": "CLAIMTRACK_CHAT_CONCURRENCY",
    "max_tokens": "CLAIMTRACK_CHAT_MAX_TOKENS",
    "token_budget": "CLAIMTRACK_CHAT_TOKEN_BUDGET",
    "time_budget": "CLAIMTRACK_CHAT_TIME_BUDGET",
}
_REQUIRED_VARIABLES = {"base_url": URL_VARIABLE, "model": MODEL_VARIABLE}
_INTEGER_SETTINGS = frozenset({"max_concurrency", "max_tokens", "token_budget"})

_SCHEMA_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CACHE_FORMAT: Literal[1] = 1

OutputT = TypeVar("OutputT", bound=BaseModel)


# -- errors ------------------------------------------------------------------------------


class ChatError(ClaimtrackError):
    """A model call that failed for a reason other than the network: see the subclasses.

    ``code`` is a stable snake_case name for problem reports (``chat_malformed_reply``...).
    """

    code = "chat_error"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class ChatNotConfiguredError(ChatError, LookupError):
    """No chat-completions endpoint is configured, or a setting in the environment is unusable.

    ``variables`` names the environment variables to set or fix.
    """

    code = "chat_not_configured"

    def __init__(self, message: str, *, variables: Sequence[str]) -> None:
        self.variables = tuple(variables)
        super().__init__(message)


class ChatReplyError(ChatError):
    """The server answered, but the answer is unusable: not JSON, not the schema, refused or cut off.

    ``code`` says which (``chat_malformed_reply``, ``chat_schema_mismatch``,
    ``chat_refused``, ``chat_truncated``, ``chat_bad_envelope``); ``retryable`` whether
    asking again could help (a refusal or a cut-off reply would only repeat).
    """

    def __init__(self, message: str, *, code: str, url: str, retryable: bool = True) -> None:
        self.code = code
        self.url = url
        self.retryable = retryable
        super().__init__(f"{url}: {message}")


class ChatBudgetError(ChatError):
    """The token or time budget of the client is spent; ``which`` is ``"tokens"`` or ``"time"``."""

    code = "chat_budget_exhausted"

    def __init__(self, message: str, *, which: Literal["tokens", "time"]) -> None:
        self.which = which
        super().__init__(f"{which} budget exhausted: {message}")


ChatFailure = FetchError | ChatError
"""What one request can fail with: a network :class:`~claimtrack.errors.FetchError` or a :class:`ChatError`."""


def failure_code(error: ChatFailure) -> str:
    """A stable problem code for a failed request: ``chat_timeout``, ``chat_rate_limited``, ``chat_truncated``..."""
    if isinstance(error, ChatError):
        return error.code
    if isinstance(error, FetchTimeoutError):
        return "chat_timeout"
    if isinstance(error, RateLimitedError):
        return "chat_rate_limited"
    if isinstance(error, BadStatusError):
        return "chat_http_status"
    if isinstance(error, ConnectionFailedError):
        return "chat_connection_failed"
    return "chat_request_failed"


# -- settings ----------------------------------------------------------------------------


def _endpoint(value: str) -> str:
    """The API root as given, trailing ``/`` and a pasted ``/chat/completions`` removed; ValueError if unusable.

    The value is never echoed: a URL with a password in it must not end up in a message.
    """
    text = str(value).strip().rstrip("/")
    text = text.removesuffix("/chat/completions")
    try:
        url = httpx.URL(text)
        host = url.host
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise ValueError(f"the chat base URL cannot be read ({type(exc).__name__})") from None
    if url.scheme not in ("http", "https") or not host:
        raise ValueError("the chat base URL must be an http(s) URL with a host, such as http://localhost:8080/v1")
    if url.userinfo or url.query or url.fragment:
        raise ValueError(
            f"the chat base URL may not carry user-info, a query or a fragment; put the key in ${API_KEY_VARIABLE}"
        )
    return text


def _seconds(value: float) -> float:
    if value <= 0:
        raise ValueError(f"must be > 0 seconds, got {value}")
    return float(value)


def _optional_seconds(value: float | None) -> float | None:
    return None if value is None else _seconds(value)


def _optional_path(value: str | Path | None) -> Path | None:
    return None if value is None or value == "" else Path(value)


_at_least_1 = attrs.validators.ge(1)


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} may not be empty")


@attrs.frozen(kw_only=True)
class ChatSettings:
    """Where the model is and how it may be used; a frozen value, like the Fetcher's setting groups.

    ``base_url`` is the API root (the part before ``/chat/completions``: ``.../v1`` for
    every server named above). ``api_key_env`` names the variable the key is read from
    when a client is built. ``timeout`` bounds one request, connection to last byte;
    ``connect_timeout`` the connection alone. ``max_tokens`` is sent with each request.
    ``token_budget`` (tokens) and ``time_budget`` (seconds) bound the whole life of one
    client (None: no bound). ``retries`` governs 429/5xx and connection failures.
    ``cache_dir`` turns the reply cache on. A bad value is a ``ValueError`` here.

    Defaults: 120 s per request (local models are slow), 4 at once, 1024 tokens per
    reply, no budgets, 3 retries honouring a ``Retry-After`` of up to 60 s, no cache.
    """

    base_url: str = attrs.field(converter=_endpoint)
    model: str = attrs.field(validator=_non_empty)
    api_key_env: str = API_KEY_VARIABLE
    timeout: float = attrs.field(default=120.0, converter=_seconds)
    connect_timeout: float = attrs.field(default=10.0, converter=_seconds)
    max_concurrency: int = attrs.field(default=4, validator=_at_least_1)
    max_tokens: int = attrs.field(default=1024, validator=_at_least_1)
    token_budget: int | None = attrs.field(default=None, validator=attrs.validators.optional(_at_least_1))
    time_budget: float | None = attrs.field(default=None, converter=_optional_seconds)
    retries: RetryPolicy = attrs.field(
        factory=lambda: RetryPolicy(max_retries=3, max_retry_after=60.0),
        validator=attrs.validators.instance_of(RetryPolicy),
    )
    cache_dir: Path | None = attrs.field(default=None, converter=_optional_path)
    temperature: float = 0.0
    max_reply_bytes: int = attrs.field(default=4 * 1024 * 1024, validator=_at_least_1)
    trust_env: bool = False
    user_agent: str = DEFAULT_USER_AGENT

    @property
    def completions_url(self) -> str:
        """``{base_url}/chat/completions``."""
        return f"{self.base_url}/chat/completions"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ChatSettings:
        """Settings from ``CLAIMTRACK_CHAT_*`` variables; ``overrides`` win over the environment.

        Read: ``CLAIMTRACK_CHAT_URL`` and ``CLAIMTRACK_CHAT_MODEL`` (required),
        ``CLAIMTRACK_CHAT_CACHE``, ``CLAIMTRACK_CHAT_TIMEOUT``, ``CLAIMTRACK_CHAT_CONCURRENCY``,
        ``CLAIMTRACK_CHAT_MAX_TOKENS``, ``CLAIMTRACK_CHAT_TOKEN_BUDGET`` and
        ``CLAIMTRACK_CHAT_TIME_BUDGET``. The key is not read here but by the client.

        Raises:
            ChatNotConfiguredError: no endpoint or no model is configured (the message names
                the variables), or a variable holds an unusable value.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        missing: list[str] = []
        for name, variable in _REQUIRED_VARIABLES.items():
            if env.get(variable, "").strip():
                values[name] = env[variable].strip()
            elif name not in overrides:
                missing.append(variable)
        if missing:
            raise ChatNotConfiguredError(
                f"no chat-completions endpoint is configured: set {' and '.join(missing)} "
                f"(e.g. {URL_VARIABLE}=http://localhost:8080/v1 for llama.cpp, http://localhost:11434/v1 "
                f"for Ollama, http://localhost:8000/v1 for vLLM, https://api.openai.com/v1 for OpenAI; "
                f"a key, if the server wants one, goes in {API_KEY_VARIABLE})",
                variables=missing,
            )
        if env.get(CACHE_VARIABLE, "").strip():
            values["cache_dir"] = Path(env[CACHE_VARIABLE].strip())
        for name, variable in _NUMBER_VARIABLES.items():
            raw = env.get(variable, "").strip()
            if not raw:
                continue
            try:
                values[name] = int(raw) if name in _INTEGER_SETTINGS else float(raw)
            except ValueError:
                kind = "a whole number" if name in _INTEGER_SETTINGS else "a number of seconds"
                raise ChatNotConfiguredError(f"{variable}={raw!r} is not {kind}", variables=[variable]) from None
        values.update(overrides)
        try:
            return cls(**values)
        except ValueError as exc:
            blamed = [v for n, v in (*_NUMBER_VARIABLES.items(), *_REQUIRED_VARIABLES.items()) if n in values]
            raise ChatNotConfiguredError(f"unusable chat settings: {exc}", variables=blamed) from None


# -- requests and replies ----------------------------------------------------------------


@attrs.frozen
class ChatMessage:
    """One message of a conversation."""

    role: Literal["system", "user", "assistant"]
    content: str

    def as_json(self) -> dict[str, str]:
        """The message as the API takes it."""
        return {"role": self.role, "content": self.content}


def _messages(values: Sequence[ChatMessage]) -> tuple[ChatMessage, ...]:
    return tuple(values)


def _schema_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _SCHEMA_NAME.match(value):
        raise ValueError(f"{attribute.name} must be 1-64 letters, digits, '_' or '-', got {value!r}")


@attrs.frozen(kw_only=True)
class ChatRequest(Generic[OutputT]):
    """One question: the messages, the pydantic model the answer must fit, its schema name and the prompt version.

    ``prompt_version`` (``extract/1``) is part of the cache key and is recorded with
    what the answer is used for, so a changed prompt never reuses old answers.
    """

    messages: tuple[ChatMessage, ...] = attrs.field(converter=_messages)
    output: type[OutputT]
    name: str = attrs.field(validator=_schema_name)
    prompt_version: str = attrs.field(validator=_non_empty)

    def schema(self) -> dict[str, Any]:
        """The strict JSON schema sent as ``response_format.json_schema.schema``."""
        return strict_schema(self.output)


@attrs.frozen(kw_only=True)
class TokenUsage:
    """Tokens one reply cost, from its ``usage``; ``estimated`` when the server sent none."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = False

    @property
    def total(self) -> int:
        """Prompt and completion tokens together."""
        return self.prompt_tokens + self.completion_tokens


@attrs.frozen(kw_only=True)
class ChatReply(Generic[OutputT]):
    """A validated answer.

    ``model`` is the configured model (what is recorded), ``served_by`` the model the
    server says answered (``gpt-4o-2024-08-06`` for ``gpt-4o``), ``key`` the cache key.
    A reply from the cache cost nothing this time: its ``usage`` is zero.
    """

    value: OutputT
    model: str
    served_by: str | None
    prompt_version: str
    usage: TokenUsage
    from_cache: bool
    key: str


@attrs.frozen
class ChatOutcome(Generic[OutputT]):
    """The result of one request of a batch: a reply or the error it failed with."""

    request: ChatRequest[OutputT]
    reply: ChatReply[OutputT] | None = None
    error: ChatFailure | None = None

    @property
    def ok(self) -> bool:
        """True when the request got a usable reply."""
        return self.reply is not None


@attrs.frozen(kw_only=True)
class ChatStats:
    """What a client has done so far: requests sent, cache hits, tokens used."""

    requests: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def tokens(self) -> int:
        """Prompt and completion tokens together (what the token budget counts)."""
        return self.prompt_tokens + self.completion_tokens


# -- the schema and the cache key --------------------------------------------------------


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema as strict structured outputs want it: self-contained and closed.

    ``$ref`` s are inlined (some servers' grammar compilers do not follow them),
    ``title`` and ``default`` annotations dropped, and every object gets
    ``additionalProperties: false`` with all its properties required (a field that may
    be absent is written ``X | None`` and answered ``null``). Recursive models are refused.
    """
    raw = model.model_json_schema()
    definitions: dict[str, Any] = raw.pop("$defs", {})

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            name = str(node["$ref"]).rsplit("/", 1)[-1]
            if name in seen or name not in definitions:
                raise ValueError(f"{model.__name__}: cannot inline {node['$ref']!r} (recursive or unknown)")
            target = walk(definitions[name], (*seen, name))
            rest = walk({k: v for k, v in node.items() if k != "$ref"}, seen)
            return {**target, **rest}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("title", "default", "$defs"):
                continue
            if key == "properties":
                out[key] = {name: walk(schema, seen) for name, schema in value.items()}
            else:
                out[key] = walk(value, seen)
        if out.get("type") == "object" and "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out["properties"])
        return out

    schema = walk(raw, ())
    assert isinstance(schema, dict)
    return schema


def cache_key(model: str, prompt_version: str, messages: Sequence[ChatMessage], name: str, schema: Any) -> str:
    """The sha256 (hex) naming a cached reply: model, prompt version, messages and schema, nothing secret."""
    payload = {
        "format": CACHE_FORMAT,
        "model": model,
        "prompt_version": prompt_version,
        "messages": [m.as_json() for m in messages],
        "schema": {"name": name, "schema": schema},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def estimate_tokens(messages: Sequence[ChatMessage]) -> int:
    """A generous guess at the prompt's tokens: a token per three bytes of UTF-8, plus a little per message.

    English runs about four characters a token and CJK about one character (three
    bytes), so this errs on the high side, which is the safe side for a budget.
    """
    return sum(len(m.content.encode("utf-8")) // 3 + 8 for m in messages)


def system_prompt_for(prompts: Mapping[str, str], version: str, given: str | None) -> str:
    """The system prompt of prompt ``version``: the built-in one, or ``given`` under a version of its own.

    The prompt version is recorded on every result and keys the cache, so a custom prompt may not
    reuse a built-in version's name (its results would be mistaken for the built-in prompt's).
    """
    if given is None:
        if version not in prompts:
            known = ", ".join(sorted(prompts))
            raise ValueError(f"no built-in prompt {version!r} (known: {known}); pass system_prompt=")
        return prompts[version]
    if version in prompts and given != prompts[version]:
        raise ValueError(f"a custom system_prompt needs its own prompt_version, not {version!r}")
    return given
