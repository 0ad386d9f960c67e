{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "build-agents" in ak.modules and ak.private %}
{%- from "bicep/macros.j2" import std_params with context %}
{%- set c = ak.component["build-agents"] -%}
// Self-hosted CI/CD runners: an Ubuntu 24.04 scale set in snet-buildAgents with private
// line of sight to the workspace, registry and cluster. No public IP; egress takes the
// workload's route (Azure Firewall: allow your CI service's endpoints in its policy).
// Sign-in is SSH keys only (no passwords), through Azure Bastion or a peered network.
// Trusted Launch, automatic OS image upgrades (health from the SSH port) and the Azure
// Monitor agent (syslog and performance counters to the Log Analytics workspace).
// The scale set's own identity holds no role: pipelines sign in with their own workload
// identities (OIDC), one per pipeline, as the page asks. Install and register the runner
// software with your CI service's registration token (a credential this starter does not hold).
// Deployed only when sshPublicKey is set.

@description('Name of the scale set.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of snet-buildAgents.')
param subnetId string

@description('OpenSSH public key of the runners\' administrator (azureuser); empty deploys no runners.')
param sshPublicKey string

var deployRunners = !empty(sshPublicKey)

resource scaleSet 'Microsoft.Compute/virtualMachineScaleSets@{{ c.api_version }}' = if (deployRunners) {
  name: name
  location: location
  tags: tags
  sku: {
    name: vmSize
    tier: 'Standard'
    capacity: instanceCount
  }
  zones: [
    '1'
    '2'
    '3'
  ]
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    orchestrationMode: 'Uniform'
    overprovision: false
    zoneBalance: false
    upgradePolicy: {
      mode: 'Automatic'
      automaticOSUpgradePolicy: {
        enableAutomaticOSUpgrade: true
        disableAutomaticRollback: false
      }
    }
    virtualMachineProfile: {
      osProfile: {
        computerNamePrefix: 'runner'
        adminUsername: 'azureuser'
        linuxConfiguration: {
          disablePasswordAuthentication: true
          provisionVMAgent: true
          ssh: {
            publicKeys: [
              {
                path: '/home/azureuser/.ssh/authorized_keys'
                keyData: sshPublicKey
              }
            ]
          }
        }
      }
      storageProfile: {
        imageReference: {
          publisher: 'Canonical'
          offer: 'ubuntu-24_04-lts'
          sku: 'server'
          version: 'latest'
        }
        osDisk: {
          createOption: 'FromImage'
          caching: 'ReadWrite'
          managedDisk: {
            storageAccountType: 'Premium_LRS'
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
      networkProfile: {
        networkInterfaceConfigurations: [
          {
            name: 'nic'
            properties: {
              primary: true
              enableAcceleratedNetworking: true
              ipConfigurations: [
                {
                  name: 'ipconfig'
                  properties: {
                    primary: true
                    subnet: {
                      id: subnetId
                    }
                  }
                }
              ]
            }
          }
        ]
      }
      diagnosticsProfile: {
        bootDiagnostics: {
          enabled: true
        }
      }
      extensionProfile: {
        extensions: [
          {
            // Automatic OS image upgrades roll on only while instances report healthy.
            name: 'HealthExtension'
            properties: {
              publisher: 'Microsoft.ManagedServices'
              type: 'ApplicationHealthLinux'
              typeHandlerVersion: '2.0'
              autoUpgradeMinorVersion: true
              settings: {
                protocol: 'tcp'
                port: 22
              }
            }
          }
          {
            name: 'AzureMonitorLinuxAgent'
            properties: {
              publisher: 'Microsoft.Azure.Monitor'
              type: 'AzureMonitorLinuxAgent'
              typeHandlerVersion: '1.0'
              autoUpgradeMinorVersion: true
              enableAutomaticUpgrade: true
            }
          }
        ]
      }
    }
  }
}

resource dataCollectionRule 'Microsoft.Insights/dataCollectionRules@{{ ak.api["Microsoft.Insights/dataCollectionRules"] }}' = if (deployRunners) {
  name: {{ c.derived.dcr.bicep }}
  location: location
  tags: tags
  kind: 'Linux'
  properties: {
    dataSources: {
      syslog: [
        {
          name: 'syslog'
          streams: [
            'Microsoft-Syslog'
          ]
          facilityNames: [
            'auth'
            'authpriv'
            'daemon'
            'syslog'
          ]
          logLevels: [
            'Warning'
            'Error'
            'Critical'
            'Alert'
            'Emergency'
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
            'Processor(*)\\% Processor Time'
            'Memory(*)\\% Used Memory'
            'Logical Disk(*)\\% Used Space'
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
          'Microsoft-Syslog'
          'Microsoft-Perf'
        ]
        destinations: [
          'workspace'
        ]
      }
    ]
  }
}

resource dataCollectionRuleAssociation 'Microsoft.Insights/dataCollectionRuleAssociations@{{ ak.api["Microsoft.Insights/dataCollectionRuleAssociations"] }}' = if (deployRunners) {
  name: 'build-agents-monitoring'
  scope: scaleSet
  properties: {
    dataCollectionRuleId: dataCollectionRule.id
  }
}

output id string = deployRunners ? scaleSet.id : ''
output name string = name
{%- endif %}
