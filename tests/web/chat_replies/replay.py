"""The fake chat-completions server of the model-backend tests: it replays the replies in this folder.

:class:`ChatServer` is the real HTTP/1.1 server of ``web_server.py`` (threaded,
keep-alive, TCP_NODELAY) with POST handled like GET and one route,
``/v1/chat/completions``. What it answers is scripted per test: :meth:`ChatServer.on`
gives the steps for requests whose passage contains some words, :meth:`ChatServer.always`
the steps for any other request. Each request takes the next step of its script; the
last step repeats. It records every request body, and how many were in flight at once.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from web_server import Handler, LocalServer, RecordingSleep

from claimtrack.web import RetryPolicy
from claimtrack.web.chat import ChatClient, ChatSettings

REPLIES = Path(__file__).parent
COMPLETIONS = "/v1/chat/completions"
API_KEY = "sk-test-0123456789abcdef"
"""The key the tests configure; ``unauthorized_echo.json`` repeats it, as a careless server might."""


@dataclass(frozen=True)
class Step:
    """One answer: a reply file (or raw body) with a status and headers, after an optional delay."""

    file: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body: bytes | None = None

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        assert self.file is not None
        return (REPLIES / self.file).read_bytes()


def reply(file: str, *, status: int = 200, delay: float = 0.0, **headers: str) -> Step:
    """A step answering with ``file``; header names use ``_`` for ``-`` (``Retry_After="7"``)."""
    return Step(file, status, {k.replace("_", "-"): v for k, v in headers.items()}, delay)


def passage_of(body: dict[str, Any]) -> str:
    """The passage a request is about: the ``passage`` of the last user message's JSON, else its text."""
    users = [m for m in body.get("messages", []) if m.get("role") == "user"]
    if not users:
        return ""
    content = str(users[-1].get("content", ""))
    try:
        data = json.loads(content)
    except ValueError:
        return content
    return str(data.get("passage", content)) if isinstance(data, dict) else content


class ChatHandler(Handler):
    def do_POST(self) -> None:
        self.do_GET()


class ChatServer(LocalServer):
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.RequestHandlerClass = ChatHandler
        self.rules: list[tuple[str, list[Step]]] = []
        self.default: list[Step] = [reply("extract_empty.json")]
        self.bodies: list[dict[str, Any]] = []
        self.inflight = 0
        self.max_inflight = 0
        self.routes[COMPLETIONS] = self._serve

    @property
    def api(self) -> str:
        """The API root to configure: ``http://127.0.0.1:<port>/v1``."""
        return self.url("/v1")

    @property
    def completions(self) -> int:
        """How many chat-completions requests arrived."""
        return self.hits[COMPLETIONS]

    def on(self, words: str, *steps: Step) -> None:
        """Answer requests whose passage contains ``words`` with ``steps``, one per request, the last repeating."""
        self.rules.append((words, list(steps)))

    def always(self, *steps: Step) -> None:
        """Answer every request no rule matches with ``steps``."""
        self.default = list(steps)

    def requests_about(self, words: str) -> int:
        """How many requests carried a passage containing ``words``."""
        with self.lock:
            return sum(words in passage_of(body) for body in self.bodies)

    def _pick(self, passage: str) -> Step:
        with self.lock:
            for words, steps in self.rules:
                if words in passage:
                    return steps.pop(0) if len(steps) > 1 else steps[0]
            return self.default.pop(0) if len(self.default) > 1 else self.default[0]

    def _serve(self, handler: Handler) -> None:
        raw = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        body = json.loads(raw)
        with self.lock:
            self.bodies.append(body)
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            step = self._pick(passage_of(body))
            if step.delay:
                time.sleep(step.delay)
            handler.send_body(step.status, step.payload(), "application/json", step.headers)
        finally:
            with self.lock:
                self.inflight -= 1


def make_client(server: ChatServer, sleeps: RecordingSleep | None = None, **settings: Any) -> ChatClient:
    """A client of ``server`` with the test key, quick retries and no real waits; ``settings`` override."""
    values: dict[str, Any] = {
        "base_url": server.api,
        "model": "test-model",
        "timeout": 5.0,
        "retries": RetryPolicy(max_retries=2, backoff_base=0.01, max_retry_after=60),
    }
    values.update(settings)
    return ChatClient(ChatSettings(**values), api_key=API_KEY, sleep=sleeps or RecordingSleep())
