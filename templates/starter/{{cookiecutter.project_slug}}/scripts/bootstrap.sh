{%- set ak = archkit(cookiecutter) -%}
{#- Azure role definition IDs the templates assign, the developer's included (Cosmos DB's own
    data-plane roles are not Azure role assignments): the deployment identity may grant these
    and no others. -#}
{%- set ns = namespace(ids=[]) -%}
{%- for c in ak.components if c.deployed -%}
{%- for r in c.roles if not r.id.startswith("00000000-0000-0000-0000-") and r.id not in ns.ids %}{% set ns.ids = ns.ids + [r.id] %}{% endfor -%}
{%- for r in c.user_roles if r.id not in ns.ids %}{% set ns.ids = ns.ids + [r.id] %}{% endfor -%}
{%- endfor -%}
{#- roles of the identities a module grants itself (the gateway's, a Foundry project's) -#}
{%- for i in ak.arch.identities if i.module -%}
{%- for g in i.roles if (g.scope == "resource-group" or (g.scope in ak.component and ak.component[g.scope].deployed)) and ak.role_ids[g.role] not in ns.ids %}{% set ns.ids = ns.ids + [ak.role_ids[g.role]] %}{% endfor -%}
{%- endfor -%}
{#- people's roles go to developerPrincipalId, a user or a group -#}
{%- set people = ak.components | selectattr("deployed") | selectattr("user_roles") | list -%}
{%- if "agent-service" in ak.modules -%}
{%- for name in ["Cosmos DB Operator", "Storage Blob Data Contributor", "Search Index Data Contributor", "Search Service Contributor"] if ak.role_ids[name] not in ns.ids %}{% set ns.ids = ns.ids + [ak.role_ids[name]] %}{% endfor -%}
{%- endif -%}
{%- if "api-management" in ak.modules and "ai-foundry" in ak.component_ids and ak.role_ids["Cognitive Services OpenAI User"] not in ns.ids -%}
{%- set ns.ids = ns.ids + [ak.role_ids["Cognitive Services OpenAI User"]] -%}
{%- endif -%}
{#- Roles modules grant to identities other than the workload's: the gateway's system identity
    sends usage records and publishes telemetry; the Foundry project reads the search index through its connection;
    Application Gateway's own identity reads its certificate. -#}
{%- if "ai-gateway-api" in ak.modules and "app-insights" in ak.component_ids and ak.role_ids["Monitoring Metrics Publisher"] not in ns.ids -%}
{%- set ns.ids = ns.ids + [ak.role_ids["Monitoring Metrics Publisher"]] -%}
{%- endif -%}
{%- if "ai-gateway-api" in ak.modules and "event-hubs" in ak.component_ids and ak.role_ids["Azure Event Hubs Data Sender"] not in ns.ids -%}
{%- set ns.ids = ns.ids + [ak.role_ids["Azure Event Hubs Data Sender"]] -%}
{%- endif -%}
{%- for r in ak.search_connection_roles if r.id not in ns.ids %}{% set ns.ids = ns.ids + [r.id] %}{% endfor -%}
{%- if "app-gateway" in ak.modules and "key-vault" in ak.component_ids and ak.role_ids["Key Vault Secrets User"] not in ns.ids -%}
{%- set ns.ids = ns.ids + [ak.role_ids["Key Vault Secrets User"]] -%}
{%- endif -%}
{%- set state_account = ("sttf" ~ ak.workload | replace("-", ""))[:18] ~ ak.suffix -%}
#!/usr/bin/env bash
# Prepares Azure and GitHub for .github/workflows/deploy.yml, once per repository:
#   - one resource group per environment (dev, test, prod) that the deployment fills;
#   - a resource group rg-{{ ak.workload }}-cicd for the deployment identities{{ " and the Terraform state" if ak.terraform }};
{%- if ak.terraform %}
#   - a state storage account with Entra ID auth only (shared keys off) and one
#     container per environment;
{%- endif %}
#   - per environment, a user-assigned identity that GitHub Actions signs in as from the
#     GitHub environment of the same name (OpenID Connect; no secret anywhere), with
#     Contributor on that environment's resource group and Role Based Access Control
#     Administrator limited to the roles the templates assign;
{%- if "defender-plans" in ak.modules %}
#   - Security Admin on the subscription for each deployment identity, because the
#     defender option sets the subscription's Defender for Cloud plans;
{%- endif %}
#   - one read-only plan identity for pull requests and the plan jobs.
# It changes nothing that already exists (every create is preceded by a show) and prints
# the GitHub variables the workflows read; --set-github-variables sets them with `gh`.
#
# Usage: scripts/bootstrap.sh --repo OWNER/REPO [--location REGION] [--subscription ID]
#                             [--set-github-variables] [--dry-run]
set -euo pipefail

WORKLOAD="{{ ak.workload }}"
LOCATION="{{ ak.location }}"
ENVIRONMENTS=(dev test prod)
CICD_GROUP="rg-${WORKLOAD}-cicd"
PLAN_IDENTITY="id-${WORKLOAD}-plan"
{%- if ak.terraform %}
STATE_ACCOUNT="{{ state_account }}"
{%- endif %}
ISSUER="https://token.actions.githubusercontent.com"
AUDIENCE="api://AzureADTokenExchange"

# Built-in role definition IDs (identical in every tenant).
CONTRIBUTOR="b24988ac-6180-42a0-ab88-20f7382dd24c"
READER="acdd72a7-3385-48ef-bd42-f606fba81ae7"
RBAC_ADMINISTRATOR="f58310d9-a9f6-439a-9e8d-f62e7b41a168"
{%- if ak.policies or ak.workload_policies %}
RESOURCE_POLICY_CONTRIBUTOR="36243c78-bf99-498c-9df9-86d9f8d28608"
{%- endif %}
{%- if "defender-plans" in ak.modules %}
SECURITY_ADMIN="fb1c8493-542b-48eb-b624-b4c8fea62acd"
{%- endif %}
{%- if ak.terraform %}
BLOB_DATA_CONTRIBUTOR="ba92f5b4-2d11-453d-a403-e96b0029c9fe"
BLOB_DATA_READER="2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
{%- endif %}
# Roles the templates assign to workload identities: the only ones the deployment
# identity may grant or remove (ABAC condition on its RBAC Administrator assignment).
ASSIGNABLE_ROLES=({% for id in ns.ids | sort %}{{ " " if not loop.first }}"{{ id }}"{% endfor %})

REPO=""
SUBSCRIPTION=""
DRY_RUN=0
SET_VARIABLES=0

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --repo) REPO="${2:?--repo needs OWNER/REPO}"; shift 2 ;;
    --location) LOCATION="${2:?--location needs a region}"; shift 2 ;;
    --subscription) SUBSCRIPTION="${2:?--subscription needs an ID}"; shift 2 ;;
    --set-github-variables) SET_VARIABLES=1; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bootstrap.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ ! "$REPO" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; then
  echo "bootstrap.sh: --repo OWNER/REPO is required (the GitHub repository the workflows run in)" >&2
  exit 2
fi

# Prints the command; runs it unless --dry-run.
run() {
  printf '+'
  printf ' %q' "$@"
  printf '\n'
  if [[ "$DRY_RUN" -eq 0 ]]; then
    "$@"
  fi
}

# True when the read-only command succeeds. Under --dry-run nothing is read: every
# create is printed, as for an empty subscription.
exists() {
  if [[ "$DRY_RUN" -eq 1 ]]; then
    printf '+'
    printf ' %q' "$@"
    printf '\n'
    return 1
  fi
  "$@" >/dev/null 2>&1
}

# Output of a read-only query, or a placeholder under --dry-run.
query() {
  local placeholder="$1"
  shift
  if [[ "$DRY_RUN" -eq 1 ]]; then
    printf '%s\n' "$placeholder"
  else
    "$@"
  fi
}

if [[ "$DRY_RUN" -eq 0 ]] && ! command -v az >/dev/null 2>&1; then
  echo "bootstrap.sh: the Azure CLI (az) is not installed: https://learn.microsoft.com/cli/azure/install-azure-cli" >&2
  exit 1
fi
if [[ -n "$SUBSCRIPTION" ]]; then
  run az account set --subscription "$SUBSCRIPTION"
fi
SUBSCRIPTION_ID="$(query '<subscription-id>' az account show --query id --output tsv)"
TENANT_ID="$(query '<tenant-id>' az account show --query tenantId --output tsv)"

ensure_group() {
  local name="$1" environment="$2"
  exists az group show --name "$name" ||
    run az group create --name "$name" --location "$LOCATION" \
      --tags "workload=${WORKLOAD}" "environment=${environment}" managed-by=archkit
}

ensure_identity() {
  local name="$1"
  exists az identity show --name "$name" --resource-group "$CICD_GROUP" ||
    run az identity create --name "$name" --resource-group "$CICD_GROUP" --location "$LOCATION" \
      --tags "workload=${WORKLOAD}" managed-by=archkit
}

ensure_federated_credential() {
  local identity="$1" name="$2" subject="$3"
  exists az identity federated-credential show --name "$name" --identity-name "$identity" \
    --resource-group "$CICD_GROUP" ||
    run az identity federated-credential create --name "$name" --identity-name "$identity" \
      --resource-group "$CICD_GROUP" --issuer "$ISSUER" --subject "$subject" --audiences "$AUDIENCE"
}

# ensure_role PRINCIPAL_ID ROLE_ID SCOPE [CONDITION]
ensure_role() {
  local principal="$1" role="$2" scope="$3" condition="${4:-}"
  local found=""
  if [[ "$DRY_RUN" -eq 0 ]]; then
    found="$(az role assignment list --assignee "$principal" --role "$role" --scope "$scope" \
      --query '[0].id' --output tsv)"
  else
    exists az role assignment list --assignee "$principal" --role "$role" --scope "$scope" \
      --query '[0].id' --output tsv || true
  fi
  if [[ -n "$found" ]]; then
    return 0
  fi
  if [[ -n "$condition" ]]; then
    run az role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal \
      --role "$role" --scope "$scope" --condition "$condition" --condition-version 2.0
  else
    run az role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal \
      --role "$role" --scope "$scope"
  fi
}

principal_of() {
  query "<principal-id-of-$1>" az identity show --name "$1" --resource-group "$CICD_GROUP" \
    --query principalId --output tsv
}

client_id_of() {
  query "<client-id-of-$1>" az identity show --name "$1" --resource-group "$CICD_GROUP" \
    --query clientId --output tsv
}

# Role Based Access Control Administrator may create and delete assignments of the
# template roles only, and only for service principals (managed identities).
guids=""
for id in "${ASSIGNABLE_ROLES[@]}"; do
  guids="${guids:+${guids}, }${id}"
done
RBAC_CONDITION="((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${guids}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'{{ ", 'User', 'Group'" if people }}})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${guids}}))"

ensure_group "$CICD_GROUP" shared
{%- if ak.terraform %}

# Terraform state: Entra ID auth only, versioned, soft-deleted blobs kept 30 days.
if ! exists az storage account show --name "$STATE_ACCOUNT" --resource-group "$CICD_GROUP"; then
  run az storage account create --name "$STATE_ACCOUNT" --resource-group "$CICD_GROUP" --location "$LOCATION" \
    --sku Standard_ZRS --kind StorageV2 --min-tls-version TLS1_2 --https-only true \
    --allow-blob-public-access false --allow-shared-key-access false \
    --tags "workload=${WORKLOAD}" managed-by=archkit
  run az storage account blob-service-properties update --account-name "$STATE_ACCOUNT" \
    --resource-group "$CICD_GROUP" --enable-versioning true \
    --enable-delete-retention true --delete-retention-days 30
fi
STATE_ACCOUNT_ID="/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${CICD_GROUP}/providers/Microsoft.Storage/storageAccounts/${STATE_ACCOUNT}"
{%- endif %}

ensure_identity "$PLAN_IDENTITY"
ensure_federated_credential "$PLAN_IDENTITY" github-pull-request "repo:${REPO}:pull_request"
ensure_federated_credential "$PLAN_IDENTITY" github-main "repo:${REPO}:ref:refs/heads/main"
PLAN_PRINCIPAL="$(principal_of "$PLAN_IDENTITY")"

declare -A CLIENT_IDS=()
for environment in "${ENVIRONMENTS[@]}"; do
  group="rg-${WORKLOAD}-${environment}"
  identity="id-${WORKLOAD}-deploy-${environment}"
  group_id="/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${group}"
  echo "# ${environment}"
  ensure_group "$group" "$environment"
{%- if ak.terraform %}
  container="tfstate-${environment}"
  exists az storage container-rm show --name "$container" --storage-account "$STATE_ACCOUNT" \
    --resource-group "$CICD_GROUP" ||
    run az storage container-rm create --name "$container" --storage-account "$STATE_ACCOUNT" \
      --resource-group "$CICD_GROUP" --public-access off
  container_id="${STATE_ACCOUNT_ID}/blobServices/default/containers/${container}"
{%- endif %}
  ensure_identity "$identity"
  ensure_federated_credential "$identity" "github-${environment}" "repo:${REPO}:environment:${environment}"
  principal="$(principal_of "$identity")"
  ensure_role "$principal" "$CONTRIBUTOR" "$group_id"
  ensure_role "$principal" "$RBAC_ADMINISTRATOR" "$group_id" "$RBAC_CONDITION"
{%- if ak.policies or ak.workload_policies %}
  # Policy assignments (the architecture's audit set{{ " and the platform kit's" if ak.policies }}) need more than Contributor.
  ensure_role "$principal" "$RESOURCE_POLICY_CONTRIBUTOR" "$group_id"
{%- endif %}
{%- if "defender-plans" in ak.modules %}
  # The defender option sets subscription-wide Defender for Cloud plans.
  ensure_role "$principal" "$SECURITY_ADMIN" "/subscriptions/${SUBSCRIPTION_ID}"
{%- endif %}
{%- if ak.terraform %}
  ensure_role "$principal" "$BLOB_DATA_CONTRIBUTOR" "$container_id"
  ensure_role "$PLAN_PRINCIPAL" "$BLOB_DATA_READER" "$container_id"
{%- endif %}
  ensure_role "$PLAN_PRINCIPAL" "$READER" "$group_id"
  CLIENT_IDS[$environment]="$(client_id_of "$identity")"
done

PLAN_CLIENT_ID="$(client_id_of "$PLAN_IDENTITY")"
REPOSITORY_VARIABLES=(
  "AZURE_TENANT_ID=${TENANT_ID}"
  "AZURE_SUBSCRIPTION_ID=${SUBSCRIPTION_ID}"
  "AZURE_PLAN_CLIENT_ID=${PLAN_CLIENT_ID}"
{%- if ak.terraform %}
  "TFSTATE_RESOURCE_GROUP=${CICD_GROUP}"
  "TFSTATE_STORAGE_ACCOUNT=${STATE_ACCOUNT}"
{%- endif %}
)

echo
echo "GitHub repository variables (Settings > Secrets and variables > Actions > Variables):"
for pair in "${REPOSITORY_VARIABLES[@]}"; do
  echo "  ${pair%%=*} = ${pair#*=}"
done
for environment in "${ENVIRONMENTS[@]}"; do
  echo "GitHub environment '${environment}' variable: AZURE_CLIENT_ID = ${CLIENT_IDS[$environment]}"
done
{%- if ak.private %}
echo "Optional: DEPLOY_RUNNER = <label of the self-hosted runner inside the virtual network>"
echo "  (private endpoints only: plan and apply run on a runner labelled self-hosted unless set)"
{%- endif %}

if [[ "$SET_VARIABLES" -eq 1 ]]; then
  for pair in "${REPOSITORY_VARIABLES[@]}"; do
    run gh variable set "${pair%%=*}" --repo "$REPO" --body "${pair#*=}"
  done
  for environment in "${ENVIRONMENTS[@]}"; do
    # PUT is idempotent: it creates the environment or leaves its protection rules alone.
    run gh api --method PUT "repos/${REPO}/environments/${environment}" --silent
    run gh variable set AZURE_CLIENT_ID --repo "$REPO" --env "$environment" --body "${CLIENT_IDS[$environment]}"
  done
  echo "Add required reviewers to the test and prod environments: Settings > Environments."
fi
