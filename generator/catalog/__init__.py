"""The catalog: architectures, components and design areas as typed, validated data."""

from .loader import lint_catalog, load_catalog

__all__ = ["load_catalog", "lint_catalog"]
