"""`model`: a `dataclasses.dataclass` that is cheaper to define, with the same behaviour.

On the Pythons pyxi supports, `dataclass` compiles every method it generates from source when
the class is defined: about 0.4 ms for a frozen class, about 21 ms for the ~56 classes a
`pyxi lock` or `pyxi install` imports, a sixth of what pyxi adds to rattler's own start
(issue 20). `model` lets `dataclass` write only what needs the class's fields spelled out,
`__init__` (and, for a frozen class, `__setattr__`/`__delattr__`), and gives every model an
`__eq__`, `__hash__` and `__repr__` made without compiling anything (closures over an
`operator.attrgetter` of its fields). They return what `dataclass`'s would (compared in
tests/unit/test_datamodel.py):
- `==` compares the fields with `compare=True`, as a tuple, between instances of the very
  same class (else `NotImplemented`);
- a frozen model hashes those fields (or those with `hash=True`); a mutable one is
  unhashable;
- `repr` shows the fields with `repr=True`, `...` where an object contains itself.
A method written in the class body is kept, as `dataclass` keeps it; `order=True` is handed
to `dataclass` whole.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorator: decorator

_T = TypeVar("_T")
_Values = Callable[[Any], tuple[Any, ...]]


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def model(cls: type[_T] | None = None, /, *, frozen: bool = False, order: bool = False) -> Any:
    """`@model`, `@model(frozen=True)`, `@model(frozen=True, order=True)`: as `@dataclass`."""

    def wrap(klass: type[_T]) -> type[_T]:
        if order:
            return dataclasses.dataclass(klass, frozen=frozen, order=True)
        own = set(klass.__dict__)
        made = dataclasses.dataclass(klass, frozen=frozen, eq=False, repr=False)
        fields = dataclasses.fields(made)  # type: ignore[arg-type]
        if "__repr__" not in own:
            made.__repr__ = _repr_of(tuple(f.name for f in fields if f.repr))  # type: ignore[method-assign]
        if "__eq__" not in own:
            made.__eq__ = _eq_of(_values([f.name for f in fields if f.compare]))  # type: ignore[method-assign]
            if "__hash__" not in own:
                hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
                made.__hash__ = _hash_of(_values(hashed)) if frozen else None  # type: ignore[method-assign,assignment]
        return made

    return wrap if cls is None else wrap(cls)


def _values(names: list[str]) -> _Values:
    """The fields `names` of an object, as a tuple (`attrgetter` does it in C)."""
    if len(names) >= 2:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _eq_of(values: _Values) -> Callable[[Any, Any], bool]:
    def __eq__(self: Any, other: Any) -> bool:
        if other.__class__ is self.__class__:
            return bool(values(self) == values(other))
        return NotImplemented

    return __eq__


def _hash_of(values: _Values) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _repr_of(names: tuple[str, ...]) -> Callable[[Any], str]:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__
