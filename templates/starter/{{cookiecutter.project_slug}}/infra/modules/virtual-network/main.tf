{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "virtual-network" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics with context -%}
{%- set c = ak.component["virtual-network"] %}
{%- set lz = ak.landing_zone %}
{#- The workload's own firewall exists only in private mode; in a landing zone the hub's does the job. #}
{%- set fw = "firewall" in ak.component_ids and ak.private and not lz %}
{%- set fw_mgmt = fw and ak.component["firewall"].sku == "Basic" %}
{%- set rule_vnet_in = {"name": "AllowVirtualNetworkInbound", "description": "Clients inside the virtual network reach the private endpoints.", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["*"]} %}
{%- set rule_deny_in = {"name": "DenyAllInbound", "description": "Deny every inbound connection the rules above do not allow.", "priority": 4096, "direction": "Inbound", "access": "Deny", "protocol": "*", "source": "*", "destination": "*", "ports": ["*"]} %}
{%- set rule_deny_out = {"name": "DenyAllOutbound", "description": "Private endpoints never start connections.", "priority": 4096, "direction": "Outbound", "access": "Deny", "protocol": "*", "source": "*", "destination": "*", "ports": ["*"]} %}
{%- set rule_gwm = {"name": "AllowGatewayManagerInbound", "description": "Application Gateway v2 control plane (required).", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "GatewayManager", "destination": "*", "ports": ["65200-65535"]} %}
{%- set rule_web = {"name": "AllowWebInbound", "description": "Internet clients reach the gateway listener (443, or 80 until a certificate is configured).", "priority": 110, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "Internet", "destination": "*", "ports": ["80", "443"]} %}
{%- set rule_alb = {"name": "AllowAzureLoadBalancerInbound", "description": "Azure Load Balancer health probes (required).", "priority": 120, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "AzureLoadBalancer", "destination": "*", "ports": ["*"]} %}
{%- set subnets = [{"key": "private_endpoints", "title": "privateEndpoints", "name": "snet-privateEndpoints", "prefix": "10.0.0.0/24", "index": 0, "rules": [rule_vnet_in, rule_deny_in, rule_deny_out], "route": fw or lz, "delegation": none}] %}
{%- if fw %}
{%- set subnets = subnets + [{"key": "firewall", "title": "firewall", "name": "AzureFirewallSubnet", "prefix": "10.0.1.0/26", "rules": none, "route": false, "delegation": none}] %}
{%- endif %}
{%- if fw_mgmt %}
{%- set subnets = subnets + [{"key": "firewall_management", "title": "firewallManagement", "name": "AzureFirewallManagementSubnet", "prefix": "10.0.1.64/26", "rules": none, "route": false, "delegation": none}] %}
{%- endif %}
{%- if "app-service" in ak.component_ids or "function-app" in ak.component_ids %}
{%- set subnets = subnets + [{"key": "app_service", "title": "appService", "name": "snet-appServicePlan", "prefix": "10.0.2.0/24", "index": 1, "rules": [rule_deny_in], "route": fw or lz, "delegation": "Microsoft.Web/serverFarms"}] %}
{%- endif %}
{%- if "app-gateway" in ak.component_ids %}
{%- set subnets = subnets + [{"key": "app_gateway", "title": "appGateway", "name": "snet-appGateway", "prefix": "10.0.3.0/24", "index": 2, "rules": [rule_gwm, rule_web, rule_alb, rule_deny_in], "route": false, "delegation": none}] %}
{%- endif %}
{%- set apim_internal = ak.apim_internal %}
{#- API Management injected in internal mode (behind Application Gateway): the NSG rules the
    service requires (management endpoint from the ApiManagement tag on 3443, the Azure
    infrastructure load balancer on 6390) plus HTTPS from inside the network, where
    Application Gateway calls the gateway. Its egress takes the firewall route; the route
    table sends the ApiManagement tag straight out, so control-plane replies are not dropped. #}
{%- set apim_internal_rules = [
  {"name": "AllowApiManagementInbound", "description": "API Management control plane to the management endpoint (required).", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "ApiManagement", "destination": "VirtualNetwork", "ports": ["3443"]},
  {"name": "AllowAzureLoadBalancerInbound", "description": "Azure infrastructure load balancer (required).", "priority": 110, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "AzureLoadBalancer", "destination": "VirtualNetwork", "ports": ["6390"]},
  {"name": "AllowVirtualNetworkHttpsInbound", "description": "Application Gateway and clients inside the network call the internal gateway.", "priority": 120, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["443"]},
  rule_deny_in] %}
{%- set apim = "api-management" in ak.component_ids and ak.private and not apim_internal %}
{%- if apim %}
{#- API Management Standard v2 outbound VNet integration (private modes only): a dedicated subnet
    (at least /27; /24 leaves room to scale) delegated to Microsoft.Web/serverFarms, with an NSG.
    No route table: the gateway's platform traffic must not be forced through a firewall. #}
{%- set subnets = subnets + [{"key": "api_management", "title": "apiManagement", "name": "snet-apiManagement", "prefix": "10.0.4.0/24", "index": 3, "rules": [rule_deny_in], "route": false, "delegation": "Microsoft.Web/serverFarms"}] %}
{%- endif %}
{%- if apim_internal %}
{%- set subnets = subnets + [{"key": "api_management", "title": "apiManagementInternal", "name": "snet-apiManagement", "rules": apim_internal_rules, "route": fw or lz, "delegation": none}] %}
{%- endif %}
{%- set agents = "agent-service" in ak.component_ids and ak.private %}
{%- if agents %}
{#- Foundry Agent Service standard setup with your own network: a /24 delegated to
    Microsoft.App/environments (RFC 1918 range), injected into the Foundry resource. Its
    egress is routed like the other workload subnets. #}
{%- set subnets = subnets + [{"key": "agents", "title": "agents", "name": "snet-agentsEgress", "prefix": "10.0.5.0/24", "index": 4 if apim else 3, "rules": [rule_deny_in], "route": fw or lz, "delegation": "Microsoft.App/environments"}] %}
{%- endif %}
{%- set rule_vnet_in_inference = {"name": "AllowVirtualNetworkInbound", "description": ("API Management and the cluster nodes reach" if "api-management" in ak.component_ids else "Clients in the network and the cluster nodes reach") ~ " the internal inference router.", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["*"]} %}
{%- set rule_alb_inference = {"name": "AllowAzureLoadBalancerInbound", "description": "Azure Load Balancer health probes of the internal inference router.", "priority": 110, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "AzureLoadBalancer", "destination": "*", "ports": ["*"]} %}
{%- set inference = "aks-inference" in ak.component_ids %}
{%- if inference %}
{#- AKS nodes of the Machine Learning inference tier and the internal load balancer of its
    inference router, in every mode (the router is never public). In private mode the
    subnet's egress goes through the firewall (the cluster's outbound type is
    userDefinedRouting), which allows what AKS and the Machine Learning extension need. #}
{%- set subnets = subnets + [{"key": "inference", "title": "inference", "name": "snet-inference", "prefix": "10.0.6.0/24", "index": 5, "rules": [rule_vnet_in_inference, rule_alb_inference, rule_deny_in], "route": fw or lz, "delegation": none}] %}
{%- endif %}
{%- set databricks = "databricks" in ak.component_ids %}
{%- if databricks %}
{#- Azure Databricks VNet injection (every network mode): the host (public) and container
    (private) subnets, delegated to the workspace, each with an NSG that carries exactly the
    rules the delegation's network intent policy requires (secure cluster connectivity: no
    inbound rule from the control plane; private mode's NoAzureDatabricksRules drops the rule
    to the AzureDatabricks tag, which the back-end Private Link path replaces). Declaring them
    keeps a redeployment from removing them, which the intent policy refuses. Egress through
    the NAT gateway below. #}
{%- set dbx_rules = [
  {"name": "Microsoft.Databricks-workspaces_UseOnly_databricks-worker-to-worker-inbound", "description": "Required for worker nodes communication within a cluster.", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["*"]}] %}
{%- if not ak.private %}
{%- set dbx_rules = dbx_rules + [
  {"name": "Microsoft.Databricks-workspaces_UseOnly_databricks-worker-to-databricks-webapp", "description": "Required for workers communication with Databricks control plane.", "priority": 100, "direction": "Outbound", "access": "Allow", "protocol": "Tcp", "source": "VirtualNetwork", "destination": "AzureDatabricks", "ports": ["443", "3306", "8443-8451"]}] %}
{%- endif %}
{%- set dbx_rules = dbx_rules + [
  {"name": "Microsoft.Databricks-workspaces_UseOnly_databricks-worker-to-sql", "description": "Required for workers communication with Azure SQL services.", "priority": 101, "direction": "Outbound", "access": "Allow", "protocol": "Tcp", "source": "VirtualNetwork", "destination": "Sql", "ports": ["3306"]},
  {"name": "Microsoft.Databricks-workspaces_UseOnly_databricks-worker-to-storage", "description": "Required for workers communication with Azure Storage services.", "priority": 102, "direction": "Outbound", "access": "Allow", "protocol": "Tcp", "source": "VirtualNetwork", "destination": "Storage", "ports": ["443"]},
  {"name": "Microsoft.Databricks-workspaces_UseOnly_databricks-worker-to-worker-outbound", "description": "Required for worker nodes communication within a cluster.", "priority": 103, "direction": "Outbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["*"]},
  {"name": "Microsoft.Databricks-workspaces_UseOnly_databricks-worker-to-eventhub", "description": "Required for worker communication with Azure Eventhub services.", "priority": 104, "direction": "Outbound", "access": "Allow", "protocol": "Tcp", "source": "VirtualNetwork", "destination": "EventHub", "ports": ["9093"]}] %}
{%- set dbx_actions = ["Microsoft.Network/virtualNetworks/subnets/join/action", "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action", "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action"] %}
{%- set subnets = subnets + [{"key": "databricks_host", "title": "databricksHost", "name": "snet-databricksHost", "rules": dbx_rules, "nsg": true, "nat": true, "route": false, "delegation": "Microsoft.Databricks/workspaces", "actions": dbx_actions}] %}
{%- set subnets = subnets + [{"key": "databricks_container", "title": "databricksContainer", "name": "snet-databricksContainer", "rules": dbx_rules, "nsg": true, "nat": true, "route": false, "delegation": "Microsoft.Databricks/workspaces", "actions": dbx_actions}] %}
{%- endif %}
{#- Azure Bastion's required NSG rules, and the jump box reachable over RDP from inside the network only. #}
{%- set bastion_rules = [
  {"name": "AllowHttpsInbound", "description": "Users reach Bastion over HTTPS.", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "Internet", "destination": "*", "ports": ["443"]},
  {"name": "AllowGatewayManagerInbound", "description": "Bastion control plane (required).", "priority": 110, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "GatewayManager", "destination": "*", "ports": ["443"]},
  {"name": "AllowAzureLoadBalancerInbound", "description": "Azure Load Balancer health probes (required).", "priority": 120, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "AzureLoadBalancer", "destination": "*", "ports": ["443"]},
  {"name": "AllowBastionHostCommunicationInbound", "description": "Bastion data plane between its instances (required).", "priority": 130, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["8080", "5701"]},
  rule_deny_in,
  {"name": "AllowSshRdpOutbound", "description": "Bastion opens RDP and SSH sessions to machines in the network.", "priority": 100, "direction": "Outbound", "access": "Allow", "protocol": "*", "source": "*", "destination": "VirtualNetwork", "ports": ["22", "3389"]},
  {"name": "AllowAzureCloudOutbound", "description": "Bastion diagnostics and metering (required).", "priority": 110, "direction": "Outbound", "access": "Allow", "protocol": "Tcp", "source": "*", "destination": "AzureCloud", "ports": ["443"]},
  {"name": "AllowBastionHostCommunicationOutbound", "description": "Bastion data plane between its instances (required).", "priority": 120, "direction": "Outbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["8080", "5701"]},
  {"name": "AllowSessionInformationOutbound", "description": "Bastion session and certificate validation (required).", "priority": 130, "direction": "Outbound", "access": "Allow", "protocol": "*", "source": "*", "destination": "Internet", "ports": ["80"]},
  {"name": "DenyAllOutbound", "description": "Deny every outbound connection the rules above do not allow.", "priority": 4096, "direction": "Outbound", "access": "Deny", "protocol": "*", "source": "*", "destination": "*", "ports": ["*"]}] %}
{%- set rule_rdp_in = {"name": "AllowRdpFromVirtualNetworkInbound", "description": "RDP only from inside the network (Azure Bastion or a peered network).", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "VirtualNetwork", "destination": "*", "ports": ["3389"]} %}
{%- set jump = "jump-box" in ak.component_ids and ak.private %}
{%- if jump and not lz %}
{%- set subnets = subnets + [{"key": "bastion", "title": "bastion", "name": "AzureBastionSubnet", "rules": bastion_rules, "route": false, "delegation": none}] %}
{%- endif %}
{%- if jump %}
{%- set subnets = subnets + [{"key": "jump_box", "title": "jumpBox", "name": "snet-jumpBoxes", "rules": [rule_rdp_in, rule_deny_in], "route": fw or lz, "delegation": none}] %}
{%- endif %}
{#- DNS Private Resolver's inbound endpoint (private mode; a landing zone resolves in the hub): a
    dedicated subnet delegated to Microsoft.Network/dnsResolvers that takes DNS queries from the
    network and from on-premises through the hub. No route table: it answers, it never egresses. #}
{%- set rule_dns_in = {"name": "AllowDnsInbound", "description": "DNS queries from the network and on-premises (through the gateway) reach the inbound endpoint.", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "*", "ports": ["53"]} %}
{%- if "dns-resolver" in ak.component_ids and ak.private and not lz %}
{%- set subnets = subnets + [{"key": "dns_resolver", "title": "dnsResolver", "name": "snet-dnsResolverInbound", "rules": [rule_dns_in, rule_deny_in], "route": false, "delegation": "Microsoft.Network/dnsResolvers"}] %}
{%- endif %}
{#- Self-hosted CI/CD runners: SSH only from inside the network (Bastion or a peered network);
    their egress goes through the firewall like the other workload subnets. #}
{%- set rule_ssh_in = {"name": "AllowSshFromVirtualNetworkInbound", "description": "SSH only from inside the network (Azure Bastion or a peered network).", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "VirtualNetwork", "destination": "*", "ports": ["22"]} %}
{%- if "build-agents" in ak.component_ids and ak.private %}
{%- set subnets = subnets + [{"key": "build_agents", "title": "buildAgents", "name": "snet-buildAgents", "rules": [rule_ssh_in, rule_deny_in], "route": fw or lz, "delegation": none}] %}
{%- endif %}
{#- The action each service's delegation grants (Azure sets it; writing another one shows as drift). #}
{%- set delegation_actions = {"Microsoft.Network/dnsResolvers": "Microsoft.Network/virtualNetworks/subnets/join/action"} %}
{%- set rg = "data.azurerm_virtual_network.spoke.resource_group_name" if lz else "var.resource_group_name" %}
{%- set vnet_name = "data.azurerm_virtual_network.spoke.name" if lz else "azurerm_virtual_network.this.name" %}
{%- if lz -%}
# Workload subnets and NSGs inside the platform's existing spoke virtual network.
# The platform owns the spoke, its peering, DNS and the egress route table; this
# module adds the workload subnets at the prefixes of var.address_plan (allocated by
# the platform team), with no default outbound access, and attaches the platform route table
# to every subnet except the Application Gateway's{{ " and API Management's" if apim }}. Subnets and NSGs live in the
# spoke's resource group.
{%- else -%}
# Virtual network with one subnet per component group, an NSG on every workload
# subnet, network policies on for private endpoints and no default outbound access.
{%- if fw %}
# Internet-bound traffic from the workload subnets goes through Azure Firewall
# (route table below; the firewall's private IP is the first usable address of AzureFirewallSubnet).
{%- endif %}
{%- endif %}
{%- if apim %}
# API Management (Standard v2) integrates with its own delegated subnet to reach the
# private endpoints; its gateway stays public, so that subnet has no egress route.
{%- endif %}
{%- if apim_internal %}
# API Management is injected into snet-apiManagement in internal mode (no public gateway);
# its NSG admits the service's management and load balancer traffic and HTTPS from the network.
{%- endif %}
{%- if inference %}
# The AKS inference nodes and the inference router's internal load balancer use snet-inference{{ "; their egress takes the firewall route" if fw }}.
{%- endif %}
{%- if databricks %}
# Azure Databricks clusters run in the two delegated subnets with no public IPs (secure
# cluster connectivity); they reach the control plane and their storage through the NAT gateway.
{%- endif %}
{%- if agents %}
# Foundry Agent Service runs its agents in a subnet delegated to Microsoft.App/environments
# (snet-agentsEgress); their calls to tools and the internet take the egress route.
{%- endif %}

# Names of the resources this module adds: the part of var.name after its abbreviation.
locals {
  base_name = replace(var.name, "/^[^-]+-/", "")
}
{%- if lz %}

data "azurerm_virtual_network" "spoke" {
  name                = split("/", var.spoke_virtual_network_id)[8]
  resource_group_name = split("/", var.spoke_virtual_network_id)[4]
}
{%- else %}

resource "azurerm_network_ddos_protection_plan" "this" {
  count = var.enable_ddos_protection ? 1 : 0

  name                = {{ c.derived.ddos.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_virtual_network" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  address_space       = [var.address_plan.virtual_network]
  tags                = var.tags

  dynamic "ddos_protection_plan" {
    for_each = azurerm_network_ddos_protection_plan.this

    content {
      id     = ddos_protection_plan.value.id
      enable = true
    }
  }
}
{{- diagnostics(c, "azurerm_virtual_network.this.id") }}
{%- endif %}
{%- if fw %}

# Egress route: everything not in the virtual network goes to the firewall.
resource "azurerm_route_table" "egress" {
  name                          = {{ ak.component["firewall"].derived["route-table"].terraform }}
  location                      = var.location
  resource_group_name           = var.resource_group_name
  bgp_route_propagation_enabled = false
  tags                          = var.tags
}

resource "azurerm_route" "internet_via_firewall" {
  name                   = "internet-via-firewall"
  resource_group_name    = var.resource_group_name
  route_table_name       = azurerm_route_table.egress.name
  address_prefix         = "0.0.0.0/0"
  next_hop_type          = "VirtualAppliance"
  next_hop_in_ip_address = cidrhost(var.address_plan.subnets["firewall"], 4) # first address Azure hands out
}
{%- if apim_internal %}

# API Management's control plane reaches the management endpoint from the ApiManagement
# service tag; its replies must leave directly, not through the firewall (asymmetric routing).
resource "azurerm_route" "api_management_control_plane" {
  name                = "api-management-control-plane"
  resource_group_name = var.resource_group_name
  route_table_name    = azurerm_route_table.egress.name
  address_prefix      = "ApiManagement"
  next_hop_type       = "Internet"
}
{%- endif %}
{%- endif %}
{%- if databricks %}

resource "azurerm_public_ip" "nat" {
  name                = {{ c.derived["pip-nat"].terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "Standard"
  allocation_method   = "Static"
  ip_version          = "IPv4"
  tags                = var.tags
}

# Stable egress address of the Databricks clusters.
resource "azurerm_nat_gateway" "this" {
  name                    = {{ c.derived.nat.terraform }}
  location                = var.location
  resource_group_name     = var.resource_group_name
  sku_name                = "Standard"
  idle_timeout_in_minutes = 4
  tags                    = var.tags
}

resource "azurerm_nat_gateway_public_ip_association" "this" {
  nat_gateway_id       = azurerm_nat_gateway.this.id
  public_ip_address_id = azurerm_public_ip.nat.id
}
{%- endif %}
{%- for s in subnets if s.rules or s.get("nsg") %}

resource "azurerm_network_security_group" "{{ s.key }}" {
  name                = {{ c.derived["nsg-" ~ s.title].terraform }}
  location            = var.location
  resource_group_name = {{ rg }}
  tags                = var.tags
{%- for r in s.rules %}

  security_rule {
{%- set pairs = [("name", r.name | tojson), ("description", r.description | tojson), ("priority", r.priority),
                 ("direction", r.direction | tojson), ("access", r.access | tojson), ("protocol", r.protocol | tojson),
                 ("source_address_prefix", r.source | tojson), ("source_port_range", '"*"'),
                 ("destination_address_prefix", r.destination | tojson)] %}
{%- if r.ports | length == 1 %}
{%- set pairs = pairs + [("destination_port_range", r.ports[0] | tojson)] %}
{%- else %}
{%- set pairs = pairs + [("destination_port_ranges", "[" ~ (r.ports | map("tojson") | join(", ")) ~ "]")] %}
{%- endif %}
{{- attrs(pairs, 4) }}
  }
{%- endfor %}
}
{%- endfor %}

# NSG event and rule-counter logs.
resource "azurerm_monitor_diagnostic_setting" "nsg" {
  for_each = {
{%- set ns = namespace(pairs=[]) %}
{%- for s in subnets if s.rules or s.get("nsg") %}{% set ns.pairs = ns.pairs + [(s.key, "azurerm_network_security_group." ~ s.key ~ ".id")] %}{% endfor %}
{{- attrs(ns.pairs, 4) }}
  }

  name                       = "to-log-analytics"
  target_resource_id         = each.value
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }
}
{%- for s in subnets %}

resource "azurerm_subnet" "{{ s.key }}" {
{%- set pairs = [("name", s.name | tojson), ("resource_group_name", rg), ("virtual_network_name", vnet_name)] %}
{%- set pairs = pairs + [("address_prefixes", "[var.address_plan.subnets[" ~ (s.title | tojson) ~ "]]")] %}
{%- set pairs = pairs + [("private_endpoint_network_policies", '"Enabled"'), ("default_outbound_access_enabled", "false")] %}
{{- attrs(pairs) }}
{%- if s.delegation %}

  delegation {
    name = "{{ s.delegation | replace("/", ".") }}"

    service_delegation {
      name    = "{{ s.delegation }}"
{%- if s.get("actions") %}
      actions = [{% for a in s.actions %}"{{ a }}"{{ ", " if not loop.last }}{% endfor %}]
{%- else %}
      actions = ["{{ delegation_actions.get(s.delegation, "Microsoft.Network/virtualNetworks/subnets/action") }}"]
{%- endif %}
    }
  }
{%- endif %}
}
{%- if s.rules or s.get("nsg") %}

resource "azurerm_subnet_network_security_group_association" "{{ s.key }}" {
  subnet_id                 = azurerm_subnet.{{ s.key }}.id
  network_security_group_id = azurerm_network_security_group.{{ s.key }}.id
}
{%- endif %}
{%- if s.get("nat") %}

resource "azurerm_subnet_nat_gateway_association" "{{ s.key }}" {
  subnet_id      = azurerm_subnet.{{ s.key }}.id
  nat_gateway_id = azurerm_nat_gateway.this.id
}
{%- endif %}
{%- if s.route %}

resource "azurerm_subnet_route_table_association" "{{ s.key }}" {
  subnet_id      = azurerm_subnet.{{ s.key }}.id
  route_table_id = {{ "var.egress_route_table_id" if lz else "azurerm_route_table.egress.id" }}
}
{%- endif %}
{%- endfor %}
{%- endif %}
