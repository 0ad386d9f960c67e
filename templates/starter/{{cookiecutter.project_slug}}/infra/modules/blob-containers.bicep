{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "blob-containers" in ak.modules %}
{%- set c = ak.component["blob-containers"] -%}
// The private blob containers the data flow uses in the workload's storage account:
// `input`, where files land (uploads, recordings), and `output`, where the processing
// writes its results. Access is through Entra ID roles only; the account has no shared keys.

@description('Name of the storage account that holds the containers.')
param storageAccountName string

@description('Names of the containers.')
param containerNames array = [
  'input'
  'output'
]

resource storage 'Microsoft.Storage/storageAccounts@{{ ak.api["Microsoft.Storage/storageAccounts"] }}' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@{{ ak.api["Microsoft.Storage/storageAccounts/blobServices"] }}' existing = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@{{ c.api_version }}' = [for container in containerNames: {
  parent: blobService
  name: container
  properties: {
    publicAccess: 'None'
  }
}]

output containerNames array = containerNames
{%- endif %}
