"""An optional embedding rerank for matching: wordllama, loaded offline from its wheel.

`wordllama <https://github.com/dleemiller/WordLlama>`_ ships its 256-dim
embedding weights in its wheel (about 16 MB), so it runs on a machine with no
network and no GPU. Its loader, though, looks for the tokenizer file in a
``tokenizer/`` folder beside its code while the wheel has it in
``tokenizers/``, then tries to download it. :class:`WordLlamaReranker` copies
the tokenizer file into a cache folder of its own (once, atomically) and
loads with ``disable_download=True``: it never touches the network.

It lives with the other model backends (:mod:`claimtrack.web.chat_stance`)
at the edge because loading reads files; the matcher sees only the
:class:`~claimtrack.checking.matching.Reranker` protocol. Install it with
``pip install 'claimtrack[rerank]'``.

Measured on the AVeriTeC dev split (odd half; ``python
benchmarks/eval_matching_averitec.py --rerank``): per-claim top-1 from
answers 0.520 -> 0.568, from questions and answers 0.804 -> 0.836.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["RerankUnavailableError", "WordLlamaReranker", "default_cache"]

_TOKENIZER = "l2_supercat_tokenizer_config.json"


class RerankUnavailableError(RuntimeError):
    """wordllama is not installed, or its files are not where its wheel puts them."""


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/claimtrack/wordllama`` (``~/.cache/claimtrack/wordllama``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimtrack" / "wordllama"


class WordLlamaReranker:
    """Cosine similarity of wordllama embeddings: a :class:`~claimtrack.checking.matching.Reranker`.

    >>> rerank = WordLlamaReranker()                                   # doctest: +SKIP
    >>> ct.propose(ledger, evidence, as_of=day, rerank=rerank)          # doctest: +SKIP
    """

    name = "wordllama/l2_supercat/256"

    def __init__(self, *, cache_dir: str | os.PathLike[str] | None = None) -> None:
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError as exc:
            raise RerankUnavailableError(
                "the embedding rerank needs wordllama: pip install 'claimtrack[rerank]'"
            ) from exc
        cache = Path(cache_dir) if cache_dir is not None else default_cache()
        shipped = Path(wordllama.__file__).parent / "tokenizers" / _TOKENIZER
        target = cache / "tokenizers" / _TOKENIZER
        if not target.exists():
            if not shipped.exists():
                raise RerankUnavailableError(f"wordllama's tokenizer is not in its wheel at {shipped}")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tokenizer-")
            os.close(fd)
            shutil.copyfile(shipped, temporary)
            os.chmod(temporary, 0o644)  # mkstemp makes 0600 files, kept by os.replace
            os.replace(temporary, target)
        try:
            self._model: Any = WordLlama.load(cache_dir=cache, disable_download=True)
        except FileNotFoundError as exc:
            raise RerankUnavailableError(f"wordllama could not load offline: {exc}") from exc

    def __call__(self, text: str, others: Sequence[str]) -> list[float]:
        """Cosine similarity of ``text`` to each of ``others``, in [-1, 1]."""
        if not others:
            return []
        vectors = self._model.embed([text, *others], norm=True)
        return [float(x) for x in vectors[1:] @ vectors[0]]
