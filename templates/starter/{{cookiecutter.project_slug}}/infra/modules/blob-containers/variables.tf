{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "blob-containers" in ak.modules -%}
variable "storage_account_id" {
  description = "Resource ID of the storage account that holds the containers."
  type        = string
}

variable "container_names" {
  description = "Names of the containers."
  type        = list(string)
  default     = ["input", "output"]
}
{%- endif %}
