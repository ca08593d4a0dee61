// Settings of the file downloader, read from the environment at start (a bad value stops the
// server with a clear message, like every other setting).
//   FILE_DOWNLOAD_HOSTS       hosts a file may be downloaded from (default *.sharepoint.com)
//   FILE_MAX_BYTES            largest file read (default 50 MiB)
//   FILE_DOWNLOAD_TIMEOUT_MS  the whole download, redirects and body included (default 10 s)
//   FILE_DOWNLOAD_CA_FILE     a PEM file of extra certificate authorities to trust for downloads
import * as fs from 'node:fs';

export interface HostRule {
  /** An exact host name, or a suffix when `wildcard` (`*.sharepoint.com` matches `contoso.sharepoint.com`). */
  host: string;
  wildcard: boolean;
  /** A port other than 443, only when the rule names it (a local test server). */
  port?: number;
}

export interface FileConfig {
  hosts: HostRule[];
  maxBytes: number;
  timeoutMs: number;
  /** Extra CAs (PEM) trusted for downloads, next to Node's own. */
  ca?: string;
}

/**
 * Teams hands a bot a SharePoint / OneDrive link: `<tenant>.sharepoint.com` for a channel's
 * files, `<tenant>-my.sharepoint.com` for a personal chat's. Both are `*.sharepoint.com`.
 */
export const DEFAULT_FILE_HOSTS = '*.sharepoint.com';

/**
 * A Direct Routing usage report export weighs about 300 bytes a row (21 columns: the fixture
 * test/fixtures/pastes/dr-usage-report.csv), so 100,000 rows are about 30 MB; 50 MiB leaves room
 * for long phrases and for the 200,000 rows SIP Doc reads at most, and still bounds the memory one
 * download can take.
 */
export const DEFAULT_FILE_MAX_BYTES = 50 * 1024 * 1024;

/** Teams wants the bot's answer within 15 s; the download gets 10 of them, the analysis the rest. */
export const DEFAULT_FILE_TIMEOUT_MS = 10_000;

export class FileConfigError extends Error {}

const HOST = /^(\*\.)?([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,10})(?::(\d{1,5}))?$/;

export function parseHostRules(text: string): HostRule[] {
  const rules: HostRule[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    const m = HOST.exec(item);
    const port = m?.[3] !== undefined ? Number(m[3]) : undefined;
    if (!m || (port !== undefined && (port < 1 || port > 65535)) || (m[1] && !m[2]!.includes('.'))) {
      throw new FileConfigError(`FILE_DOWNLOAD_HOSTS: "${raw.trim()}" is not a host name, "*.domain" or "host:port".`);
    }
    const rule: HostRule = { host: m[2]!, wildcard: Boolean(m[1]) };
    if (port !== undefined && port !== 443) rule.port = port;
    rules.push(rule);
  }
  if (!rules.length) throw new FileConfigError('FILE_DOWNLOAD_HOSTS is set but names no host.');
  return rules;
}

function wholeNumber(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number): number {
  const text = (env[key] ?? '').trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new FileConfigError(`${key} must be a whole number >= ${min} (got "${text}").`);
  return n;
}

export function readFileConfig(env: NodeJS.ProcessEnv = process.env): FileConfig {
  const config: FileConfig = {
    hosts: parseHostRules((env.FILE_DOWNLOAD_HOSTS ?? '').trim() || DEFAULT_FILE_HOSTS),
    maxBytes: wholeNumber(env, 'FILE_MAX_BYTES', DEFAULT_FILE_MAX_BYTES, 1),
    timeoutMs: wholeNumber(env, 'FILE_DOWNLOAD_TIMEOUT_MS', DEFAULT_FILE_TIMEOUT_MS, 100),
  };
  const caFile = (env.FILE_DOWNLOAD_CA_FILE ?? '').trim();
  if (caFile) {
    try {
      config.ca = fs.readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new FileConfigError(`FILE_DOWNLOAD_CA_FILE: cannot read ${caFile} (${(err as Error).message}).`);
    }
    if (!config.ca.includes('-----BEGIN CERTIFICATE-----')) throw new FileConfigError(`FILE_DOWNLOAD_CA_FILE: ${caFile} holds no PEM certificate.`);
  }
  return config;
}
