{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "blob-containers" in ak.modules -%}
# The private blob containers the data flow uses in the workload's storage account:
# `input`, where files land (uploads, recordings), and `output`, where the processing
# writes its results. Access is through Entra ID roles only; the account has no shared keys.
resource "azurerm_storage_container" "this" {
  for_each = toset(var.container_names)

  name                  = each.key
  storage_account_id    = var.storage_account_id
  container_access_type = "private"
}
{%- endif %}
