"""Typed view of the catalog. Built only from data that passed the JSON Schemas."""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, field
from pathlib import Path

AREAS = ("resource-selection", "networking", "governance", "management", "security")
MODES = ("private", "public", "landing-zone")


class _Value:
    """``__init__``, ``__repr__`` and ``__eq__`` as ``@dataclass`` generates them, written once.

    ``@dataclass`` compiles each generated method with ``exec`` when the class is created:
    about 9 ms for this module, paid by every `archkit list` and `show`, which need the
    classes only to unpickle the cached catalog. The models below are still dataclasses
    (``fields``, ``replace``, ``asdict`` work), declared with ``init``, ``repr`` and ``eq``
    off so that these shared methods are used instead.
    """

    __slots__ = ()

    @classmethod
    def _spec(cls) -> tuple:
        spec = cls.__dict__.get("_value_spec")
        if spec is None:
            spec = tuple((f.name, f.default, f.default_factory) for f in cls.__dataclass_fields__.values())
            cls._value_spec = spec
        return spec

    def __init__(self, *args, **kwargs):
        spec = self._spec()
        if len(args) > len(spec):
            raise TypeError(f"{type(self).__name__}() takes {len(spec)} arguments but {len(args)} were given")
        d = self.__dict__
        for (name, _default, _factory), value in zip(spec, args):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got multiple values for argument {name!r}")
            d[name] = value
        for name, default, factory in spec[len(args):]:
            if name in kwargs:
                d[name] = kwargs.pop(name)
            elif default is not MISSING:
                d[name] = default
            elif factory is not MISSING:
                d[name] = factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing required argument: {name!r}")
        if kwargs:
            raise TypeError(f"{type(self).__name__}() got unexpected keyword arguments: {', '.join(kwargs)}")

    def _astuple(self) -> tuple:
        d = self.__dict__
        return tuple(d[name] for name, _default, _factory in self._spec())

    def __repr__(self) -> str:
        d = self.__dict__
        body = ", ".join(f"{name}={d[name]!r}" for name, _default, _factory in self._spec())
        return f"{type(self).__qualname__}({body})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._astuple() == other._astuple()
        return NotImplemented


class _Frozen(_Value):
    """``@dataclass(frozen=True)``: no assignment after ``__init__``, hashable by value."""

    __slots__ = ()

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._astuple())


_frozen = dataclass(init=False, repr=False, eq=False)  # + _Frozen: a frozen dataclass


@_frozen
class Role(_Frozen):
    """An Azure built-in role: its name and role definition id."""

    name: str
    id: str


@_frozen
class TypeMapping(_Frozen):
    """An ARM type a module declares and the azurerm/azapi resources that express it."""

    arm_type: str
    api_version: str
    azurerm: tuple[str, ...]
    abbreviation: str | None = None


@_frozen
class Naming(_Frozen):
    """How a component's resource name is built and how long it may be."""

    style: str  # hyphen | compact | fixed
    min: int
    max: int
    pattern: str


@_frozen
class PrivateEndpoint(_Frozen):
    """The private endpoint sub-resources and DNS zones of a component."""

    group_ids: tuple[str, ...]
    dns_zones: tuple[str, ...]


# A role grant's scope that is the workload's resource group rather than one component.
RESOURCE_GROUP_SCOPE = "resource-group"


@_frozen
class Claim(_Frozen):
    """A secure setting a module writes, and the checklist item it satisfies."""

    item: str
    setting: str
    bicep_resource: str
    bicep_path: str
    bicep_value: object
    terraform_resource: str
    terraform_path: str
    terraform_value: object
    modes: tuple[str, ...] = MODES
    # A structural claim (nsg-on-subnets, egress-to-firewall, diagnostics, role) proves a
    # shape of the rendered code instead of one property value; the fields above are then empty.
    check: str | None = None
    # Component ids whose presence in the entry voids the claim (the module then writes
    # another shape, e.g. API Management injected in internal mode behind Application Gateway).
    unless: tuple[str, ...] = ()
    # Component ids the entry must deploy for the claim to apply.
    requires: tuple[str, ...] = ()


@_frozen
class Coverage(_Frozen):
    """How far one module's claims carry a checklist item, and why (catalog/claims/*.yaml)."""

    item: str
    level: str  # full | partial
    rationale: str  # one line a reviewer can check against the item's text
    remaining: str = ""  # full: the process work left; partial: what the code does not do


ENVIRONMENTS = ("dev", "test", "prod")


@_frozen
class Sizing(_Frozen):
    """A setting whose value differs per environment (dev economical, prod as the guidance sizes it)."""

    setting: str
    type: str  # int | bool | string
    description: str
    values: tuple  # (dev, test, prod), in ENVIRONMENTS order

    def value(self, environment: str):
        return self.values[ENVIRONMENTS.index(environment)]


@_frozen
class Component(_Frozen):
    """An Azure service the generator can deploy, and the module that deploys it."""

    id: str
    title: str
    service: str
    aliases: tuple[str, ...]
    module: str
    arm_type: str
    api_version: str
    azurerm_type: str
    kind: str | None
    sku: str | None
    abbreviation: str
    naming: Naming
    private_endpoint: PrivateEndpoint | None
    diagnostics: bool
    roles: tuple[str, ...]
    resources: tuple[TypeMapping, ...] = ()
    requires_network: bool = False
    depends_on: tuple[str, ...] = ()
    sizing: tuple[Sizing, ...] = ()

    @property
    def type_mappings(self) -> tuple[TypeMapping, ...]:
        main = TypeMapping(self.arm_type, self.api_version, (self.azurerm_type,), self.abbreviation)
        return (main, *self.resources)

    def matches_service(self, text: str) -> bool:
        t = text.strip().lower()
        names = {self.id, self.service.lower(), self.title.lower(), self.arm_type.lower(), self.azurerm_type}
        names |= {a.lower() for a in self.aliases}
        names |= {m.arm_type.lower() for m in self.resources}
        return t in names or any(t in n for n in (self.service.lower(), self.title.lower()))


@_frozen
class Item(_Frozen):
    """One checklist item of a design area (or of an entry, or a kit)."""

    id: str
    area: str
    text: str
    applies_to: str
    severity: str
    link: str
    iac: str
    services: tuple[str, ...] = ()
    retired: bool = False
    source: str = "catalog"  # catalog | architecture | kit


@_frozen
class Area(_Frozen):
    """A design area and its checklist items."""

    area: str
    title: str
    prefix: str
    page: str
    items: tuple[Item, ...]


@_frozen
class Model(_Frozen):
    """A model deployment an entry declares."""

    name: str
    format: str
    version: str
    sku: str
    capacity: int


@_frozen
class RoleGrant(_Frozen):
    """A role an identity holds on one of the entry's components."""

    role: str
    scope: str


@_frozen
class Identity(_Frozen):
    """A managed identity of an entry and its role grants."""

    name: str
    type: str
    roles: tuple[RoleGrant, ...]
    module: str = ""  # the module that creates it and grants its roles; "" = the workload identity
    compute: str = ""  # the compute component that runs as it (its own user-assigned identity)


@_frozen
class Option(_Frozen):
    """Components of an entry rendered only when the answers choose them."""

    id: str
    title: str
    components: tuple[str, ...]
    reason: str  # why it is off by default (README)


@_frozen
class Architecture(_Frozen):
    """One catalog entry: a reference architecture or guide."""

    id: str
    title: str
    summary: str
    kind: str
    category: str
    audience: str
    audience_label: str
    scenarios: tuple[str, ...]
    links: dict
    components: tuple[str, ...]
    not_generated: tuple[dict, ...]
    models: tuple[Model, ...]
    network_default: str
    network_supported: tuple[str, ...]
    network_notes: str
    identities: tuple[Identity, ...]
    data_flow: tuple[str, ...]
    decisions: dict
    extras: tuple[str, ...]
    checklist_items: tuple[Item, ...]
    file: str = ""
    # component id -> settings with this entry's per-environment values (table values
    # with the entry's overrides applied)
    sizing: dict = field(default_factory=dict)
    policies: tuple = ()  # ({name, component, definition, title}, ...) assigned at workload scope
    flow: tuple = ()  # ({from, to, label?}, ...) for the README diagram
    differences: tuple[str, ...] = ()
    # Components the guidance makes optional or costly, added by `--set options=ID,...`
    options: tuple[Option, ...] = ()

    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@_frozen
class Region(_Frozen):
    """An Azure region the catalog knows."""

    name: str
    display_name: str
    geography: str


@dataclass(init=False, repr=False, eq=False)
class Catalog(_Value):
    """The whole catalog, as `load_catalog` returns it (a mutable dataclass: not hashable)."""

    __hash__ = None

    root: Path
    architectures: dict[str, Architecture]
    components: dict[str, Component]
    roles: dict[str, Role]
    supporting_types: tuple[TypeMapping, ...]
    areas: dict[str, Area]
    regions: dict[str, Region]
    claims: dict[str, tuple[Claim, ...]]  # module -> claims
    recommend: dict = field(default_factory=dict)
    coverage: dict[str, dict[str, Coverage]] = field(default_factory=dict)  # module -> item -> coverage

    def architecture(self, arch_id: str) -> Architecture:
        from ..errors import UnknownIdError

        try:
            return self.architectures[arch_id]
        except KeyError:
            raise UnknownIdError("architecture", arch_id, sorted(self.architectures)) from None

    def items(self, include_retired: bool = False):
        for area in self.areas.values():
            for item in area.items:
                if include_retired or not item.retired:
                    yield item

    def azurerm_to_arm(self) -> dict[str, set[str]]:
        """Every azurerm type we generate, mapped to the ARM types it expresses."""
        mapping: dict[str, set[str]] = {}
        for m in self.all_type_mappings():
            for tf in m.azurerm:
                mapping.setdefault(tf, set()).add(m.arm_type)
        return mapping

    def all_type_mappings(self):
        for c in self.components.values():
            yield from c.type_mappings
        yield from self.supporting_types
