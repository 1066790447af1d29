"""`pyxi.datamodel.model` behaves as `dataclasses.dataclass`: the same class shapes defined both
ways give the same equality, hashes, reprs and errors."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pytest

from pyxi.datamodel import model


def _pair(decorate: Any) -> dict[str, type]:
    """The same classes, defined with `decorate` (`dataclass` or `model`)."""

    @decorate(frozen=True)
    class Point:
        x: int
        y: int = 0
        note: str = field(default="", compare=False)
        secret: str = field(default="s", repr=False)
        tag: str = field(default="t", hash=False)

    @decorate
    class Box:
        items: list[Any] = field(default_factory=list)
        label: str = "box"

    @decorate(frozen=True)
    class Point3(Point):
        z: int = 0

    @decorate(frozen=True)
    class Custom:
        value: int

        def __eq__(self, other: object) -> bool:
            return True

        def __repr__(self) -> str:
            return "custom"

    @decorate(frozen=True)
    class Empty:
        pass

    return {"Point": Point, "Box": Box, "Point3": Point3, "Custom": Custom, "Empty": Empty}


STD, MINE = _pair(dataclass), _pair(model)


def _same(check: Any) -> None:
    """`check(classes)` gives the same outcome (value or exception type) both ways."""

    def outcome(classes: dict[str, type]) -> Any:
        try:
            return ("ok", check(classes))
        except Exception as error:  # noqa: BLE001 - the type is the outcome compared
            return ("raised", type(error))

    assert outcome(MINE) == outcome(STD)


@pytest.mark.parametrize("check", [
    lambda c: c["Point"](1, 2) == c["Point"](1, 2),
    lambda c: c["Point"](1, 2) == c["Point"](1, 3),
    lambda c: c["Point"](1, 2, note="a") == c["Point"](1, 2, note="b"),  # compare=False
    lambda c: c["Point"](1, 2, tag="a") == c["Point"](1, 2, tag="b"),  # compared, not hashed
    lambda c: c["Point"](1, 2) != c["Point"](1, 2),
    lambda c: c["Point"](1, 2) == c["Point3"](1, 2),  # another class: never equal
    lambda c: c["Point"](1, 2) == (1, 2),
    lambda c: c["Point"](1, 2).__eq__((1, 2)),
    lambda c: hash(c["Point"](1, 2)),
    lambda c: hash(c["Point"](1, 2, note="a", tag="b")) == hash(c["Point"](1, 2)),
    lambda c: hash(c["Point3"](1, 2, z=3)),
    lambda c: hash(c["Box"]()),  # mutable: unhashable
    lambda c: c["Box"]([1]) == c["Box"]([1]),
    lambda c: c["Box"]([1]) == c["Box"]([2]),
    lambda c: repr(c["Point"](1, 2, note="n")),
    lambda c: repr(c["Point3"](1, 2, z=3)),
    lambda c: repr(c["Box"](["a", 1])),
    lambda c: repr(c["Empty"]()),
    lambda c: hash(c["Empty"]()) == hash(c["Empty"]()),
    lambda c: c["Empty"]() == c["Empty"](),
    lambda c: (c["Custom"](1) == c["Custom"](2), repr(c["Custom"](1))),
    lambda c: setattr(c["Point"](1), "x", 2),  # frozen
    lambda c: delattr(c["Point"](1), "x"),
    lambda c: c["Point"](),  # missing argument
    lambda c: dataclasses.astuple(c["Point3"](1, 2, z=3)),
    lambda c: dataclasses.replace(c["Point"](1, 2), y=5) == c["Point"](1, 5),
    lambda c: [f.name for f in dataclasses.fields(c["Point3"])],
    lambda c: c["Point"].__match_args__,
])
def test_model_behaves_as_dataclass(check: Any) -> None:
    _same(check)


def test_repr_of_an_object_that_contains_itself() -> None:
    def shown(classes: dict[str, type]) -> str:
        box = classes["Box"]()
        box.items.append(box)
        return repr(box)

    assert shown(MINE) == shown(STD)
    assert "..." in shown(MINE)


def test_ordered_models_are_plain_dataclasses() -> None:
    @model(frozen=True, order=True)
    class Version:
        major: int
        minor: int = 0

    assert Version(1, 2) < Version(2) and min([Version(2), Version(1, 5)]) == Version(1, 5)
    assert len({Version(1), Version(1)}) == 1
