{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "defender-plans" in ak.modules %}
{%- set c = ak.component["defender-plans"] -%}
{%- set apis = "api-management" in ak.component_ids -%}
// Microsoft Defender for Cloud plans the MLOps guide relies on: Defender for Containers scans
// the solution images in the container registry{{ " and Defender for APIs watches the endpoints published through API Management" if apis }}.
// Plans are subscription settings: they cover every resource of their kind in the
// subscription, not only this workload's, and deploying them needs Security Admin (or
// Owner) on the subscription. main.bicep calls this module with scope: subscription().
targetScope = 'subscription'

resource containers 'Microsoft.Security/pricings@{{ c.api_version }}' = {
  name: 'Containers'
  properties: {
    pricingTier: 'Standard'
  }
}
{%- if apis %}

// Plan 1 covers up to 1 million API calls a month; pick a larger plan for more traffic.
resource apis 'Microsoft.Security/pricings@{{ c.api_version }}' = {
  name: 'Api'
  properties: {
    pricingTier: 'Standard'
    subPlan: 'P1'
  }
}
{%- endif %}

output containersPlanId string = containers.id
{%- endif %}
