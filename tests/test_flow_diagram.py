"""The README's Mermaid diagram follows each entry's main data path (catalog `flow:`).

For the entries of issue 16, in every network mode they support: every flow edge is drawn, its
ends are components this render deploys (module file written, node labelled with the component's
title) or a named external actor, the first edge starts at an actor (the entry point), and the
whole path is one connected piece that every node can be reached in from an actor.
"""

from __future__ import annotations

import re

import pytest

from generator.catalog.loader import FLOW_NODES

ENTRIES = ("ai-gateway", "aml-baseline", "call-center-analytics", "churn-prediction", "doc-processing",
           "genaiops", "mlops-v2", "rag", "tdsp", "video-analysis")
NODE = re.compile(r'^  (\w+)\["(.*)"\]$')
EDGE = re.compile(r'^  (\w+) -->(?:\|"(.*)"\|)? (\w+)$')


def _combos():
    """(entry, mode, options): the default answers, and every optional component chosen."""
    from generator.catalog import load_catalog

    cat = load_catalog()
    return [(a, mode, opts) for a in ENTRIES for mode in cat.architecture(a).network_supported
            for opts in ("", "all")[: 1 + bool(cat.architecture(a).options)]]


def _diagram(readme: str):
    block = re.search(r"```mermaid\n(.*?)```", readme, re.S)
    assert block, "README has no Mermaid diagram"
    nodes, edges = {}, []
    for line in block.group(1).splitlines()[1:]:
        if m := NODE.match(line):
            nodes[m.group(1)] = m.group(2)
        elif m := EDGE.match(line):
            edges.append((m.group(1), m.group(3), m.group(2) or ""))
        else:
            pytest.fail(f"unexpected diagram line {line!r}")
    return nodes, edges


@pytest.mark.parametrize("combo", _combos(), ids=["-".join(x for x in c if x) for c in _combos()])
def test_the_diagram_traces_the_flow_over_rendered_components(combo, catalog):
    from generator.catalog import options as catalog_options
    from generator.render import render_files
    from generator.render.answers import resolve

    arch_id, mode, opts = combo
    answers = resolve(catalog, given={"architecture": arch_id, "iac": "bicep", "network": mode, "options": opts})
    # the flow as rendered: edges of optional components only when they are chosen
    arch = catalog_options.effective(catalog.architecture(arch_id), answers.options)
    assert arch.flow, f"{arch_id} has no flow: the README would fall back to a generic star diagram"
    files, ak = render_files(catalog, answers)
    nodes, edges = _diagram(files["README.md"].decode("utf-8"))

    def node_id(ref):
        return ref.replace("-", "_")

    comps = {c["id"]: c for c in ak["components"]}
    # Components some modes leave out (the firewall, a private-only option) take their edges with
    # them; without options, every component a flow names must be deployed in every mode.
    flow = [e for e in arch.flow if all(x in FLOW_NODES or comps[x]["deployed"] for x in (e["from"], e["to"]))]
    if not opts:
        assert flow == list(arch.flow), f"{arch_id} ({mode}): a flow node is not deployed in this mode"
    for e in flow:
        for end in (e["from"], e["to"]):
            if end in FLOW_NODES:
                assert nodes.get(node_id(end)) == FLOW_NODES[end]
                continue
            c = comps[end]
            assert f"infra/modules/{c['module']}.bicep" in files, f"{end}'s module is not rendered"
            assert nodes.get(c["tf_name"]) == c["title"], f"{end} is not drawn with its title"
    assert edges == [(node_id(e["from"]), node_id(e["to"]), e.get("label", "")) for e in flow], \
        "the diagram must draw every flow edge, in the catalog's order"
    assert set(nodes) == {node_id(x) for e in flow for x in (e["from"], e["to"])}
    # Defender plans are subscription settings, not a step of any data path
    optional = {c for o in catalog.architecture(arch_id).options for c in o.components} - {"defender-plans"}
    assert not {c for c in optional if comps.get(c, {}).get("deployed")} - {x for e in flow for x in (e["from"], e["to"])}, \
        f"{arch_id} ({mode}): a chosen optional component is not on the diagram"

    entry = flow[0]["from"]
    assert entry in FLOW_NODES, f"{arch_id}: the flow should start at an external actor, not {entry}"
    actors = {node_id(a) for a in FLOW_NODES if node_id(a) in nodes and not any(t == node_id(a) for _f, t, _l in edges)}
    assert node_id(entry) in actors
    reached, todo = set(actors), list(actors)
    while todo:
        here = todo.pop()
        for f, t, _l in edges:
            if f == here and t not in reached:
                reached.add(t)
                todo.append(t)
    assert reached == set(nodes), f"{arch_id} ({mode}): not reachable from an actor: {sorted(set(nodes) - reached)}"
    piece, todo = {node_id(entry)}, [node_id(entry)]
    while todo:
        here = todo.pop()
        for f, t, _l in edges:
            for a, b in ((f, t), (t, f)):
                if a == here and b not in piece:
                    piece.add(b)
                    todo.append(b)
    assert piece == set(nodes), f"{arch_id} ({mode}): the flow falls apart; not connected to {entry}: {sorted(set(nodes) - piece)}"
