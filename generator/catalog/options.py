"""Optional components: the `options` answer and the entry it makes.

An entry's `options:` list names components the guidance makes optional or costly. The
answer is a list of option ids (`--set options=dns-resolver,jump-box`, `all` for every one);
the render, the README and `archkit validate` all work on the entry with those components
added, so nothing downstream needs to know that a component was optional.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from ..errors import InputError


def parse(arch, value) -> tuple[str, ...]:
    """The option ids ``value`` chooses for ``arch``, in catalog order; refuses unknown ones."""
    if value is None or value == "" or value == []:
        return ()
    if isinstance(value, str):
        wanted = [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        wanted = [v.strip() for v in value if v.strip()]
    else:
        raise InputError(f"options: expected option ids separated by commas, got {type(value).__name__}",
                         "write it as --set options=ID,ID (see `archkit show " + arch.id + "`)")
    known = arch.option_ids()
    if wanted == ["all"]:
        return known
    for v in wanted:
        if v not in known:
            if not known:
                raise InputError(f"options: {arch.id} has no optional components (got {v!r})",
                                 "leave options out; every component of this entry is rendered by default")
            close = difflib.get_close_matches(v, known, n=1)
            hint = f"did you mean {close[0]}?" if close else f"{arch.id} offers: {', '.join(known)} (or all)"
            raise InputError(f"options: {v!r} is not an option of {arch.id}", hint)
    chosen = set(wanted)
    return tuple(k for k in known if k in chosen)


def effective(arch, chosen) -> object:
    """``arch`` as rendered with the ``chosen`` option ids: their components added, and
    identities, role grants, flow edges and policies of components left out dropped."""
    from .loader import FLOW_NODES

    if not arch.options:
        return arch
    chosen = set(chosen or ())
    extra = [c for o in arch.options if o.id in chosen for c in o.components]
    components = tuple(dict.fromkeys((*arch.components, *extra)))
    have = set(components)
    identities = []
    for ident in arch.identities:
        if (ident.module and ident.module not in have) or (ident.compute and ident.compute not in have):
            continue
        grants = tuple(g for g in ident.roles if g.scope in have)
        if ident.roles and not grants:
            continue  # every grant was on a component that is not rendered
        identities.append(replace(ident, roles=grants))
    flow = tuple(e for e in arch.flow if all(e[k] in have or e[k] in FLOW_NODES for k in ("from", "to")))
    policies = tuple(p for p in arch.policies if p["component"] in have)
    return replace(arch, components=components, identities=tuple(identities), flow=flow, policies=policies)


def left_out(arch, chosen) -> tuple:
    """The options not chosen, for the README."""
    chosen = set(chosen or ())
    return tuple(o for o in arch.options if o.id not in chosen)
