{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-services" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{%- set c = ak.components | selectattr("module", "equalto", "ai-services") | first -%}
{{ std_variables(dict(c, title="Azure AI services account")) }}

variable "kind" {
  description = "Account kind, for example FormRecognizer, SpeechServices, TextAnalytics or ComputerVision."
  type        = string
}

variable "sku_name" {
  description = "Pricing tier (SKU name) of the account, for example S0."
  type        = string
}
{%- endif %}
