"""What the engine derives from a knowledge base once, rather than again for every history.

A loaded knowledge base never changes, so anything computed from it alone (plain texts, look-ups
by id, the options in display order) can be kept as long as it is in use: `derived(kb, build)`
keeps what `build(kb)` returns, once per knowledge base and builder. `Memo` is a bounded cache
for results that depend on a few plain values (a check's result for one dose, one definition).

Only a few knowledge bases are kept at a time (tests build many); one that is used again after
it was dropped is simply prepared again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from trd_aid.engine.results import CheckResult
    from trd_aid.knowledge.models import Definition, Drug, KnowledgeBase

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

KEPT = 4
_DERIVED: dict[int, tuple[KnowledgeBase, dict[Callable[..., Any], Any]]] = {}
_LAST: list[Any] = [None, {}]  # the knowledge base asked about last, and its values


def derived(kb: KnowledgeBase, build: Callable[[KnowledgeBase], T]) -> T:
    """`build(kb)`, computed once for this knowledge base (the same object, not an equal one).

    It is asked many times per history (per trial and definition, per option), almost always about
    the knowledge base asked about last, so that one's values are kept at hand."""
    if _LAST[0] is kb:
        values = _LAST[1]
    else:
        entry = _DERIVED.get(id(kb))
        if entry is None or entry[0] is not kb:
            if len(_DERIVED) >= KEPT:
                del _DERIVED[next(iter(_DERIVED))]
            entry = (kb, {})
            _DERIVED[id(kb)] = entry
        values = entry[1]
        _LAST[:] = entry
    try:
        value: T = values[build]
    except KeyError:
        value = values[build] = build(kb)
    return value


def forget() -> None:
    """Drop everything derived and kept, as if no history had been judged yet (for tests)."""
    _DERIVED.clear()
    _LAST[:] = [None, {}]


class Memo(Generic[K, V]):
    """Values by key, computed on first use. It forgets everything when full, so it never grows
    without bound (a batch of unusual doses), and the common keys are soon back."""

    __slots__ = ("_limit", "known")

    def __init__(self, limit: int = 4096) -> None:
        self.known: dict[K, V] = {}  # read it directly in a hot loop: `memo.known.get(key) or memo.keep(...)`
        self._limit = limit

    def get(self, key: K, compute: Callable[[], V]) -> V:
        try:
            return self.known[key]
        except KeyError:
            return self.keep(key, compute())

    def keep(self, key: K, value: V) -> V:
        if len(self.known) >= self._limit:
            self.known.clear()
        self.known[key] = value
        return value


class KnowledgeIndex:
    """One knowledge base's drugs and definitions by id, and the kept results of the adequacy checks
    (`trd_aid.engine.adequacy.judge_trial` says what each depends on)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.drugs: dict[str, Drug] = {d.id: d for d in kb.drugs}
        self.definitions: dict[str, Definition] = {d.id: d for d in kb.definitions}
        self.checks: Memo[tuple[object, ...], CheckResult] = Memo(8192)

    def owns(self, drug: Drug, definition: Definition) -> bool:
        """Whether both are this knowledge base's own (only then may a kept result stand for them)."""
        return self.drugs.get(drug.id) is drug and self.definitions.get(definition.id) is definition
