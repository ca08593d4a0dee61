// Which store to use, from the environment:
//   SIPDOC_TABLES_CONNECTION_STRING  Azure Table Storage (a storage account's connection string)
//   SIPDOC_TABLES_ACCOUNT_URL        Azure Table Storage with the app's managed identity
//                                    (role "Storage Table Data Contributor" on the account)
//   neither                          a local file (SIPDOC_STORE_FILE, default ~/.sipdoc/store.json)
import { DEFAULT_STORE_FILE, FileStore } from './file-store';
import { TableStore } from './table-store';
import type { Store } from './types';

export type { PostRecord, StoredReference, Store, Subscription } from './types';

export const STORE_ENV = {
  connectionString: 'SIPDOC_TABLES_CONNECTION_STRING',
  accountUrl: 'SIPDOC_TABLES_ACCOUNT_URL',
  managedIdentityClientId: 'SIPDOC_TABLES_CLIENT_ID',
  tablePrefix: 'SIPDOC_TABLE_PREFIX',
  file: 'SIPDOC_STORE_FILE',
} as const;

export function openStore(env: NodeJS.ProcessEnv = process.env): Store {
  const get = (k: string) => (env[k] ?? '').trim();
  const prefix = get(STORE_ENV.tablePrefix) || 'SipDoc';
  if (!/^[A-Za-z][A-Za-z0-9]{0,40}$/.test(prefix)) throw new Error(`${STORE_ENV.tablePrefix} must be letters and digits, starting with a letter (table names).`);
  const connectionString = get(STORE_ENV.connectionString);
  // Azurite's well-known development account is on http://127.0.0.1.
  const insecure = /DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true|TableEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(connectionString);
  if (connectionString) return new TableStore({ connectionString }, { prefix, allowInsecureConnection: insecure });
  const accountUrl = get(STORE_ENV.accountUrl);
  if (accountUrl) {
    if (!accountUrl.startsWith('https://')) throw new Error(`${STORE_ENV.accountUrl} must be an https URL (https://<account>.table.core.windows.net).`);
    const clientId = get(STORE_ENV.managedIdentityClientId);
    const { ManagedIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
    return new TableStore({ accountUrl, credential: new ManagedIdentityCredential(clientId ? { clientId } : {}) }, { prefix });
  }
  return new FileStore(get(STORE_ENV.file) || DEFAULT_STORE_FILE);
}
