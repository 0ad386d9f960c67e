{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "defender-plans" in ak.modules -%}
{%- set apis = "api-management" in ak.component_ids -%}
# Microsoft Defender for Cloud plans the MLOps guide relies on: Defender for Containers scans
# the solution images in the container registry{{ " and Defender for APIs watches the endpoints published through API Management" if apis }}.
# Plans are subscription settings: they cover every resource of their kind in the
# subscription the azurerm provider targets, not only this workload's, and applying them
# needs Security Admin (or Owner) on the subscription.
resource "azurerm_security_center_subscription_pricing" "containers" {
  tier          = "Standard"
  resource_type = "Containers"
}
{%- if apis %}

# Plan 1 covers up to 1 million API calls a month; pick a larger plan for more traffic.
resource "azurerm_security_center_subscription_pricing" "apis" {
  tier          = "Standard"
  resource_type = "Api"
  subplan       = "P1"
}
{%- endif %}
{%- endif %}
