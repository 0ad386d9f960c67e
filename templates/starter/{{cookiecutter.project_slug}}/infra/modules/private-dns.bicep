{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "private-dns" in ak.modules and ak.private and not ak.landing_zone and ak.dns_zones %}
{%- set c = ak.component["private-dns"] -%}
// Private DNS zones for the private endpoints, each linked to the workload's virtual
// network so names resolve to private addresses inside it. (In a landing zone the
// platform owns these zones; this module is not used there.)

@description('Tags applied to every resource in this module.')
param tags object

@description('Resource ID of the virtual network the zones are linked to.')
param virtualNetworkId string

// One zone per private endpoint DNS zone used by this architecture.
var zoneNames = [
{%- for z in ak.dns_zones %}
  '{{ z }}'
{%- endfor %}
]

resource zones 'Microsoft.Network/privateDnsZones@{{ c.api_version }}' = [for zoneName in zoneNames: {
  name: zoneName
  location: 'global'
  tags: tags
}]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@{{ ak.api["Microsoft.Network/privateDnsZones/virtualNetworkLinks"] }}' = [for (zoneName, i) in zoneNames: {
  parent: zones[i]
  name: last(split(virtualNetworkId, '/'))
  location: 'global'
  tags: tags
  properties: {
    virtualNetwork: {
      id: virtualNetworkId
    }
    registrationEnabled: false
  }
}]

// The module manages several zones; `id` and `name` are the first zone's.
output id string = zones[0].id
output name string = zones[0].name
output zoneIds array = [for (zoneName, i) in zoneNames: zones[i].id]
{%- endif %}
