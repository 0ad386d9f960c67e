{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "fabric-capacity" in ak.modules -%}
# Microsoft Fabric capacity: the compute the Fabric workspace and its items (warehouse,
# lakehouse, SQL database, reports) run on. The items themselves are Fabric artifacts, not
# Azure resources: create the workspace in Fabric and assign it to this capacity. The
# administrators manage the capacity in the Fabric admin portal; there is no key or local
# account. Pause the capacity (az fabric capacity suspend) when nothing runs.
resource "azurerm_fabric_capacity" "this" {
  name                   = var.name
  location               = var.location
  resource_group_name    = var.resource_group_name
  administration_members = var.administration_members
  tags                   = var.tags

  sku {
    name = var.sku_name
    tier = "Fabric"
  }
}
{%- endif %}
