"""studyguide.valueclass behaves as the dataclasses it replaces on the start-up path."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from studyguide.catalog.model import Resource
from studyguide.progress.model import ItemState, Note
from studyguide.valueclass import field, fields, is_valueclass, replace, valueclass


@valueclass(frozen=True, slots=True)
class Point:
    """A read-only value."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()

    def moved(self, dx: int) -> Point:
        return replace(self, x=self.x + dx)


@valueclass
class Bag:
    name: str
    items: list[int] = field(default_factory=list)
    _memo: object = field(default=None, compare=False)


@dataclasses.dataclass
class DataBag:
    """The same class as Bag, made by dataclasses: the reference behaviour."""

    name: str
    items: list[int] = dataclasses.field(default_factory=list)
    _memo: object = dataclasses.field(default=None, compare=False, repr=False)


def test_init_takes_positional_and_keyword_arguments_with_defaults():
    assert (Point(1).x, Point(1).y, Point(1).tags) == (1, 0, ())
    p = Point(2, y=3, tags=("a",))
    assert (p.x, p.y, p.tags) == (2, 3, ("a",))
    with pytest.raises(TypeError):
        Point()
    with pytest.raises(TypeError):
        Point(1, z=2)


def test_a_default_factory_gives_each_instance_its_own_value():
    a, b = Bag("a"), Bag("b")
    a.items.append(1)
    assert b.items == [] and a.items == [1]


def test_equality_hash_and_repr_follow_the_compared_fields_like_dataclasses():
    for cls in (Bag, DataBag):
        assert cls("a", [1], _memo=1) == cls("a", [1], _memo=2)
        assert cls("a", [1]) != cls("a", [2])
        assert repr(cls("a", [1])) == f"{cls.__qualname__}(name='a', items=[1])"
    assert Bag("a") != DataBag("a")   # another class is never equal
    assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash(Point(1, 2))
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2
    with pytest.raises(TypeError):
        hash(Bag("a"))   # mutable, so unhashable (as an eq dataclass)


def test_frozen_refuses_assignment_and_slots_leave_no_instance_dict():
    p = Point(1)
    with pytest.raises(AttributeError):
        p.x = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.x  # type: ignore[misc]
    assert not hasattr(p, "__dict__") and Point.__slots__ == ("x", "y", "tags")
    assert Point.__doc__ == "A read-only value." and p.moved(2) == Point(3)


def test_fields_replace_and_is_valueclass():
    assert fields(Point) == ("x", "y", "tags") == fields(Point(1))
    assert replace(Point(1, 2), y=5) == Point(1, 5)
    with pytest.raises(TypeError, match="no field 'z'"):
        replace(Point(1), z=1)
    assert is_valueclass(Point(1)) and not is_valueclass(DataBag("a"))


def test_a_mutable_default_is_refused_as_dataclasses_refuse_it():
    with pytest.raises(TypeError, match="mutable default"):
        @valueclass
        class Shared:
            items: list = []


def test_a_field_without_a_default_after_one_with_a_default_is_refused():
    with pytest.raises(TypeError, match="without a default"):
        @valueclass
        class Wrong:
            a: int = 0
            b: int


def test_the_progress_classes_deep_copy_and_compare_as_undo_needs():
    state = ItemState(status="done", spent_hours=2.0, notes=[Note("read it")])
    clone = copy.deepcopy(state)
    assert clone == state and clone.notes is not state.notes
    clone.notes.append(Note("again"))
    assert clone != state and ItemState().is_blank() and not state.is_blank()


def test_frozen_slotted_classes_copy_and_pickle():
    import pickle

    from studyguide.catalog.model import Person

    p = Point(1, 2, ("a",))
    assert copy.copy(p) == p and copy.deepcopy(p) == p and pickle.loads(pickle.dumps(p)) == p
    person = Person("Ada", "why")
    assert copy.deepcopy(person) == person and pickle.loads(pickle.dumps(person)) == person


def test_the_catalog_classes_keep_their_fields_in_declared_order():
    # The snapshot cache stores values positionally in this order (catalog/cache.py).
    assert fields(Resource)[:4] == ("id", "title", "authors", "kind")
    assert fields(Resource)[-1] == "label" and len(set(fields(Resource))) == len(fields(Resource))
