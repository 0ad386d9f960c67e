{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-registry" in ak.modules -%}
{%- set c = ak.component["ml-registry"] -%}
# Azure Machine Learning registry: the promotion gate that holds approved model and
# environment versions, with its own system-created storage account and Premium container
# registry in a managed resource group. The page places one registry in a platform
# subscription shared by every environment: deploy this module once there, and point the
# other environments' pipelines at it.
{%- if ak.private %}
# No public network access; workspaces and pipelines reach it through the private endpoint
# (the backing storage and registry get their own endpoints from the managed resource group).
{%- endif %}
# Grant the promotion pipeline's identity "AzureML Registry User" here; that identity is yours.
#
# azurerm has no registry resource, so this is an azapi resource with the ARM body the
# Bicep flavour uses; `archkit validate` checks the body against the Azure type index.
data "azurerm_resource_group" "this" {
  name = var.resource_group_name
}

resource "azapi_resource" "registry" {
  type                      = "Microsoft.MachineLearningServices/registries@{{ c.api_version }}"
  name                      = var.name
  parent_id                 = data.azurerm_resource_group.this.id
  location                  = var.location
  tags                      = var.tags
  schema_validation_enabled = false

  identity {
    type = "SystemAssigned"
  }

  body = {
    properties = {
      publicNetworkAccess = "{{ "Disabled" if ak.private else "Enabled" }}"
      regionDetails = [
        {
          location = var.location
          acrDetails = [
            {
              systemCreatedAcrAccount = {
                acrAccountSku = "Premium"
              }
            }
          ]
          storageAccountDetails = [
            {
              systemCreatedStorageAccount = {
                storageAccountType       = "Standard_ZRS"
                storageAccountHnsEnabled = false
                allowBlobPublicAccess    = false
              }
            }
          ]
        }
      ]
    }
  }
}
{%- if ak.private %}

resource "azurerm_private_endpoint" "this" {
  name                = "pe-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-${var.name}"
    private_connection_resource_id = azapi_resource.registry.id
    is_manual_connection           = false
    subresource_names              = [{% for g in c.private_endpoint.group_ids %}"{{ g }}"{{ ", " if not loop.last }}{% endfor %}]
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = var.private_dns_zone_ids
  }
}
{%- endif %}
{%- endif %}
