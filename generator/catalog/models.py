"""Typed view of the catalog. Built only from data that passed the JSON Schemas."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

AREAS = ("resource-selection", "networking", "governance", "management", "security")
MODES = ("private", "public", "landing-zone")


@dataclass(frozen=True)
class Role:
    name: str
    id: str


@dataclass(frozen=True)
class TypeMapping:
    """An ARM type a module declares and the azurerm/azapi resources that express it."""

    arm_type: str
    api_version: str
    azurerm: tuple[str, ...]
    abbreviation: str | None = None


@dataclass(frozen=True)
class Naming:
    style: str  # hyphen | compact | fixed
    min: int
    max: int
    pattern: str


@dataclass(frozen=True)
class PrivateEndpoint:
    group_ids: tuple[str, ...]
    dns_zones: tuple[str, ...]


@dataclass(frozen=True)
class Claim:
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


@dataclass(frozen=True)
class Component:
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


@dataclass(frozen=True)
class Item:
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


@dataclass(frozen=True)
class Area:
    area: str
    title: str
    prefix: str
    page: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Model:
    name: str
    format: str
    version: str
    sku: str
    capacity: int


@dataclass(frozen=True)
class RoleGrant:
    role: str
    scope: str


@dataclass(frozen=True)
class Identity:
    name: str
    type: str
    roles: tuple[RoleGrant, ...]


@dataclass(frozen=True)
class Architecture:
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


@dataclass(frozen=True)
class Region:
    name: str
    display_name: str
    geography: str


@dataclass
class Catalog:
    root: Path
    architectures: dict[str, Architecture]
    components: dict[str, Component]
    roles: dict[str, Role]
    supporting_types: tuple[TypeMapping, ...]
    areas: dict[str, Area]
    regions: dict[str, Region]
    claims: dict[str, tuple[Claim, ...]]  # module -> claims
    recommend: dict = field(default_factory=dict)

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
