"""Value classes for the start-up path: what `dataclasses` gives, without its import-time cost.

`@dataclass` compiles source text for each class's `__init__`, `__repr__` and `__eq__`
while the module loads: about half a millisecond a class, 12 ms of the 22 classes
that `next` and `status` load (docs/performance.md). `@valueclass` reads the same class
body (annotated fields, defaults, `field(default_factory=...)`) and compiles only
`__init__`, the first time the class is instantiated; equality, hashing and repr
are shared methods over the field values. Type checkers see a dataclass (PEP 681).

Supported: fields in order with defaults after the others, `frozen`, `slots`, and
`field(default=..., default_factory=..., compare=False)` (a field left out of
equality and repr); `ClassVar` annotations are not fields. Not supported: inheritance
between value classes, `__post_init__`, ordering.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable, TypeVar, dataclass_transform

T = TypeVar("T")

_MISSING: Any = object()


class _Field:
    __slots__ = ("default", "factory", "compare")

    def __init__(self, default: Any, factory: Callable[[], Any] | None, compare: bool) -> None:
        self.default, self.factory, self.compare = default, factory, compare


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None,
          compare: bool = True) -> Any:
    """A field's default made fresh for each instance (`default_factory`), or kept out of
    equality and repr (`compare=False`)."""
    return _Field(default, default_factory, compare)


@dataclass_transform(field_specifiers=(field,))
def valueclass(cls: Any = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """Make `cls` a value class from its annotated fields (use as `@valueclass` or `@valueclass(...)`)."""
    def wrap(cls: type) -> type:
        return _make(cls, frozen, slots)
    return wrap if cls is None else wrap(cls)


def fields(obj_or_cls: Any) -> tuple[str, ...]:
    """A value class's field names, in order."""
    return obj_or_cls.__valueclass_fields__


def is_valueclass(obj: Any) -> bool:
    return hasattr(type(obj), "__valueclass_fields__")


def replace(obj: T, **changes: Any) -> T:
    """A copy of `obj` with some fields changed (as dataclasses.replace)."""
    cls: Any = type(obj)
    unknown = changes.keys() - set(cls.__valueclass_fields__)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {sorted(unknown)[0]!r}")
    return cls(**{name: changes[name] if name in changes else getattr(obj, name)
                  for name in cls.__valueclass_fields__})


def _make(cls: type, frozen: bool, slots: bool) -> type:
    names: list[str] = []
    defaults: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    compared: list[str] = []
    for name, note in cls.__dict__.get("__annotations__", {}).items():
        if str(note).startswith(("ClassVar", "typing.ClassVar")):
            continue
        names.append(name)
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, _Field) else _Field(value, None, True)
        if spec.factory is not None:
            factories[name] = spec.factory
        elif spec.default is not _MISSING:
            if isinstance(spec.default, (list, dict, set)):   # shared by every instance: a bug
                raise TypeError(f"{cls.__name__}.{name}: a mutable default; use field(default_factory=...)")
            defaults[name] = spec.default
        elif defaults or factories:
            raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one with a default")
        if spec.compare:
            compared.append(name)
    # Defaults live in __init__, so fields leave the class body (a slot cannot share its name).
    namespace = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__", *names)}
    if slots:
        namespace["__slots__"] = tuple(names)
    namespace.update(__valueclass_fields__=tuple(names), __eq__=_eq, __repr__=_repr, __match_args__=tuple(names),
                     # attrgetter is not a method (no binding): called as self._valueclass_key(self)
                     _valueclass_key=attrgetter(*compared) if compared else staticmethod(lambda obj: ()),
                     _valueclass_shown=tuple(compared))
    namespace["__hash__"] = _hash if frozen else None
    if frozen:   # copy, deepcopy and pickle make one again through __init__, not setattr
        namespace.update(__setattr__=_frozen, __delattr__=_frozen, __reduce__=_reduce)
    made: Any = type(cls.__name__, cls.__bases__, namespace)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        # The first instance compiles the real __init__ and puts it in this one's place.
        made.__init__ = _compile_init(made, names, defaults, factories, frozen)
        made.__init__(self, *args, **kwargs)

    made.__init__ = __init__
    return made


def _compile_init(cls: type, names: list[str], defaults: dict[str, Any],
                  factories: dict[str, Callable[[], Any]], frozen: bool) -> Callable[..., None]:
    env: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    params, body = [], []
    for name in names:
        if name in factories:
            env[f"_f_{name}"] = factories[name]
            params.append(f"{name}=_MISSING")
            value = f"_f_{name}() if {name} is _MISSING else {name}"
        else:
            if name in defaults:
                env[f"_d_{name}"] = defaults[name]
            params.append(f"{name}=_d_{name}" if name in defaults else name)
            value = name
        body.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    source = (f"def __init__(self, {', '.join(params)}):\n    "
              + ("\n    ".join(body) or "pass") + "\n")
    exec(compile(source, f"<valueclass {cls.__qualname__}>", "exec"), env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self._valueclass_key(self) == other._valueclass_key(other)


def _hash(self: Any) -> int:
    return hash(self._valueclass_key(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._valueclass_shown)
    return f"{type(self).__qualname__}({shown})"


def _reduce(self: Any) -> tuple:
    return type(self), tuple(getattr(self, name) for name in self.__valueclass_fields__)


def _frozen(self: Any, name: str, *value: Any) -> None:
    raise AttributeError(f"cannot assign to field {name!r} of a read-only {type(self).__name__}")
