{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "virtual-network" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["virtual-network"] %}
{%- set lz = ak.landing_zone %}
{#- The workload's own firewall exists only in private mode; in a landing zone the hub's does the job. #}
{%- set fw = "firewall" in ak.component_ids and ak.private and not lz %}
{%- set fw_mgmt = fw and ak.component["firewall"].sku == "Basic" %}
{%- set api_subnet = ak.api["Microsoft.Network/virtualNetworks/subnets"] %}
{%- set api_nsg = ak.api["Microsoft.Network/networkSecurityGroups"] %}
{%- set rule_vnet_in = {"name": "AllowVirtualNetworkInbound", "description": "Clients inside the virtual network reach the private endpoints.", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["*"]} %}
{%- set rule_deny_in = {"name": "DenyAllInbound", "description": "Deny every inbound connection the rules above do not allow.", "priority": 4096, "direction": "Inbound", "access": "Deny", "protocol": "*", "source": "*", "destination": "*", "ports": ["*"]} %}
{%- set rule_deny_out = {"name": "DenyAllOutbound", "description": "Private endpoints never start connections.", "priority": 4096, "direction": "Outbound", "access": "Deny", "protocol": "*", "source": "*", "destination": "*", "ports": ["*"]} %}
{%- set rule_gwm = {"name": "AllowGatewayManagerInbound", "description": "Application Gateway v2 control plane (required).", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "GatewayManager", "destination": "*", "ports": ["65200-65535"]} %}
{%- set rule_web = {"name": "AllowWebInbound", "description": "Internet clients reach the gateway listener (443, or 80 until a certificate is configured).", "priority": 110, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "Internet", "destination": "*", "ports": ["80", "443"]} %}
{%- set rule_alb = {"name": "AllowAzureLoadBalancerInbound", "description": "Azure Load Balancer health probes (required).", "priority": 120, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "AzureLoadBalancer", "destination": "*", "ports": ["*"]} %}
{%- set subnets = [{"symbol": "privateEndpoints", "name": "snet-privateEndpoints", "prefix": "10.0.0.0/24", "index": 0, "rules": [rule_vnet_in, rule_deny_in, rule_deny_out], "route": fw or lz, "output": "privateEndpointSubnetId", "delegation": none}] %}
{%- if fw %}
{%- set subnets = subnets + [{"symbol": "firewall", "name": "AzureFirewallSubnet", "prefix": "10.0.1.0/26", "rules": none, "route": false, "output": "firewallSubnetId", "delegation": none}] %}
{%- endif %}
{%- if fw_mgmt %}
{%- set subnets = subnets + [{"symbol": "firewallManagement", "name": "AzureFirewallManagementSubnet", "prefix": "10.0.1.64/26", "rules": none, "route": false, "output": "firewallManagementSubnetId", "delegation": none}] %}
{%- endif %}
{%- if "app-service" in ak.component_ids or "function-app" in ak.component_ids %}
{%- set subnets = subnets + [{"symbol": "appService", "name": "snet-appServicePlan", "prefix": "10.0.2.0/24", "index": 1, "rules": [rule_deny_in], "route": fw or lz, "output": "appServiceSubnetId", "delegation": "Microsoft.Web/serverFarms"}] %}
{%- endif %}
{%- if "app-gateway" in ak.component_ids %}
{%- set subnets = subnets + [{"symbol": "appGateway", "name": "snet-appGateway", "prefix": "10.0.3.0/24", "index": 2, "rules": [rule_gwm, rule_web, rule_alb, rule_deny_in], "route": false, "output": "appGatewaySubnetId", "delegation": none}] %}
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
{#- API Management Standard v2 outbound VNet integration (private modes only): a dedicated subnet (at least /27; /24
    leaves room to scale) delegated to Microsoft.Web/serverFarms, with an NSG. No route table:
    the gateway's platform traffic must not be forced through a firewall. #}
{%- set subnets = subnets + [{"symbol": "apiManagement", "name": "snet-apiManagement", "prefix": "10.0.4.0/24", "index": 3, "rules": [rule_deny_in], "route": false, "output": "apiManagementSubnetId", "delegation": "Microsoft.Web/serverFarms"}] %}
{%- endif -%}
{%- if apim_internal %}
{%- set subnets = subnets + [{"symbol": "apiManagementInternal", "name": "snet-apiManagement", "rules": apim_internal_rules, "route": fw or lz, "output": "apiManagementSubnetId", "delegation": none}] %}
{%- endif %}
{%- set agents = "agent-service" in ak.component_ids and ak.private %}
{%- if agents %}
{#- Foundry Agent Service standard setup with your own network: a /24 delegated to
    Microsoft.App/environments (RFC 1918 range), injected into the Foundry resource. Its
    egress is routed like the other workload subnets. #}
{%- set subnets = subnets + [{"symbol": "agents", "name": "snet-agentsEgress", "prefix": "10.0.5.0/24", "index": 4 if apim else 3, "rules": [rule_deny_in], "route": fw or lz, "output": "agentSubnetId", "delegation": "Microsoft.App/environments"}] %}
{%- endif -%}
{%- set rule_vnet_in_inference = {"name": "AllowVirtualNetworkInbound", "description": ("API Management and the cluster nodes reach" if "api-management" in ak.component_ids else "Clients in the network and the cluster nodes reach") ~ " the internal inference router.", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "VirtualNetwork", "ports": ["*"]} %}
{%- set rule_alb_inference = {"name": "AllowAzureLoadBalancerInbound", "description": "Azure Load Balancer health probes of the internal inference router.", "priority": 110, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "AzureLoadBalancer", "destination": "*", "ports": ["*"]} %}
{%- set inference = "aks-inference" in ak.component_ids %}
{%- if inference %}
{#- AKS nodes of the Machine Learning inference tier and the internal load balancer of its
    inference router, in every mode (the router is never public). In private mode the
    subnet's egress goes through the firewall (the cluster's outbound type is
    userDefinedRouting), which allows what AKS and the Machine Learning extension need. #}
{%- set subnets = subnets + [{"symbol": "inference", "name": "snet-inference", "prefix": "10.0.6.0/24", "index": 5, "rules": [rule_vnet_in_inference, rule_alb_inference, rule_deny_in], "route": fw or lz, "output": "inferenceSubnetId", "delegation": none}] %}
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
{%- set subnets = subnets + [{"symbol": "databricksHost", "name": "snet-databricksHost", "rules": dbx_rules, "nsg": true, "nat": true, "route": false, "output": "databricksHostSubnetId", "delegation": "Microsoft.Databricks/workspaces"}] %}
{%- set subnets = subnets + [{"symbol": "databricksContainer", "name": "snet-databricksContainer", "rules": dbx_rules, "nsg": true, "nat": true, "route": false, "output": "databricksContainerSubnetId", "delegation": "Microsoft.Databricks/workspaces"}] %}
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
{%- set subnets = subnets + [{"symbol": "bastion", "name": "AzureBastionSubnet", "rules": bastion_rules, "route": false, "output": "bastionSubnetId", "delegation": none}] %}
{%- endif %}
{%- if jump %}
{%- set subnets = subnets + [{"symbol": "jumpBox", "name": "snet-jumpBoxes", "rules": [rule_rdp_in, rule_deny_in], "route": fw or lz, "output": "jumpBoxSubnetId", "delegation": none}] %}
{%- endif %}
{#- DNS Private Resolver's inbound endpoint (private mode; a landing zone resolves in the hub): a
    dedicated subnet delegated to Microsoft.Network/dnsResolvers that takes DNS queries from the
    network and from on-premises through the hub. No route table: it answers, it never egresses. #}
{%- set rule_dns_in = {"name": "AllowDnsInbound", "description": "DNS queries from the network and on-premises (through the gateway) reach the inbound endpoint.", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "*", "source": "VirtualNetwork", "destination": "*", "ports": ["53"]} %}
{%- if "dns-resolver" in ak.component_ids and ak.private and not lz %}
{%- set subnets = subnets + [{"symbol": "dnsResolver", "name": "snet-dnsResolverInbound", "rules": [rule_dns_in, rule_deny_in], "route": false, "output": "dnsResolverSubnetId", "delegation": "Microsoft.Network/dnsResolvers"}] %}
{%- endif %}
{#- Self-hosted CI/CD runners: SSH only from inside the network (Bastion or a peered network);
    their egress goes through the firewall like the other workload subnets. #}
{%- set rule_ssh_in = {"name": "AllowSshFromVirtualNetworkInbound", "description": "SSH only from inside the network (Azure Bastion or a peered network).", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "VirtualNetwork", "destination": "*", "ports": ["22"]} %}
{%- if "build-agents" in ak.component_ids and ak.private %}
{%- set subnets = subnets + [{"symbol": "buildAgents", "name": "snet-buildAgents", "rules": [rule_ssh_in, rule_deny_in], "route": fw or lz, "output": "buildAgentsSubnetId", "delegation": none}] %}
{%- endif %}
{%- if lz -%}
// Workload subnets and NSGs inside the platform's existing spoke virtual network.
// The platform owns the spoke, its peering, DNS and the egress route table; this
// module adds the workload subnets at the prefixes of `addressPlan` (allocated by the
// platform team), with no default outbound access, and attaches the platform route table
// to every subnet except the Application Gateway's{{ " and API Management's" if apim }}. It deploys at the spoke's
// resource group (main.bicep sets the scope).
{%- else -%}
// Virtual network with one subnet per component group, an NSG on every workload
// subnet, network policies on for private endpoints and no default outbound access.
{%- if fw %}
// Internet-bound traffic from the workload subnets goes through Azure Firewall
// (route table below; the firewall's private IP is the first usable address of AzureFirewallSubnet).
{%- endif %}
{%- endif %}
{%- if apim %}
// API Management (Standard v2) integrates with its own delegated subnet to reach the
// private endpoints; its gateway stays public, so that subnet has no egress route.
{%- endif %}
{%- if apim_internal %}
// API Management is injected into snet-apiManagement in internal mode (no public gateway);
// its NSG admits the service's management and load balancer traffic and HTTPS from the network.
{%- endif %}
{%- if inference %}
// The AKS inference nodes and the inference router's internal load balancer use snet-inference{{ "; their egress takes the firewall route" if fw }}.
{%- endif %}
{%- if databricks %}
// Azure Databricks clusters run in the two delegated subnets with no public IPs (secure
// cluster connectivity); they reach the control plane and their storage through the NAT gateway.
{%- endif %}
{%- if agents %}
// Foundry Agent Service runs its agents in a subnet delegated to Microsoft.App/environments
// (snet-agentsEgress); their calls to tools and the internet take the egress route.
{%- endif %}

@description('Name of the virtual network{{ " (used as the base of the NSG names; the spoke keeps its own name)" if lz }}.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}
{%- if lz %}

@description('Resource ID of the existing spoke virtual network that the platform team provides.')
param spokeVirtualNetworkResourceId string

@description('Resource ID of the platform route table that sends egress to the hub firewall.')
param egressRouteTableResourceId string
{%- endif %}

@description('Address plan: {{ "virtualNetwork (prefix) and " if not lz }}subnets (prefix per subnet key).')
param addressPlan object
{%- if not lz %}

@description('Create an Azure DDoS Network Protection plan and attach it to the virtual network (protects the public IPs in it). Off by default, as in the reference: a plan is a large fixed monthly cost, usually shared by a platform team.')
param enableDdosProtection bool
{%- endif %}

// Names of the resources this module adds: the part of `name` after its abbreviation.
var baseName = substring(name, indexOf(name, '-') + 1)
{%- if lz %}

resource vnet 'Microsoft.Network/virtualNetworks@{{ c.api_version }}' existing = {
  name: last(split(spokeVirtualNetworkResourceId, '/'))
}

{%- else %}

resource ddosPlan 'Microsoft.Network/ddosProtectionPlans@{{ ak.api["Microsoft.Network/ddosProtectionPlans"] }}' = if (enableDdosProtection) {
  name: {{ c.derived.ddos.bicep }}
  location: location
  tags: tags
}

resource vnet 'Microsoft.Network/virtualNetworks@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  properties: {
    enableDdosProtection: enableDdosProtection
    ddosProtectionPlan: enableDdosProtection ? {
      id: ddosPlan.id
    } : null
    addressSpace: {
      addressPrefixes: [
        addressPlan.virtualNetwork
      ]
    }
    // Subnets are child resources below (API 2023-11-01 and later leave them alone on redeploy).
  }
}
{{- diagnostics(c, "vnet") }}
{%- endif %}
{%- if fw %}

// Egress route: everything not in the virtual network goes to the firewall.
resource egressRouteTable 'Microsoft.Network/routeTables@{{ ak.api["Microsoft.Network/routeTables"] }}' = {
  name: {{ ak.component["firewall"].derived["route-table"].bicep }}
  location: location
  tags: tags
  properties: {
    disableBgpRoutePropagation: true
  }
}

resource internetViaFirewall 'Microsoft.Network/routeTables/routes@{{ ak.api["Microsoft.Network/routeTables/routes"] }}' = {
  parent: egressRouteTable
  name: 'internet-via-firewall'
  properties: {
    addressPrefix: '0.0.0.0/0'
    nextHopType: 'VirtualAppliance'
    // The firewall's private IP: the first address Azure hands out in AzureFirewallSubnet.
    nextHopIpAddress: cidrHost(addressPlan.subnets.firewall, 3)
  }
}
{%- if apim_internal %}

// API Management's control plane reaches the management endpoint from the ApiManagement
// service tag; its replies must leave directly, not through the firewall (asymmetric routing).
resource apiManagementControlPlane 'Microsoft.Network/routeTables/routes@{{ ak.api["Microsoft.Network/routeTables/routes"] }}' = {
  parent: egressRouteTable
  name: 'api-management-control-plane'
  properties: {
    addressPrefix: 'ApiManagement'
    nextHopType: 'Internet'
  }
}
{%- endif %}
{%- endif %}
{%- if databricks %}

resource natPublicIp 'Microsoft.Network/publicIPAddresses@{{ ak.api["Microsoft.Network/publicIPAddresses"] }}' = {
  name: {{ c.derived["pip-nat"].bicep }}
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

// Stable egress address of the Databricks clusters.
resource natGateway 'Microsoft.Network/natGateways@{{ ak.api["Microsoft.Network/natGateways"] }}' = {
  name: {{ c.derived.nat.bicep }}
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: natPublicIp.id
      }
    ]
  }
}
{%- endif %}
{%- for s in subnets if s.rules or s.get("nsg") %}

resource {{ s.symbol }}Nsg 'Microsoft.Network/networkSecurityGroups@{{ api_nsg }}' = {
  name: {{ c.derived["nsg-" ~ s.symbol].bicep }}
  location: location
  tags: tags
{%- if s.rules %}
  properties: {
    securityRules: [
{%- for r in s.rules %}
      {
        name: '{{ r.name }}'
        properties: {
          description: '{{ r.description }}'
          priority: {{ r.priority }}
          direction: '{{ r.direction }}'
          access: '{{ r.access }}'
          protocol: '{{ r.protocol }}'
          sourceAddressPrefix: '{{ r.source }}'
          sourcePortRange: '*'
          destinationAddressPrefix: '{{ r.destination }}'
{%- if r.ports | length == 1 %}
          destinationPortRange: '{{ r.ports[0] }}'
{%- else %}
          destinationPortRanges: [
{%- for p in r.ports %}
            '{{ p }}'
{%- endfor %}
          ]
{%- endif %}
        }
      }
{%- endfor %}
    ]
  }
{%- endif %}
}
{%- endfor %}
{%- for s in subnets if s.rules or s.get("nsg") %}

resource {{ s.symbol }}NsgDiagnostics 'Microsoft.Insights/diagnosticSettings@{{ ak.api["Microsoft.Insights/diagnosticSettings"] }}' = {
  name: 'to-log-analytics'
  scope: {{ s.symbol }}Nsg
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}
{%- endfor %}

// Subnets of one virtual network are written one at a time (dependsOn chain).
{%- for s in subnets %}
{%- if not loop.first %}
{% endif %}
resource {{ s.symbol }}Subnet 'Microsoft.Network/virtualNetworks/subnets@{{ api_subnet }}' = {
  parent: vnet
  name: '{{ s.name }}'
  properties: {
    addressPrefix: addressPlan.subnets.{{ s.symbol }}
{%- if s.rules or s.get("nsg") %}
    networkSecurityGroup: {
      id: {{ s.symbol }}Nsg.id
    }
{%- endif %}
{%- if s.get("nat") %}
    natGateway: {
      id: natGateway.id
    }
{%- endif %}
{%- if s.route %}
    routeTable: {
      id: {{ "egressRouteTableResourceId" if lz else "egressRouteTable.id" }}
    }
{%- endif %}
{%- if s.delegation %}
    delegations: [
      {
        name: '{{ s.delegation | replace("/", ".") }}'
        properties: {
          serviceName: '{{ s.delegation }}'
        }
      }
    ]
{%- endif %}
    privateEndpointNetworkPolicies: 'Enabled'
    defaultOutboundAccess: false
  }
{%- if not loop.first %}
  dependsOn: [
    {{ loop.previtem.symbol }}Subnet
  ]
{%- endif %}
}
{%- endfor %}

output id string = vnet.id
output name string = vnet.name
{%- for s in subnets %}
output {{ s.output }} string = {{ s.symbol }}Subnet.id
{%- endfor %}
{%- if inference %}
output inferenceSubnetPrefix string = inferenceSubnet.properties.addressPrefix
{%- endif %}
{%- if fw and "jump-box" in ak.component_ids %}
output jumpBoxSubnetPrefix string = jumpBoxSubnet.properties.addressPrefix
{%- endif %}
{%- if apim_internal %}
output apiManagementSubnetPrefix string = apiManagementInternalSubnet.properties.addressPrefix
{%- endif %}
{%- if fw %}
output egressSubnetPrefixes array = [
{%- for s in subnets if s.route %}
  {{ s.symbol }}Subnet.properties.addressPrefix
{%- endfor %}
]
{%- endif %}
{%- endif %}
