{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "fabric-capacity" in ak.modules %}
{%- from "bicep/macros.j2" import std_params with context %}
{%- set c = ak.component["fabric-capacity"] -%}
// Microsoft Fabric capacity: the compute the Fabric workspace and its items (warehouse,
// lakehouse, SQL database, reports) run on. The items themselves are Fabric artifacts, not
// Azure resources: create the workspace in Fabric and assign it to this capacity. The
// administrators manage the capacity in the Fabric admin portal; there is no key or local
// account. Pause the capacity (az fabric capacity suspend) when nothing runs.

@description('Name of the Fabric capacity (3-63 lowercase letters and digits, starting with a letter).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Capacity administrators: Microsoft Entra user principal names or object IDs of users or service principals.')
@minLength(1)
param administrationMembers array

resource capacity 'Microsoft.Fabric/capacities@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: 'Fabric'
  }
  properties: {
    administration: {
      members: administrationMembers
    }
  }
}

output id string = capacity.id
output name string = capacity.name
{%- endif %}
