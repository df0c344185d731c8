"""Scorecard.to_* reach the renderers through the one the API layer installs, with explicit signatures."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from claimtrack.model import ClaimRecord
from claimtrack.renderers import render_html, render_json, render_markdown, render_terminal
from claimtrack.scoring import RenderFormat, Scorecard, install_renderer, scorecard
from claimtrack.scoring import types as scoring_types

DOORWAYS: dict[str, tuple[RenderFormat, Callable[..., str]]] = {
    "to_markdown": (RenderFormat.MARKDOWN, render_markdown),
    "to_html": (RenderFormat.HTML, render_html),
    "to_json": (RenderFormat.JSON, render_json),
    "to_terminal": (RenderFormat.TERMINAL, render_terminal),
}


def keywords(func: Callable[..., Any]) -> list[tuple[str, object]]:
    return [
        (p.name, p.default)
        for p in inspect.signature(func).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]


@pytest.mark.parametrize("method", sorted(DOORWAYS))
def test_each_method_has_its_renderers_keywords_and_defaults(method: str) -> None:
    _, render = DOORWAYS[method]
    assert keywords(getattr(Scorecard, method)) == keywords(render)
    assert not any(
        p.kind is inspect.Parameter.VAR_KEYWORD
        for p in inspect.signature(getattr(Scorecard, method)).parameters.values()
    )


def test_the_methods_call_the_installed_renderer_with_every_option(record: Callable[..., ClaimRecord]) -> None:
    card = scorecard([record("a")])
    calls: list[tuple[Scorecard, RenderFormat, dict[str, object]]] = []

    def fake(card: Scorecard, fmt: RenderFormat, /, **options: object) -> str:
        calls.append((card, fmt, options))
        return f"{fmt}!"

    previous = install_renderer(fake)
    try:
        assert card.to_markdown(max_claims=3) == "md!"
        assert card.to_html(title="T") == "html!"
        assert card.to_json(indent=None) == "json!"
        assert card.to_terminal(color=True) == "term!"
    finally:
        assert install_renderer(previous) is fake
    assert calls == [
        (card, RenderFormat.MARKDOWN, {"max_claims": 3, "title": None}),
        (card, RenderFormat.HTML, {"title": "T", "max_claims": 10_000, "max_unscored": 500}),
        (card, RenderFormat.JSON, {"include_claims": True, "indent": None}),
        (card, RenderFormat.TERMINAL, {"width": 120, "color": True, "max_claims": 30, "title": None}),
    ]


def test_the_installed_renderer_is_claimtrack_render(record: Callable[..., ClaimRecord]) -> None:
    card = scorecard([record("a", credence=0.7, deadline="2024-12-31", events=[("true", "2024-05-13")])])
    assert card.to_markdown() == render_markdown(card)
    assert card.to_json(include_claims=False) == render_json(card, include_claims=False)


def test_without_a_renderer_the_methods_say_what_installs_one(
    record: Callable[..., ClaimRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scoring_types, "_renderer", None)
    with pytest.raises(RuntimeError, match=r"claimtrack\.api"):
        scorecard([record("a")]).to_html()
