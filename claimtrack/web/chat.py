"""The one client for OpenAI-compatible chat-completions APIs: llama.cpp, vLLM, Ollama or a hosted one.

Every model call claimtrack makes goes through :class:`ChatClient` (drafting claims
from transcripts, :mod:`claimtrack.web.chat_extractor`; weighing evidence for a
stance). One call is one :class:`ChatRequest`: messages, a pydantic model that is
the shape of the answer, a schema name and a prompt version. The client sends::

    POST {base_url}/chat/completions
    {"model": ..., "messages": [...], "temperature": 0, "max_tokens": ..., "stream": false,
     "response_format": {"type": "json_schema",
                         "json_schema": {"name": ..., "schema": ..., "strict": true}}}

the form OpenAI documents for structured outputs, which llama.cpp's ``llama-server``,
vLLM and Ollama (0.5 and later) accept on their OpenAI-compatible endpoints. The
schema is the answer model's JSON schema made self-contained and strict
(:func:`strict_schema`). Whatever the server does with it, the reply's content is
read as JSON and validated against the model here: a reply that is not JSON or does
not fit is a :class:`ChatReplyError`, asked again once, never a crash of a batch.

Configuration comes from the environment (:meth:`ChatSettings.from_env`):
``CLAIMTRACK_CHAT_URL`` (the API root, e.g. ``http://localhost:8080/v1``),
``CLAIMTRACK_CHAT_MODEL`` and, for servers that want one, ``CLAIMTRACK_CHAT_API_KEY``.
Without an endpoint, :class:`ChatNotConfiguredError` names the variables to set.

Safety and cost:

* The key travels only in the ``Authorization`` header to the configured origin.
  Redirects are not followed (a 3xx is an error naming the new address), the base
  URL may not carry user-info or a query, and the key is scrubbed from any server
  text that ends up in an error message. It is never part of a cache key or file.
* ``OPENAI_API_KEY`` is read only when ``CLAIMTRACK_CHAT_API_KEY`` is unset *and* the
  endpoint is ``https://api.openai.com``: an OpenAI key is never sent to another server.
* At most ``max_concurrency`` requests are in flight (per event loop); 429 and 5xx
  are retried with backoff, honouring ``Retry-After`` up to a bound; each request
  has a total deadline (``timeout``).
* Budgets, per client: ``token_budget`` (prompt + completion tokens from the
  replies' ``usage``) and ``time_budget`` (seconds from the first request). A
  request starts only if the tokens used, those reserved by requests in flight and
  its own worst case (estimated prompt + ``max_tokens``) fit the budget; once a
  budget is spent every further request fails with :class:`ChatBudgetError`.
* Replies are cached as JSON files under ``cache_dir`` keyed by the sha256 of the
  model, the prompt version, the messages and the schema: the same question is
  never paid for twice. Only replies that validated are cached.

The implementation is async (``httpx.AsyncClient``); the sync methods run the same
coroutines on a private loop thread (:class:`~claimtrack.web.portal.LoopThread`),
like :class:`~claimtrack.web.fetcher.Fetcher`. A client that is never closed is
closed when collected or at interpreter exit, so a script that forgets ``close()``
still exits.

The endpoint is operator configuration, not data: the SSRF guard of the Fetcher
does not apply, so a model on ``localhost`` works.
"""

from __future__ import annotations

import json
import random
import ssl
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar

import anyio
import anyio.lowlevel
import attrs
import httpx
from pydantic import ValidationError

from claimtrack.errors import FetchError
from claimtrack.web.chat_values import (
    API_KEY_VARIABLE,
    CACHE_VARIABLE,
    MODEL_VARIABLE,
    OPENAI_KEY_VARIABLE,
    URL_VARIABLE,
    ChatBudgetError,
    ChatError,
    ChatFailure,
    ChatMessage,
    ChatNotConfiguredError,
    ChatOutcome,
    ChatReply,
    ChatReplyError,
    ChatRequest,
    ChatSettings,
    ChatStats,
    OutputT,
    TokenUsage,
    cache_key,
    estimate_tokens,
    failure_code,
    strict_schema,
)
from claimtrack.web.chat_wire import (
    Budget,
    Completion,
    late_error,
    mapped_error,
    read_cached,
    resolve_key,
    write_cached,
)
from claimtrack.web.errors import (
    BadStatusError,
    FetchTimeoutError,
    RateLimitedError,
    TooLargeError,
)
from claimtrack.web.exchange import Retryable, retry_after_seconds, unexpected_error
from claimtrack.web.portal import LoopOwner

__all__ = [
    "API_KEY_VARIABLE",
    "CACHE_VARIABLE",
    "MODEL_VARIABLE",
    "OPENAI_KEY_VARIABLE",
    "URL_VARIABLE",
    "ChatBudgetError",
    "ChatClient",
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
    "ClientOwner",
    "TokenUsage",
    "cache_key",
    "estimate_tokens",
    "failure_code",
    "strict_schema",
]

_OPENAI_ORIGIN = ("https", "api.openai.com", 443)
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_ERROR_BODY_BYTES = 64 * 1024
_SHOWN = 300
T = TypeVar("T")

# -- the client --------------------------------------------------------------------------


class _LoopState:
    """What a client keeps per event loop: its httpx client and the concurrency gate."""

    def __init__(self, client: httpx.AsyncClient, gate: anyio.Semaphore) -> None:
        self.client = client
        self.gate = gate


async def _close_state(state: _LoopState) -> None:
    """Close the httpx client of one event loop's state."""
    await state.client.aclose()


@attrs.define
class ChatClient(LoopOwner[_LoopState]):
    """The chat-completions client; see the module docstring for what it guarantees.

    ``api_key`` overrides the key read from ``settings.api_key_env``; tests and
    embedders inject ``transport`` (an ``httpx.AsyncBaseTransport``), ``sleep`` (the
    retry waits), ``clock`` (monotonic seconds, for the time budget) and ``rng``.

    Example:
        >>> with ChatClient.from_env() as client:  # doctest: +SKIP
        ...     reply = client.complete(ChatRequest(messages=[ChatMessage("user", "...")], output=Answer,
        ...                                         name="answer", prompt_version="stance/1"))
    """

    settings: ChatSettings = attrs.field(validator=attrs.validators.instance_of(ChatSettings))
    api_key: str | None = attrs.field(default=None, repr=False)
    environ: Mapping[str, str] | None = attrs.field(default=None, repr=False)
    transport: httpx.AsyncBaseTransport | None = None
    ssl_context: ssl.SSLContext | None = None
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = attrs.field(factory=random.Random)

    _budget: Budget = attrs.field(init=False)
    _stats: ChatStats = attrs.field(factory=ChatStats, init=False)
    _stats_lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    loop_name: ClassVar[str] = "claimtrack-chat"
    close_state: ClassVar[Callable[[_LoopState], Awaitable[None]]] = staticmethod(_close_state)

    def __attrs_post_init__(self) -> None:
        if not self.api_key:
            self.api_key = resolve_key(self.settings, self.environ)
        self._budget = Budget(self.settings.token_budget, self.settings.time_budget)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> ChatClient:
        """A client configured from the environment (:meth:`ChatSettings.from_env`); ChatNotConfiguredError if not."""
        return cls(ChatSettings.from_env(environ), environ=environ, **options)

    @property
    def model(self) -> str:
        """The configured model."""
        return self.settings.model

    @property
    def stats(self) -> ChatStats:
        """Requests, cache hits and tokens so far."""
        with self._stats_lock:
            return self._stats

    def _count(self, **more: int) -> None:
        with self._stats_lock:
            now = self._stats
            self._stats = attrs.evolve(now, **{k: getattr(now, k) + v for k, v in more.items()})

    def _state(self) -> _LoopState:
        return self._state_here(self._new_state)

    def _new_state(self) -> _LoopState:
        settings = self.settings
        limit = settings.max_concurrency
        # No transport of our own unless injected: httpx then honours proxy variables when trust_env is set.
        client = httpx.AsyncClient(
            transport=self.transport,
            verify=self.ssl_context or httpx.create_ssl_context(trust_env=settings.trust_env),
            limits=httpx.Limits(max_connections=limit, max_keepalive_connections=limit),
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.timeout, connect=min(settings.connect_timeout, settings.timeout)),
            follow_redirects=False,
            trust_env=settings.trust_env,
        )
        return _LoopState(client, anyio.Semaphore(limit))

    # -- public entry points -------------------------------------------------------------

    async def acomplete(self, request: ChatRequest[OutputT]) -> ChatReply[OutputT]:
        """Ask one question; the validated reply, from the cache when it holds one.

        Raises:
            FetchError: the request failed (timeout, connection, an HTTP error status, 429
                after the retries).
            ChatReplyError: the reply was not JSON or did not fit the schema, twice; or was
                refused or cut off.
            ChatBudgetError: the token or time budget is spent.
        """
        url = self.settings.completions_url
        try:
            schema = request.schema()
            key = cache_key(self.settings.model, request.prompt_version, request.messages, request.name, schema)
            cached = self._from_cache(key, request)
            if cached is not None:
                self._count(cache_hits=1)
                return cached
            state = self._state()
            async with state.gate:
                reply = await self._ask(state, request, schema, key)
            self._to_cache(reply, request)
            return reply
        except (FetchError, ChatError):
            raise
        except Exception as exc:  # one request never takes a batch down with it
            raise unexpected_error(exc, url) from exc

    async def acomplete_many(self, requests: Sequence[ChatRequest[OutputT]]) -> list[ChatOutcome[OutputT]]:
        """Ask every question, at most ``max_concurrency`` at once; one outcome each, in order, never raising."""
        results: list[ChatOutcome[OutputT] | None] = [None] * len(requests)

        async def one(index: int, request: ChatRequest[OutputT]) -> None:
            try:
                results[index] = ChatOutcome(request, reply=await self.acomplete(request))
            except (FetchError, ChatError) as exc:
                results[index] = ChatOutcome(request, error=exc)

        async with anyio.create_task_group() as group:
            for index, request in enumerate(requests):
                group.start_soon(one, index, request)
        return [r for r in results if r is not None]

    def complete(self, request: ChatRequest[OutputT]) -> ChatReply[OutputT]:
        """Sync :meth:`acomplete`."""
        return self.run(self.acomplete, request)

    def complete_many(self, requests: Sequence[ChatRequest[OutputT]]) -> list[ChatOutcome[OutputT]]:
        """Sync :meth:`acomplete_many`."""
        return self.run(self.acomplete_many, requests)

    # -- the one implementation ----------------------------------------------------------

    async def _ask(
        self, state: _LoopState, request: ChatRequest[OutputT], schema: dict[str, Any], key: str
    ) -> ChatReply[OutputT]:
        """Post the request; a reply that is not JSON or not the schema is asked again once."""
        settings = self.settings
        body = json.dumps(
            {
                "model": settings.model,
                "messages": [m.as_json() for m in request.messages],
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {"name": request.name, "schema": schema, "strict": True},
                },
                "max_tokens": settings.max_tokens,
                "temperature": settings.temperature,
                "stream": False,
            },
            ensure_ascii=False,
        ).encode("utf-8")
        prompt_estimate = estimate_tokens(request.messages)
        for attempt in range(2):
            completion, usage = await self._post(state, body, prompt_estimate)
            try:
                value = self._read_content(completion, request.output)
            except ChatReplyError as exc:
                if not exc.retryable or attempt:
                    raise
                continue
            return ChatReply(
                value=value,
                model=settings.model,
                served_by=completion.model,
                prompt_version=request.prompt_version,
                usage=usage,
                from_cache=False,
                key=key,
            )
        raise AssertionError("unreachable")  # pragma: no cover

    async def _post(self, state: _LoopState, body: bytes, prompt_estimate: int) -> tuple[Completion, TokenUsage]:
        """One exchange with retries on 429/5xx and connection failures, within the budgets."""
        settings, budget = self.settings, self._budget
        held = budget.reserve(prompt_estimate + settings.max_tokens, self.clock())
        spent = 0
        try:
            attempt = 0
            while True:
                left = budget.remaining(self.clock())
                timeout = settings.timeout if left is None else min(settings.timeout, left)
                try:
                    self._count(requests=1)
                    completion = await self._exchange(state, body, timeout)
                except FetchTimeoutError:
                    if left is not None and left < settings.timeout:  # the budget, not the server, set this deadline
                        raise ChatBudgetError(
                            f"the time budget of {settings.time_budget:g} s ran out during a request", which="time"
                        ) from None
                    raise
                except Retryable as retry:
                    delay = self._retry_delay(retry, attempt)
                    left = budget.remaining(self.clock())
                    if left is not None and delay >= left:
                        raise ChatBudgetError(
                            f"{retry.error.message}; waiting {delay:g} s would pass the end of the time budget",
                            which="time",
                        ) from None
                    attempt += 1
                    await self.sleep(delay)
                    continue
                usage = self._usage(completion, prompt_estimate)
                spent = usage.total
                self._count(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens)
                return completion, usage
        finally:
            budget.settle(held, spent)

    def _retry_delay(self, retry: Retryable, attempt: int) -> float:
        """The wait before the next attempt; the error itself when no attempt is left or the wait is too long."""
        policy = self.settings.retries
        if attempt >= policy.max_retries:
            raise retry.error from None
        if retry.retry_after is None:
            return policy.backoff_delay(attempt, self.rng)
        if retry.retry_after > policy.max_retry_after:
            raise retry.error from None
        return retry.retry_after

    async def _exchange(self, state: _LoopState, body: bytes, timeout: float) -> Completion:
        """POST ``body`` and read the completion, all within ``timeout``; typed errors, Retryable for 429/5xx."""
        url = self.settings.completions_url
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        try:
            with anyio.fail_after(timeout):
                request = state.client.build_request(
                    "POST",
                    url,
                    content=body,
                    headers=headers,
                    timeout=httpx.Timeout(timeout, connect=min(self.settings.connect_timeout, timeout)),
                )
                try:
                    response = await state.client.send(request, stream=True, follow_redirects=False)
                except httpx.HTTPError as exc:
                    raise mapped_error(exc, url, timeout) from None
                try:
                    return await self._read_response(response, url)
                except httpx.HTTPError as exc:
                    mapped = mapped_error(exc, url, timeout)
                    raise (mapped.error if isinstance(mapped, Retryable) else mapped) from None
                finally:
                    with anyio.CancelScope(shield=True):
                        await response.aclose()
        except (FetchError, ChatError, Retryable):
            raise
        except TimeoutError:
            raise late_error(url, timeout) from None

    async def _read_response(self, response: httpx.Response, url: str) -> Completion:
        status = response.status_code
        if 300 <= status < 400:
            target = self._scrub(response.headers.get("location", "(no Location)"))
            raise BadStatusError(
                f"HTTP {status}: the endpoint redirects to {target}; redirects are not followed, so that the key "
                f"stays with the configured origin: set {URL_VARIABLE} to the final address",
                url=url,
                status=status,
            )
        if status != 200:
            detail = self._error_detail(await self._body(response, url, _ERROR_BODY_BYTES, truncate=True))
            retry_after = retry_after_seconds(response.headers.get("retry-after"), datetime.now(UTC))
            wait = f" (Retry-After {retry_after:g} s)" if retry_after is not None else ""
            message = f"HTTP {status}{wait}{': ' + detail if detail else ''}"
            if status == 404:
                message += f" (is {URL_VARIABLE} the API root, usually ending in /v1?)"
            if status == 429:
                raise Retryable(RateLimitedError(message, url=url, status=status, retry_after=retry_after), retry_after)
            error = BadStatusError(message, url=url, status=status)
            if status in _RETRY_STATUSES:
                raise Retryable(error, retry_after)
            raise error
        raw = await self._body(response, url, self.settings.max_reply_bytes)
        try:
            return Completion.model_validate_json(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(body)"
            raise ChatReplyError(
                f"not a chat completion: {where}: {first['msg']}", code="chat_bad_envelope", url=url
            ) from None

    async def _body(self, response: httpx.Response, url: str, limit: int, *, truncate: bool = False) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                if truncate:
                    chunks.append(chunk[: limit - (size - len(chunk))])
                    break
                raise TooLargeError(f"the reply exceeds {limit} bytes", url=url, limit=limit)
            chunks.append(chunk)
        return b"".join(chunks)

    def _error_detail(self, body: bytes) -> str:
        """What the server said went wrong (OpenAI's ``error.message`` and the like), short and without the key."""
        text = body.decode("utf-8", "replace")
        try:
            data = json.loads(text)
        except ValueError:
            return self._scrub(text)
        found: Any = data
        if isinstance(data, dict):
            error = data.get("error", data)
            found = error.get("message", error) if isinstance(error, dict) else error
            if isinstance(found, dict):
                found = found.get("detail", found)
        return self._scrub(found if isinstance(found, str) else json.dumps(found, ensure_ascii=False))

    def _scrub(self, text: str) -> str:
        """``text`` for a message: one line, at most a few hundred characters, the API key replaced by ``***``."""
        if self.api_key:
            text = text.replace(self.api_key, "***")
        text = " ".join(text.split())
        return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."

    def _read_content(self, completion: Completion, output: type[OutputT]) -> OutputT:
        url = self.settings.completions_url
        if not completion.choices:
            raise ChatReplyError("the reply has no choices", code="chat_bad_envelope", url=url)
        choice = completion.choices[0]
        if choice.message.refusal:
            raise ChatReplyError(
                f"the model refused: {self._scrub(choice.message.refusal)}",
                code="chat_refused",
                url=url,
                retryable=False,
            )
        content = choice.message.content or ""
        cut = choice.finish_reason == "length"
        try:
            data = json.loads(content)
        except ValueError as exc:
            if cut:
                raise ChatReplyError(
                    f"the reply was cut off at max_tokens={self.settings.max_tokens} before its JSON ended; "
                    f"raise CLAIMTRACK_CHAT_MAX_TOKENS",
                    code="chat_truncated",
                    url=url,
                    retryable=False,
                ) from None
            shown = self._scrub(content[:80]) or "(empty)"
            raise ChatReplyError(
                f"the reply is not valid JSON ({exc}); it starts {shown!r}", code="chat_malformed_reply", url=url
            ) from None
        try:
            return output.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(top level)"
            raise ChatReplyError(
                f"the reply does not fit the schema at {where}: {first['msg']}", code="chat_schema_mismatch", url=url
            ) from None

    def _usage(self, completion: Completion, prompt_estimate: int) -> TokenUsage:
        usage = completion.usage
        if usage is not None and usage.prompt_tokens is not None and usage.completion_tokens is not None:
            return TokenUsage(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens)
        content = completion.choices[0].message.content if completion.choices else None
        written = len((content or "").encode("utf-8")) // 3 + 1
        return TokenUsage(prompt_tokens=prompt_estimate, completion_tokens=written, estimated=True)

    # -- the cache -----------------------------------------------------------------------

    def _cache_path(self, key: str) -> Path | None:
        folder = self.settings.cache_dir
        return None if folder is None else folder / key[:2] / f"{key}.json"

    def _from_cache(self, key: str, request: ChatRequest[OutputT]) -> ChatReply[OutputT] | None:
        """The cached reply for ``key``, or None; an unreadable or no longer valid entry is a miss."""
        path = self._cache_path(key)
        return None if path is None else read_cached(path, key, request)

    def _to_cache(self, reply: ChatReply[OutputT], request: ChatRequest[OutputT]) -> None:
        """Write the reply atomically; a cache that cannot be written is skipped, never an error."""
        path = self._cache_path(reply.key)
        if path is not None:
            write_cached(path, reply, request)


class ClientOwner:
    """What every task over a :class:`ChatClient` shares: it owns the client and closes it.

    The model extractor and the model stance build one from the environment
    (:meth:`from_env`, :class:`ChatNotConfiguredError` without an endpoint), and close
    it with :meth:`close` or a ``with`` block.
    """

    __slots__ = ()
    client: ChatClient

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        """An instance over a client configured from the environment, which the instance then owns."""
        make: Callable[..., Self] = cls  # each subclass takes the client first, then its own options
        return make(ChatClient.from_env(environ), **options)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the client (its connections and loop thread)."""
        self.client.close()
