"""How results show themselves in a notebook: short reprs, the HTML hook, and pandas on demand.

Claims, ledgers, scorecards and the check and fidelity results have a one-line ``__repr__``
and a ``_repr_html_`` that Jupyter calls. The HTML is written by
:mod:`claimtrack.renderers.notebook`, a layer above every class that shows itself, so
``_repr_html_`` calls :func:`html_repr`, which asks the function the API layer installs
when ``claimtrack`` is imported (:func:`install_html_repr`; the same pattern as the
scorecard's ``to_*`` methods). With none installed it returns None and a notebook
shows the ``repr``.

``to_pandas()`` methods import pandas through :func:`import_pandas`: only when called,
so pandas stays an optional extra (``pip install 'claimtrack[pandas]'``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["HtmlRepr", "data_frame", "html_repr", "import_pandas", "install_html_repr", "one_line"]

HtmlRepr = Callable[[object], str | None]
"""Writes the notebook HTML of an object, or returns None for an object it does not show."""

_html_repr: HtmlRepr | None = None


def install_html_repr(writer: HtmlRepr | None) -> HtmlRepr | None:
    """Make ``writer`` the one every ``_repr_html_`` calls; returns the one it replaces (None at first)."""
    global _html_repr  # one process-wide wiring, set at import by claimtrack.api
    previous, _html_repr = _html_repr, writer
    return previous


def html_repr(obj: object) -> str | None:
    """The HTML a notebook shows for ``obj``; None (the notebook shows the repr) when no writer is installed."""
    return None if _html_repr is None else _html_repr(obj)


def import_pandas() -> Any:
    """The pandas module; ModuleNotFoundError saying how to install it when it is missing."""
    try:
        return importlib.import_module("pandas")
    except ModuleNotFoundError as exc:
        if exc.name != "pandas":
            raise
        raise ModuleNotFoundError(
            "to_pandas() needs pandas, an optional dependency: pip install 'claimtrack[pandas]'", name="pandas"
        ) from exc


def data_frame(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, dates: Sequence[str] = (), index: str | None = None
) -> Any:
    """A pandas DataFrame of ``rows`` with exactly ``columns`` (also when there is no row).

    The ``dates`` columns become pandas datetimes (NaT where empty), so they filter and
    plot as dates; ``index`` names the column to index by.
    """
    pandas = import_pandas()
    frame = pandas.DataFrame.from_records(list(rows), columns=list(columns))
    for column in dates:
        frame[column] = pandas.to_datetime(frame[column])
    return frame.set_index(index) if index is not None else frame


def one_line(text: str, width: int = 60) -> str:
    """``text`` on one line (runs of white space made one space), cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
