"""`model`: a `dataclasses.dataclass` that is cheaper to define, with the same behaviour.

On the Pythons pyxi supports, `dataclass` compiles every method it generates from source when
the class is defined: about 0.4 ms for a frozen class, about 21 ms for the ~56 classes a
`pyxi lock` or `pyxi install` imports, a sixth of what pyxi adds to rattler's own start
(issue 20). `model` lets `dataclass` write only what needs the class's fields spelled out,
`__init__` (and, for a frozen class, `__setattr__`/`__delattr__`), and gives every model the
same `__eq__`, `__hash__` and `__repr__`, which read the fields from the class once. They
return what `dataclass`'s would (tests/unit/test_datamodel.py compares them):
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
import reprlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorator: decorator

_T = TypeVar("_T")
_Getter = Callable[[Any], tuple[Any, ...]]
_compared: dict[type, _Getter] = {}
_hashed: dict[type, _Getter] = {}
_shown: dict[type, tuple[str, ...]] = {}


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def model(cls: type[_T] | None = None, /, *, frozen: bool = False, order: bool = False) -> Any:
    """`@model`, `@model(frozen=True)`, `@model(frozen=True, order=True)`: as `@dataclass`."""

    def wrap(klass: type[_T]) -> type[_T]:
        if order:
            return dataclasses.dataclass(klass, frozen=frozen, order=True)
        own = set(klass.__dict__)
        made = dataclasses.dataclass(klass, frozen=frozen, eq=False, repr=False)
        if "__repr__" not in own:
            made.__repr__ = _repr  # type: ignore[method-assign]
        if "__eq__" not in own:
            made.__eq__ = _eq  # type: ignore[method-assign]
            if "__hash__" not in own:
                made.__hash__ = _hash if frozen else None  # type: ignore[method-assign,assignment]
        return made

    return wrap if cls is None else wrap(cls)


def _getter(names: tuple[str, ...]) -> _Getter:
    return lambda obj: tuple(getattr(obj, name) for name in names)


def _fields_getter(cache: dict[type, _Getter], klass: type,
                   chosen: Callable[[dataclasses.Field[Any]], bool]) -> _Getter:
    getter = cache.get(klass)
    if getter is None:
        names = tuple(f.name for f in dataclasses.fields(klass) if chosen(f))
        getter = cache[klass] = _getter(names)
    return getter


def _eq(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = _fields_getter(_compared, self.__class__, lambda f: f.compare)
    return values(self) == values(other)


def _hash(self: Any) -> int:
    values = _fields_getter(_hashed, self.__class__,
                            lambda f: f.compare if f.hash is None else bool(f.hash))
    return hash(values(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    klass = self.__class__
    names = _shown.get(klass)
    if names is None:
        names = _shown[klass] = tuple(f.name for f in dataclasses.fields(klass) if f.repr)
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
    return f"{klass.__qualname__}({shown})"
