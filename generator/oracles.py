"""Read access to the offline oracles: ARM types (Bicep type index) and azurerm 4.79."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path


class Oracles:
    def __init__(self, root: Path):
        self.root = Path(root)

    @cached_property
    def _arm(self) -> dict[str, dict]:
        data = json.loads((self.root / "azure-resource-types.json").read_text(encoding="utf-8"))
        return {k.lower(): v for k, v in data.items()}

    @cached_property
    def _tf(self) -> dict[str, dict]:
        return json.loads((self.root / "azurerm-schema.json").read_text(encoding="utf-8"))

    def arm_type(self, name: str) -> dict | None:
        return self._arm.get(name.lower())

    def azurerm(self, name: str) -> dict | None:
        return self._tf.get(name)

    def arm_properties(self, name: str, api_version: str) -> dict | None:
        """The property tree for a type@version, falling back to the newest described one."""
        t = self.arm_type(name)
        if not t:
            return None
        props = t.get("properties", {})
        return props.get(api_version) or (props.get(t.get("latest_stable")) if t.get("latest_stable") else None) or (
            next(iter(props.values())) if props else None)
