"""ChatClient: the one chat-completions client, over real HTTP against a server replaying hand-written replies.

The replies are in chat_replies/ (see its README: written in the documented API format,
not recorded from a model). Waits between retries go to a RecordingSleep, so a
Retry-After of 7 s is asserted, not slept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import anyio
import pytest
from chat_replies.replay import API_KEY, ChatServer, make_client, reply
from pydantic import BaseModel
from web_server import LocalServer, RecordingSleep, free_port, running

from claimtrack.errors import ClaimtrackError, FetchError
from claimtrack.web import BadStatusError, FetchTimeoutError, RateLimitedError, RetryPolicy
from claimtrack.web.chat import (
    API_KEY_VARIABLE,
    MODEL_VARIABLE,
    OPENAI_KEY_VARIABLE,
    URL_VARIABLE,
    ChatBudgetError,
    ChatClient,
    ChatMessage,
    ChatNotConfiguredError,
    ChatReplyError,
    ChatRequest,
    ChatSettings,
    estimate_tokens,
    failure_code,
    strict_schema,
)

REPO = Path(__file__).resolve().parents[2]


class Verdict(BaseModel):
    """An answer of another shape than the extractor's: what the stance work will ask for."""

    stance: Literal["supports", "refutes", "mixed", "context"]
    reason: str


def ask(text: str, prompt_version: str = "stance/1") -> ChatRequest[Verdict]:
    return ChatRequest(
        messages=[ChatMessage("system", "Say whether the page supports the claim."), ChatMessage("user", text)],
        output=Verdict,
        name="stance",
        prompt_version=prompt_version,
    )


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    with running(ChatServer()) as srv:
        yield srv


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()


# -- configuration -----------------------------------------------------------------------


def test_no_endpoint_is_a_clear_error_naming_the_variables() -> None:
    with pytest.raises(ChatNotConfiguredError) as caught:
        ChatSettings.from_env({})
    message = str(caught.value)
    assert URL_VARIABLE in message
    assert MODEL_VARIABLE in message
    assert API_KEY_VARIABLE in message  # where a key would go, if the server wants one
    assert caught.value.variables == (URL_VARIABLE, MODEL_VARIABLE)
    assert isinstance(caught.value, ClaimtrackError)

    with pytest.raises(ChatNotConfiguredError) as caught:
        ChatClient.from_env({URL_VARIABLE: "http://localhost:8080/v1"})
    assert caught.value.variables == (MODEL_VARIABLE,)
    assert f"set {MODEL_VARIABLE} (" in str(caught.value)  # only what is missing is asked for


def test_settings_from_the_environment() -> None:
    settings = ChatSettings.from_env(
        {
            URL_VARIABLE: "http://localhost:11434/v1/chat/completions",  # pasted with the path: forgiven
            MODEL_VARIABLE: "qwen2.5:7b-instruct",
            "CLAIMTRACK_CHAT_CACHE": "/tmp/chat-cache",
            "CLAIMTRACK_CHAT_TIMEOUT": "30",
            "CLAIMTRACK_CHAT_CONCURRENCY": "2",
            "CLAIMTRACK_CHAT_MAX_TOKENS": "512",
            "CLAIMTRACK_CHAT_TOKEN_BUDGET": "100000",
            "CLAIMTRACK_CHAT_TIME_BUDGET": "600",
        }
    )
    assert settings.base_url == "http://localhost:11434/v1"
    assert settings.completions_url == "http://localhost:11434/v1/chat/completions"
    assert (settings.model, settings.timeout, settings.max_concurrency) == ("qwen2.5:7b-instruct", 30.0, 2)
    assert (settings.max_tokens, settings.token_budget, settings.time_budget) == (512, 100_000, 600.0)
    assert settings.cache_dir == Path("/tmp/chat-cache")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CLAIMTRACK_CHAT_TIMEOUT", "soon"),
        ("CLAIMTRACK_CHAT_CONCURRENCY", "0"),
        ("CLAIMTRACK_CHAT_TOKEN_BUDGET", "1.5"),
        (URL_VARIABLE, "ftp://example.org/v1"),
    ],
)
def test_an_unusable_setting_names_its_variable(variable: str, value: str) -> None:
    env = {URL_VARIABLE: "http://localhost:8080/v1", MODEL_VARIABLE: "m", variable: value}
    with pytest.raises(ChatNotConfiguredError) as caught:
        ChatSettings.from_env(env)
    assert variable in caught.value.variables


def test_a_base_url_carrying_a_secret_is_refused_without_repeating_it() -> None:
    for url in ("http://user:hunter2@localhost:8080/v1", "http://localhost:8080/v1?key=hunter2"):
        with pytest.raises(ChatNotConfiguredError) as caught:
            ChatSettings.from_env({URL_VARIABLE: url, MODEL_VARIABLE: "m"})
        assert "hunter2" not in str(caught.value)
        assert API_KEY_VARIABLE in str(caught.value)


def test_the_key_comes_from_its_own_variable_and_an_openai_key_only_goes_to_openai() -> None:
    local = ChatSettings(base_url="http://localhost:8080/v1", model="m")
    openai = ChatSettings(base_url="https://api.openai.com/v1", model="gpt-4o-mini")
    assert ChatClient(local, environ={API_KEY_VARIABLE: "own"}).api_key == "own"
    assert ChatClient(local, environ={OPENAI_KEY_VARIABLE: "sk-openai"}).api_key is None
    assert ChatClient(openai, environ={OPENAI_KEY_VARIABLE: "sk-openai"}).api_key == "sk-openai"
    assert ChatClient(openai, environ={API_KEY_VARIABLE: "own", OPENAI_KEY_VARIABLE: "sk-openai"}).api_key == "own"
    custom = ChatSettings(base_url="http://localhost:8000/v1", model="m", api_key_env="VLLM_API_KEY")
    assert ChatClient(custom, environ={"VLLM_API_KEY": "token-abc123"}).api_key == "token-abc123"
    assert "own" not in repr(ChatClient(local, environ={API_KEY_VARIABLE: "own"}))


# -- the request -------------------------------------------------------------------------


def test_a_request_asks_for_the_schema_strictly_and_sends_the_key(chat: ChatServer) -> None:
    chat.always(reply("stance_supports.json"))
    with make_client(chat, max_tokens=300) as client:
        answer = client.complete(ask("Claim: GPT-4o shipped in May 2024. Page: ..."))
    assert answer.value == Verdict(stance="supports", reason="The page says the model shipped in May 2024.")
    assert (answer.model, answer.prompt_version, answer.from_cache) == ("test-model", "stance/1", False)
    assert (answer.usage.prompt_tokens, answer.usage.completion_tokens, answer.usage.estimated) == (310, 25, False)

    method, path, headers = chat.requests[0]
    assert (method, path) == ("POST", "/v1/chat/completions")
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["content-type"] == "application/json"
    body = chat.bodies[0]
    assert (body["model"], body["temperature"], body["max_tokens"], body["stream"]) == ("test-model", 0.0, 300, False)
    assert body["messages"][1] == {"role": "user", "content": "Claim: GPT-4o shipped in May 2024. Page: ..."}
    form = body["response_format"]
    assert form["type"] == "json_schema"
    assert (form["json_schema"]["name"], form["json_schema"]["strict"]) == ("stance", True)
    assert form["json_schema"]["schema"] == strict_schema(Verdict)
    assert client.stats.requests == 1
    assert client.stats.tokens == 335


def test_strict_schema_is_self_contained_and_closed() -> None:
    class Inner(BaseModel):
        title: str  # a property named like an annotation stays
        note: str | None = None

    class Outer(BaseModel):
        items: list[Inner]
        kind: Literal["a", "b"] = "a"

    schema = strict_schema(Outer)
    text = json.dumps(schema)
    assert "$ref" not in text
    assert "$defs" not in text
    assert "default" not in text
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["items", "kind"]
    inner = schema["properties"]["items"]["items"]
    assert inner["additionalProperties"] is False
    assert inner["required"] == ["title", "note"]
    assert "title" in inner["properties"]

    class Node(BaseModel):
        children: list[Node]

    with pytest.raises(ValueError, match="recursive"):
        strict_schema(Node)


def test_a_request_name_must_be_a_schema_name() -> None:
    with pytest.raises(ValueError, match="letters, digits"):
        ChatRequest(messages=[ChatMessage("user", "x")], output=Verdict, name="a stance!", prompt_version="s/1")


# -- the cache ---------------------------------------------------------------------------


def test_a_cached_reply_makes_no_second_request_and_holds_no_key(chat: ChatServer, tmp_path: Path) -> None:
    chat.always(reply("stance_supports.json"))
    cache = tmp_path / "cache"
    with make_client(chat, cache_dir=cache) as client:
        first = client.complete(ask("Claim: it shipped."))
    with make_client(chat, cache_dir=cache) as client:  # a new client, a new process in real life
        second = client.complete(ask("Claim: it shipped."))
        assert client.stats.cache_hits == 1
        assert client.stats.requests == 0
    assert chat.completions == 1
    assert second.from_cache
    assert second.value == first.value
    assert second.key == first.key
    assert second.usage.total == 0  # cost nothing this time
    assert second.served_by == first.served_by == "test-model"

    files = [p for p in cache.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [f"{first.key}.json"]
    assert API_KEY not in files[0].read_text(encoding="utf-8")
    assert len(first.key) == 64

    with make_client(chat, cache_dir=cache) as client:  # another prompt version is another question
        client.complete(ask("Claim: it shipped.", prompt_version="stance/2"))
    assert chat.completions == 2


def test_an_unreadable_cache_entry_is_a_miss(chat: ChatServer, tmp_path: Path) -> None:
    chat.always(reply("stance_supports.json"))
    with make_client(chat, cache_dir=tmp_path) as client:
        first = client.complete(ask("Claim: it shipped."))
        path = tmp_path / first.key[:2] / f"{first.key}.json"
        path.write_text("{not json", encoding="utf-8")
        again = client.complete(ask("Claim: it shipped."))
    assert not again.from_cache
    assert chat.completions == 2
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 1  # rewritten


# -- retries, timeouts, bad replies ------------------------------------------------------


def test_429_with_retry_after_is_retried_after_the_wait(chat: ChatServer, sleeps: RecordingSleep) -> None:
    chat.always(reply("rate_limited.json", status=429, Retry_After="7"), reply("stance_supports.json"))
    with make_client(chat, sleeps) as client:
        answer = client.complete(ask("Claim: it shipped."))
    assert answer.value.stance == "supports"
    assert chat.completions == 2
    assert sleeps.waits == [7.0]


def test_429_forever_fails_clearly_after_bounded_retries(chat: ChatServer, sleeps: RecordingSleep) -> None:
    chat.always(reply("rate_limited.json", status=429, Retry_After="1"))
    with make_client(chat, sleeps) as client, pytest.raises(RateLimitedError) as caught:
        client.complete(ask("Claim: it shipped."))
    assert chat.completions == 3  # the first try and max_retries=2
    assert sleeps.waits == [1.0, 1.0]
    assert caught.value.status == 429
    assert "Rate limit reached" in str(caught.value)
    assert failure_code(caught.value) == "chat_rate_limited"


def test_a_retry_after_beyond_the_bound_fails_at_once(chat: ChatServer, sleeps: RecordingSleep) -> None:
    chat.always(reply("rate_limited.json", status=429, Retry_After="3600"))
    with make_client(chat, sleeps) as client, pytest.raises(RateLimitedError) as caught:
        client.complete(ask("Claim: it shipped."))
    assert chat.completions == 1
    assert sleeps.waits == []
    assert caught.value.retry_after == 3600.0


def test_a_5xx_is_retried_with_backoff(chat: ChatServer, sleeps: RecordingSleep) -> None:
    chat.always(reply("loading_model.json", status=503), reply("stance_supports.json"))
    with make_client(chat, sleeps) as client:
        assert client.complete(ask("Claim: it shipped.")).value.stance == "supports"
    assert chat.completions == 2
    assert len(sleeps.waits) == 1
    assert 0 < sleeps.waits[0] <= 0.01


def test_a_4xx_is_not_retried_and_says_what_the_server_said(chat: ChatServer, sleeps: RecordingSleep) -> None:
    chat.always(reply("model_not_found.json", status=404))
    with make_client(chat, sleeps) as client, pytest.raises(BadStatusError) as caught:
        client.complete(ask("Claim: it shipped."))
    assert chat.completions == 1
    assert 'model "no-such-model" not found' in str(caught.value)
    assert URL_VARIABLE in str(caught.value)  # the hint: is the URL the API root?


def test_a_timeout_is_a_typed_error_and_is_not_retried(chat: ChatServer) -> None:
    chat.always(reply("stance_supports.json", delay=3.0))
    with make_client(chat, timeout=0.3) as client, pytest.raises(FetchTimeoutError) as caught:
        client.complete(ask("Claim: it shipped."))
    assert chat.completions == 1
    assert isinstance(caught.value, TimeoutError)
    assert failure_code(caught.value) == "chat_timeout"


def test_malformed_json_is_asked_again_once(chat: ChatServer) -> None:
    chat.on("once", reply("malformed_json.json"), reply("stance_supports.json"))
    chat.on("twice", reply("malformed_json.json"))
    with make_client(chat) as client:
        assert client.complete(ask("Claim: once.")).value.stance == "supports"
        assert chat.requests_about("once") == 2
        with pytest.raises(ChatReplyError) as caught:
            client.complete(ask("Claim: twice."))
    assert chat.requests_about("twice") == 2
    assert caught.value.code == "chat_malformed_reply"
    assert "not valid JSON" in str(caught.value)
    assert client.stats.tokens == 310 + 25 + 3 * 630  # the bad replies were paid for too


def test_a_reply_outside_the_schema_is_a_typed_error(chat: ChatServer) -> None:
    chat.always(reply("schema_mismatch.json"))
    with make_client(chat) as client, pytest.raises(ChatReplyError) as caught:
        client.complete(ask("Claim: it shipped."))
    assert caught.value.code == "chat_schema_mismatch"
    assert chat.completions == 2


@pytest.mark.parametrize(("file", "code"), [("truncated.json", "chat_truncated"), ("refusal.json", "chat_refused")])
def test_a_cut_off_or_refused_reply_is_not_asked_again(chat: ChatServer, file: str, code: str) -> None:
    chat.always(reply(file))
    with make_client(chat) as client, pytest.raises(ChatReplyError) as caught:
        client.complete(ask("Claim: it shipped."))
    assert caught.value.code == code
    assert chat.completions == 1


def test_a_reply_without_usage_is_counted_by_estimate(chat: ChatServer) -> None:
    chat.always(reply("no_usage.json"))
    with make_client(chat) as client:
        answer = client.complete(ask("Claim: it shipped."))
    assert answer.usage.estimated
    assert answer.usage.prompt_tokens == estimate_tokens(ask("Claim: it shipped.").messages)
    assert answer.usage.completion_tokens > 0


# -- the key stays home ------------------------------------------------------------------


def test_the_key_never_reaches_an_error_message(chat: ChatServer) -> None:
    chat.always(reply("unauthorized_echo.json", status=401))
    with make_client(chat) as client, pytest.raises(BadStatusError) as caught:
        client.complete(ask("Claim: it shipped."))
    assert API_KEY not in str(caught.value)
    assert "Incorrect API key provided: ***" in str(caught.value)


def test_a_redirect_is_not_followed_so_the_key_stays_with_the_origin(chat: ChatServer) -> None:
    with running(LocalServer()) as elsewhere:
        elsewhere.raw("/v1/chat/completions", b"{}", "application/json")
        chat.routes["/v1/chat/completions"] = lambda h: h.redirect(elsewhere.url("/v1/chat/completions"), 307)
        with make_client(chat) as client, pytest.raises(BadStatusError) as caught:
            client.complete(ask("Claim: it shipped."))
        assert elsewhere.requests == []
    assert "redirect" in str(caught.value)
    assert URL_VARIABLE in str(caught.value)
    assert API_KEY not in str(caught.value)


# -- budgets and concurrency -------------------------------------------------------------


def test_when_the_token_budget_runs_out_the_rest_fail_clearly(chat: ChatServer) -> None:
    chat.always(reply("stance_supports.json"))  # 335 tokens a reply
    requests = [ask(f"Claim number {n}.") for n in range(4)]
    need = estimate_tokens(requests[0].messages) + 100
    with make_client(chat, max_tokens=100, max_concurrency=1, token_budget=need + 50) as client:
        outcomes = client.complete_many(requests)
        assert client.stats.tokens == 335
    assert [o.ok for o in outcomes] == [True, False, False, False]
    assert chat.completions == 1
    for outcome in outcomes[1:]:
        assert isinstance(outcome.error, ChatBudgetError)
        assert outcome.error.which == "tokens"
        assert str(outcome.error).startswith("tokens budget exhausted")
        assert failure_code(outcome.error) == "chat_budget_exhausted"


def test_when_the_time_budget_runs_out_nothing_more_is_sent(chat: ChatServer) -> None:
    chat.always(reply("stance_supports.json"))
    now = [1000.0]
    client = make_client(chat, time_budget=60)
    client.clock = lambda: now[0]
    with client:
        assert client.complete(ask("Claim one.")).value.stance == "supports"
        now[0] += 61
        with pytest.raises(ChatBudgetError) as caught:
            client.complete(ask("Claim two."))
    assert caught.value.which == "time"
    assert chat.completions == 1


def test_a_request_cut_short_by_the_time_budget_says_so(chat: ChatServer) -> None:
    chat.always(reply("stance_supports.json", delay=3.0))
    with make_client(chat, time_budget=0.3, timeout=30, max_concurrency=1) as client:
        outcomes = client.complete_many([ask("Claim one."), ask("Claim two.")])
    assert chat.completions == 1  # the second never started: the budget was gone
    assert all(isinstance(o.error, ChatBudgetError) and o.error.which == "time" for o in outcomes)


def test_at_most_max_concurrency_requests_are_in_flight(chat: ChatServer) -> None:
    chat.always(reply("stance_supports.json", delay=0.15))
    with make_client(chat, max_concurrency=2) as client:
        outcomes = client.complete_many([ask(f"Claim {n}.") for n in range(6)])
    assert all(o.ok for o in outcomes)
    assert [o.request.messages[1].content for o in outcomes] == [f"Claim {n}." for n in range(6)]
    assert chat.max_inflight == 2


def test_a_batch_never_raises_for_one_bad_request(chat: ChatServer) -> None:
    chat.on("broken", reply("malformed_json.json"))
    chat.on("slow", reply("stance_supports.json", delay=3.0))
    chat.always(reply("stance_supports.json"))
    with make_client(chat, timeout=0.5) as client:
        outcomes = client.complete_many([ask("fine"), ask("broken"), ask("slow"), ask("also fine")])
    assert [o.ok for o in outcomes] == [True, False, False, True]
    assert isinstance(outcomes[1].error, ChatReplyError)
    assert isinstance(outcomes[2].error, FetchTimeoutError)


def test_the_async_api_is_the_same_code(chat: ChatServer) -> None:
    chat.always(reply("stance_supports.json"))

    async def main() -> tuple[str, int]:
        async with make_client(chat) as client:
            one = await client.acomplete(ask("Claim: it shipped."))
            many = await client.acomplete_many([ask("a"), ask("b")])
            return one.value.stance, sum(o.ok for o in many)

    assert anyio.run(main) == ("supports", 2)


def test_a_refused_connection_is_a_fetch_error(sleeps: RecordingSleep) -> None:
    settings = ChatSettings(
        base_url=f"http://127.0.0.1:{free_port()}/v1", model="m", retries=RetryPolicy(max_retries=1, backoff_base=0.01)
    )
    with ChatClient(settings, sleep=sleeps) as client, pytest.raises(FetchError) as caught:
        client.complete(ask("Claim: it shipped."))
    assert failure_code(caught.value) == "chat_connection_failed"
    assert len(sleeps.waits) == 1


# -- lifecycle ---------------------------------------------------------------------------

EXIT_DEADLINE = 30.0

PRELUDE = """
from typing import Literal
from pydantic import BaseModel
from claimtrack.web import RetryPolicy
from claimtrack.web.chat import ChatClient, ChatMessage, ChatRequest, ChatSettings

ONCE = RetryPolicy(max_retries=0)

class Verdict(BaseModel):
    stance: Literal["supports", "refutes", "mixed", "context"]
    reason: str

REQUEST = ChatRequest(messages=[ChatMessage("user", "Claim: it shipped.")], output=Verdict,
                      name="stance", prompt_version="stance/1")
"""

SCRIPTS = {
    "after a reply": (
        """
        client = ChatClient(ChatSettings(base_url=API, model="m"))
        print(client.complete(REQUEST).value.stance)
        """,
        0,
        "supports",
    ),
    "after a caught error": (
        """
        from claimtrack.errors import FetchError
        client = ChatClient(ChatSettings(base_url=DEAD, model="m", retries=ONCE))
        try:
            client.complete(REQUEST)
        except FetchError as exc:
            print(type(exc).__name__)
        """,
        0,
        "ConnectionFailedError",
    ),
    "after an uncaught error": (
        """
        print("asking", flush=True)
        ChatClient(ChatSettings(base_url=DEAD, model="m", retries=ONCE)).complete(REQUEST)
        """,
        1,
        "asking",
    ),
    "after drafting with an extractor": (
        """
        from datetime import date
        from claimtrack.intake.drafts import Passage
        from claimtrack.web.chat_extractor import ChatExtractor
        extractor = ChatExtractor(ChatClient(ChatSettings(base_url=API, model="m")))
        found = list(extractor.drafts([Passage(text="Nothing to see.", speaker="A")], said_on=date(2024, 3, 18)))
        print(len(found), "found")
        """,
        0,
        "0 found",
    ),
}


@pytest.mark.parametrize("case", list(SCRIPTS))
def test_a_script_that_never_closes_its_client_exits(chat: ChatServer, case: str) -> None:
    chat.on("Nothing to see", reply("extract_empty.json"))
    chat.always(reply("stance_supports.json"))
    body, exit_code, printed = SCRIPTS[case]
    script = f"API = {chat.api!r}\nDEAD = 'http://127.0.0.1:{free_port()}/v1'\n" + PRELUDE + textwrap.dedent(body)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=EXIT_DEADLINE,
            env=env,
            cwd=REPO,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the script did not exit within {EXIT_DEADLINE:g} s; it printed {exc.stdout!r}")
    assert done.returncode == exit_code, done.stderr
    assert printed in done.stdout
    assert "Exception ignored" not in done.stderr
