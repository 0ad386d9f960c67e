"""The workload's address plan: which subnets an entry needs, their default prefixes, and the
rules a plan must keep (one table shared by the templates and `archkit validate`).

The defaults follow the Foundry chat reference implementations: 192.168.0.0/16, because
Foundry Agent Service did not support 10.x prefixes for its subnet. Every prefix is a
deployment parameter; `check` is what `archkit validate` runs on the values a repository
deploys (parameter defaults and every environment file).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

VIRTUAL_NETWORK = "192.168.0.0/16"


@dataclass(frozen=True)
class Subnet:
    key: str  # the address plan key (Bicep object key, Terraform map key) and template symbol
    name: str  # the subnet's name in Azure
    prefix: str  # default prefix
    max_length: int  # the longest prefix (smallest subnet) the service accepts
    delegation: str | None = None
    why: str = ""  # where the size rule comes from, for the finding message


SUBNETS = (
    Subnet("appService", "snet-appServicePlan", "192.168.0.0/24", 28, "Microsoft.Web/serverFarms",
           "App Service VNet integration needs at least /28 (a /26 leaves room to scale out)"),
    Subnet("appGateway", "snet-appGateway", "192.168.1.0/24", 26, None,
           "Application Gateway v2 with autoscale needs at least /26 (/24 recommended)"),
    Subnet("privateEndpoints", "snet-privateEndpoints", "192.168.2.0/27", 28, None,
           "one address per private endpoint; /28 is the smallest useful size"),
    Subnet("bastion", "AzureBastionSubnet", "192.168.2.64/26", 26, None, "Azure Bastion needs at least /26"),
    Subnet("jumpBox", "snet-jumpBoxes", "192.168.2.128/28", 29, None, "the smallest subnet Azure allows is /29"),
    Subnet("agents", "snet-agentsEgress", "192.168.3.0/24", 27, "Microsoft.App/environments",
           "Foundry Agent Service needs a delegated subnet of at least /27 (/24 recommended)"),
    Subnet("firewall", "AzureFirewallSubnet", "192.168.4.0/26", 26, None, "Azure Firewall needs at least /26"),
    Subnet("firewallManagement", "AzureFirewallManagementSubnet", "192.168.4.64/26", 26, None,
           "the Azure Firewall management subnet needs at least /26"),
    Subnet("apiManagement", "snet-apiManagement", "192.168.5.0/24", 27, "Microsoft.Web/serverFarms",
           "API Management v2 VNet integration needs at least /27"),
    # Azure CNI Overlay: only nodes and the inference router's internal load balancer take
    # subnet addresses (pods use the overlay range), so /24 is the floor; the /22 default
    # leaves room for surge upgrades and autoscaled node pools.
    Subnet("inference", "snet-inference", "192.168.8.0/22", 24, None,
           "the AKS inference nodes (Azure CNI Overlay) need at least /24 for scale-out and surge upgrades"),
    # API Management injected into the network in internal mode (classic Developer and Premium
    # tiers, behind Application Gateway): no delegation, unlike the v2 tiers' integration subnet.
    Subnet("apiManagementInternal", "snet-apiManagement", "192.168.5.0/24", 29, None,
           "API Management injected into a virtual network needs at least /29, plus two addresses per extra scale unit"),
    # Azure Databricks VNet injection: a host (public) and a container (private) subnet, both
    # delegated to the workspace; each node takes one address in each, so the pair caps the
    # cluster size (a /24 pair holds about 250 nodes; Databricks accepts down to /26).
    Subnet("databricksHost", "snet-databricksHost", "192.168.20.0/24", 26, "Microsoft.Databricks/workspaces",
           "an Azure Databricks host (public) subnet needs at least /26"),
    Subnet("databricksContainer", "snet-databricksContainer", "192.168.21.0/24", 26, "Microsoft.Databricks/workspaces",
           "an Azure Databricks container (private) subnet needs at least /26"),
    Subnet("dnsResolver", "snet-dnsResolverInbound", "192.168.12.0/28", 28, "Microsoft.Network/dnsResolvers",
           "a DNS Private Resolver endpoint needs its own delegated subnet of at least /28"),
    Subnet("buildAgents", "snet-buildAgents", "192.168.12.64/26", 29, None,
           "the smallest subnet Azure allows is /29 (a /26 leaves room for the scale set to grow)"),
)
BY_KEY = {s.key: s for s in SUBNETS}
# Foundry Agent Service rejected 10.x prefixes for its subnet (reference implementation note).
UNSUPPORTED = {"agents": (ipaddress.ip_network("10.0.0.0/8"), "Foundry Agent Service does not support 10.x agent subnets; "
                                                              "use 192.168.0.0/16 or 172.16.0.0/12 space")}


def check(plan: dict, context: str) -> list[str]:
    """Problems of one address plan ({virtual_network?, subnets: {key: prefix}}), as sentences."""
    problems = []
    nets = {}
    for key, prefix in sorted((plan.get("subnets") or {}).items()):
        spec = BY_KEY.get(key)
        try:
            net = ipaddress.ip_network(str(prefix), strict=True)
        except ValueError as exc:
            problems.append(f"{context}: subnet {key} = {prefix!r} is not a network prefix ({exc})")
            continue
        nets[key] = net
        if spec and net.prefixlen > spec.max_length:
            problems.append(f"{context}: subnet {key} ({spec.name}) is {prefix}, smaller than /{spec.max_length}: {spec.why}")
        bad = UNSUPPORTED.get(key)
        if bad and net.version == bad[0].version and net.subnet_of(bad[0]):
            problems.append(f"{context}: subnet {key} is {prefix}: {bad[1]}")
        if not net.is_private:
            problems.append(f"{context}: subnet {key} is {prefix}, outside the private (RFC 1918) ranges")
    vnet = plan.get("virtual_network")
    if vnet:
        try:
            space = ipaddress.ip_network(str(vnet), strict=True)
        except ValueError as exc:
            problems.append(f"{context}: virtual network prefix {vnet!r} is not a network prefix ({exc})")
        else:
            for key, net in nets.items():
                if not net.subnet_of(space):
                    problems.append(f"{context}: subnet {key} ({net}) is outside the virtual network's {space}")
    keys = sorted(nets)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if nets[a].overlaps(nets[b]):
                problems.append(f"{context}: subnets {a} ({nets[a]}) and {b} ({nets[b]}) overlap")
    return problems
