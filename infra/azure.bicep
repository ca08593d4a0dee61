// Azure resources for SIP Doc (used by `arm/deploy` in teamsapp.yml):
//   - a Linux App Service plan + web app running Node 20 with `npm start`
//   - an Azure Bot (single-tenant; new multi-tenant bots can no longer be created)
//     whose messaging endpoint is https://<web app>/api/messages, with the Teams channel.
// The outputs are written to env/.env.<env> by the Agents Toolkit.

@description('Prefix for resource names; a hash of the resource group is appended so the web app name is globally unique.')
@minLength(3)
@maxLength(24)
param resourceBaseName string

@description('Client id of the bot\'s Microsoft Entra app (BOT_ID).')
param botAadAppClientId string

@secure()
@description('Client secret of the bot\'s Microsoft Entra app (SECRET_BOT_PASSWORD).')
param botAadAppClientSecret string

@description('Microsoft 365 tenant that owns the bot\'s Entra app (TEAMS_APP_TENANT_ID).')
param botAadAppTenantId string

@maxLength(42)
@description('Display name of the Azure Bot.')
param botDisplayName string

@description('App Service plan SKU. B1 is the smallest Linux SKU that supports Always On.')
param webAppSku string = 'B1'

@description('App Service runtime stack.')
param linuxFxVersion string = 'NODE|20-lts'

param location string = resourceGroup().location

var name = '${resourceBaseName}-${uniqueString(resourceGroup().id)}'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: name
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'npm start'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1' // run the zip that azureAppService/zipDeploy uploads, as built locally
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'MicrosoftAppId'
          value: botAadAppClientId
        }
        {
          name: 'MicrosoftAppPassword'
          value: botAadAppClientSecret
        }
        {
          name: 'MicrosoftAppType'
          value: 'SingleTenant'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: botAadAppTenantId
        }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botAadAppTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
