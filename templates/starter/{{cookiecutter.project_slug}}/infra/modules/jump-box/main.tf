{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "jump-box" in ak.modules and ak.private -%}
{%- set c = ak.component["jump-box"] %}
{%- set lz = ak.landing_zone -%}
# Private access for people: {{ "Azure Bastion (Basic) and " if not lz }}a Windows 11 jump box in snet-jumpBoxes{{ " (the hub's Bastion reaches it)" if lz }}.
# Sign-in with Microsoft Entra ID (AADLoginForWindows): grant people "Virtual Machine User
# Login" on the VM; the local administrator is for break-glass only. Azure Monitor Agent
# sends Windows events and performance counters to the workload's Log Analytics workspace.
# Off with deploy_jump_box = false (every resource below has count 0 then).

locals {
  base_name = replace(var.name, "/^[^-]+-/", "")
  count     = var.deploy_jump_box ? 1 : 0
}
{%- if not lz %}

resource "azurerm_public_ip" "bastion" {
  count = local.count

  name                = {{ c.derived.pip.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "Standard"
  sku_tier            = "Regional"
  allocation_method   = "Static"
  ip_version          = "IPv4"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}

resource "azurerm_bastion_host" "this" {
  count = local.count

  name                = {{ c.derived.bastion.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "Basic"
  scale_units         = 2
  tags                = var.tags

  ip_configuration {
    name                 = "default"
    subnet_id            = var.bastion_subnet_id
    public_ip_address_id = azurerm_public_ip.bastion[0].id
  }
}

resource "azurerm_monitor_diagnostic_setting" "bastion" {
  count = local.count

  name                       = "to-log-analytics"
  target_resource_id         = azurerm_bastion_host.this[0].id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }
}
{%- endif %}

resource "azurerm_network_interface" "this" {
  count = local.count

  name                = {{ c.derived.nic.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags

  ip_configuration {
    name                          = "primary"
    subnet_id                     = var.jump_box_subnet_id
    private_ip_address_allocation = "Dynamic"
  }
}

resource "azurerm_windows_virtual_machine" "this" {
  count = local.count

  name                  = var.name
  computer_name         = "jumpbox"
  location              = var.location
  resource_group_name   = var.resource_group_name
  size                  = "Standard_D2s_v5"
  license_type          = "Windows_Client"
  admin_username        = "vmadmin"
  admin_password        = var.admin_password
  network_interface_ids = [azurerm_network_interface.this[0].id]
  patch_mode            = "AutomaticByOS"
  secure_boot_enabled   = true
  vtpm_enabled          = true
  tags                  = var.tags

  identity {
    type = "SystemAssigned"
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }

  source_image_reference {
    publisher = "MicrosoftWindowsDesktop"
    offer     = "windows-11"
    sku       = "win11-24h2-pro"
    version   = "latest"
  }

  boot_diagnostics {}
}

# Microsoft Entra ID sign-in (RDP with Entra credentials through Bastion).
resource "azurerm_virtual_machine_extension" "entra_login" {
  count = local.count

  name                       = "AADLoginForWindows"
  virtual_machine_id         = azurerm_windows_virtual_machine.this[0].id
  publisher                  = "Microsoft.Azure.ActiveDirectory"
  type                       = "AADLoginForWindows"
  type_handler_version       = "2.2"
  auto_upgrade_minor_version = true
  tags                       = var.tags
}

resource "azurerm_virtual_machine_extension" "monitor_agent" {
  count = local.count

  name                       = "AzureMonitorWindowsAgent"
  virtual_machine_id         = azurerm_windows_virtual_machine.this[0].id
  publisher                  = "Microsoft.Azure.Monitor"
  type                       = "AzureMonitorWindowsAgent"
  type_handler_version       = "1.0"
  auto_upgrade_minor_version = true
  automatic_upgrade_enabled  = true
  tags                       = var.tags

  depends_on = [azurerm_virtual_machine_extension.entra_login]
}

resource "azurerm_monitor_data_collection_rule" "this" {
  count = local.count

  name                = {{ c.derived.dcr.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  kind                = "Windows"
  tags                = var.tags

  data_sources {
    windows_event_log {
      name           = "eventLogs"
      streams        = ["Microsoft-Event"]
      x_path_queries = ["System!*[System[(Level=1 or Level=2 or Level=3)]]", "Application!*[System[(Level=1 or Level=2 or Level=3)]]"]
    }

    performance_counter {
      name                          = "perfCounters"
      streams                       = ["Microsoft-Perf"]
      sampling_frequency_in_seconds = 60
      counter_specifiers            = ["\\Processor Information(_Total)\\% Processor Time", "\\Memory\\% Committed Bytes In Use", "\\LogicalDisk(_Total)\\% Free Space"]
    }
  }

  destinations {
    log_analytics {
      name                  = "workspace"
      workspace_resource_id = var.log_analytics_workspace_id
    }
  }

  data_flow {
    streams      = ["Microsoft-Event", "Microsoft-Perf"]
    destinations = ["workspace"]
  }
}

resource "azurerm_monitor_data_collection_rule_association" "this" {
  count = local.count

  name                    = "jump-box-monitoring"
  target_resource_id      = azurerm_windows_virtual_machine.this[0].id
  data_collection_rule_id = azurerm_monitor_data_collection_rule.this[0].id
}
{%- endif %}
