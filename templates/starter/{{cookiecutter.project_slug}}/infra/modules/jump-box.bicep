{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "jump-box" in ak.modules and ak.private %}
{%- set c = ak.component["jump-box"] %}
{%- set lz = ak.landing_zone -%}
// Private access for people: {{ "Azure Bastion (Basic) and " if not lz }}a Windows 11 jump box in snet-jumpBoxes{{ " (the hub's Bastion reaches it)" if lz }}.
// Sign-in with Microsoft Entra ID (AADLoginForWindows): grant people "Virtual Machine User
// Login" on the VM; the local administrator is for break-glass only. Azure Monitor Agent
// sends Windows events and performance counters to the workload's Log Analytics workspace.
// Off with deployJumpBox = false (everything below is conditional).

@description('Name of the jump box virtual machine.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Resource ID of the Log Analytics workspace that receives diagnostics.')
param logAnalyticsWorkspaceId string

@description('Deploy the jump box{{ " and Azure Bastion" if not lz }}.')
param deployJumpBox bool

@description('Resource ID of snet-jumpBoxes.')
param jumpBoxSubnetId string
{%- if not lz %}

@description('Resource ID of AzureBastionSubnet.')
param bastionSubnetId string
{%- endif %}

@description('Password of the local break-glass administrator (vmadmin). People sign in with Microsoft Entra ID.')
@secure()
param adminPassword string

// Names of the resources this module adds: the part of `name` after its abbreviation.
var baseName = substring(name, indexOf(name, '-') + 1)
{%- if not lz %}

resource bastionPublicIp 'Microsoft.Network/publicIPAddresses@{{ ak.api["Microsoft.Network/publicIPAddresses"] }}' = if (deployJumpBox) {
  name: {{ c.derived.pip.bicep }}
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  zones: [
    '1'
    '2'
    '3'
  ]
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource bastion 'Microsoft.Network/bastionHosts@{{ ak.api["Microsoft.Network/bastionHosts"] }}' = if (deployJumpBox) {
  name: {{ c.derived.bastion.bicep }}
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    scaleUnits: 2
    ipConfigurations: [
      {
        name: 'default'
        properties: {
          subnet: {
            id: bastionSubnetId
          }
          publicIPAddress: {
            id: bastionPublicIp.id
          }
        }
      }
    ]
  }
}

resource bastionDiagnostics 'Microsoft.Insights/diagnosticSettings@{{ ak.api["Microsoft.Insights/diagnosticSettings"] }}' = if (deployJumpBox) {
  name: 'to-log-analytics'
  scope: bastion
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}
{%- endif %}

resource nic 'Microsoft.Network/networkInterfaces@{{ ak.api["Microsoft.Network/networkInterfaces"] }}' = if (deployJumpBox) {
  name: {{ c.derived.nic.bicep }}
  location: location
  tags: tags
  properties: {
    ipConfigurations: [
      {
        name: 'primary'
        properties: {
          subnet: {
            id: jumpBoxSubnetId
          }
          privateIPAllocationMethod: 'Dynamic'
        }
      }
    ]
  }
}

resource vm 'Microsoft.Compute/virtualMachines@{{ c.api_version }}' = if (deployJumpBox) {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    hardwareProfile: {
      vmSize: 'Standard_D2s_v5'
    }
    licenseType: 'Windows_Client'
    osProfile: {
      computerName: 'jumpbox'
      adminUsername: 'vmadmin'
      adminPassword: adminPassword
      windowsConfiguration: {
        enableAutomaticUpdates: true
        provisionVMAgent: true
        patchSettings: {
          patchMode: 'AutomaticByOS'
        }
      }
    }
    securityProfile: {
      securityType: 'TrustedLaunch'
      uefiSettings: {
        secureBootEnabled: true
        vTpmEnabled: true
      }
    }
    storageProfile: {
      imageReference: {
        publisher: 'MicrosoftWindowsDesktop'
        offer: 'windows-11'
        sku: 'win11-24h2-pro'
        version: 'latest'
      }
      osDisk: {
        createOption: 'FromImage'
        deleteOption: 'Delete'
        managedDisk: {
          storageAccountType: 'Premium_LRS'
        }
      }
    }
    networkProfile: {
      networkInterfaces: [
        {
          id: nic.id
          properties: {
            deleteOption: 'Delete'
          }
        }
      ]
    }
    diagnosticsProfile: {
      bootDiagnostics: {
        enabled: true
      }
    }
  }
}

// Microsoft Entra ID sign-in (RDP with Entra credentials through Bastion).
resource entraLogin 'Microsoft.Compute/virtualMachines/extensions@{{ ak.api["Microsoft.Compute/virtualMachines/extensions"] }}' = if (deployJumpBox) {
  parent: vm
  name: 'AADLoginForWindows'
  location: location
  tags: tags
  properties: {
    publisher: 'Microsoft.Azure.ActiveDirectory'
    type: 'AADLoginForWindows'
    typeHandlerVersion: '2.2'
    autoUpgradeMinorVersion: true
  }
}

resource monitorAgent 'Microsoft.Compute/virtualMachines/extensions@{{ ak.api["Microsoft.Compute/virtualMachines/extensions"] }}' = if (deployJumpBox) {
  parent: vm
  name: 'AzureMonitorWindowsAgent'
  location: location
  tags: tags
  properties: {
    publisher: 'Microsoft.Azure.Monitor'
    type: 'AzureMonitorWindowsAgent'
    typeHandlerVersion: '1.0'
    autoUpgradeMinorVersion: true
    enableAutomaticUpgrade: true
  }
  dependsOn: [
    entraLogin
  ]
}

resource dataCollectionRule 'Microsoft.Insights/dataCollectionRules@{{ ak.api["Microsoft.Insights/dataCollectionRules"] }}' = if (deployJumpBox) {
  name: {{ c.derived.dcr.bicep }}
  location: location
  tags: tags
  kind: 'Windows'
  properties: {
    dataSources: {
      windowsEventLogs: [
        {
          name: 'eventLogs'
          streams: [
            'Microsoft-Event'
          ]
          xPathQueries: [
            'System!*[System[(Level=1 or Level=2 or Level=3)]]'
            'Application!*[System[(Level=1 or Level=2 or Level=3)]]'
          ]
        }
      ]
      performanceCounters: [
        {
          name: 'perfCounters'
          streams: [
            'Microsoft-Perf'
          ]
          samplingFrequencyInSeconds: 60
          counterSpecifiers: [
            '\\Processor Information(_Total)\\% Processor Time'
            '\\Memory\\% Committed Bytes In Use'
            '\\LogicalDisk(_Total)\\% Free Space'
          ]
        }
      ]
    }
    destinations: {
      logAnalytics: [
        {
          name: 'workspace'
          workspaceResourceId: logAnalyticsWorkspaceId
        }
      ]
    }
    dataFlows: [
      {
        streams: [
          'Microsoft-Event'
          'Microsoft-Perf'
        ]
        destinations: [
          'workspace'
        ]
      }
    ]
  }
}

resource dataCollectionRuleAssociation 'Microsoft.Insights/dataCollectionRuleAssociations@{{ ak.api["Microsoft.Insights/dataCollectionRuleAssociations"] }}' = if (deployJumpBox) {
  name: 'jump-box-monitoring'
  scope: vm
  properties: {
    dataCollectionRuleId: dataCollectionRule.id
  }
}

output id string = deployJumpBox ? vm.id : ''
output name string = name
{%- endif %}
