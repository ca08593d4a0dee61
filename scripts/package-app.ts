/**
 * Builds the Teams app package for one Agents Toolkit environment:
 *
 *   npm run package                 -> appPackage/build/appPackage.local.zip
 *   npm run package -- --env dev    -> appPackage/build/appPackage.dev.zip
 *
 * Steps: read env/.env.<env> (and env/.env.<env>.user when present), fill every
 * ${{NAME}} in appPackage/manifest.json, validate the result against the JSON
 * schema bundled with @microsoft/app-manifest for the manifest's version, check
 * the icons, and zip manifest.json + color.png + outline.png at the zip root.
 *
 * The Agents Toolkit does the same in teamsApp/zipAppPackage; this script needs
 * no sign-in and no network, so it also runs in CI and in the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import Ajv04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import { PNG } from 'pngjs';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const APP_PACKAGE_DIR = path.join(PROJECT_ROOT, 'appPackage');
export const ENV_DIR = path.join(PROJECT_ROOT, 'env');
export const DEFAULT_ENV = 'local';

/** Placeholders that may legitimately be empty (e.g. no suffix on a production app name). */
export const ALLOW_EMPTY: readonly string[] = ['APP_NAME_SUFFIX'];

/** Icon sizes Teams requires. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;
export type IconKind = keyof typeof ICON_SIZES;

export type EnvVars = Record<string, string>;
export type Manifest = Record<string, unknown>;

// ---------------------------------------------------------------------------
// env files
// ---------------------------------------------------------------------------

/**
 * Parses the Agents Toolkit env-file format: KEY=VALUE per line, `#` starts a
 * comment line, blank lines are ignored, the value runs to the end of the line
 * (it may contain `=` and `#`), and one pair of matching quotes around the
 * value is removed.
 */
export function parseEnv(text: string): EnvVars {
  const vars: EnvVars = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = (eq === -1 ? line : line.slice(0, eq)).trim().replace(/^export\s+/, '');
    if (eq === -1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new Error(`line ${index + 1}: expected KEY=VALUE, got "${line}"`);
    }
    let value = line.slice(eq + 1).trim();
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? '';
    vars[key] = value;
  });
  return vars;
}

/** Reads and parses one env file; the error names the file. */
export function loadEnvFile(file: string): EnvVars {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read env file ${file}: ${(err as Error).message}`);
  }
  try {
    return parseEnv(text);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

/**
 * Loads env/.env.<envName> (required) and env/.env.<envName>.user (optional,
 * where the toolkit keeps SECRET_* values); the .user file wins on conflicts.
 */
export function loadEnv(envName: string, envDir: string = ENV_DIR): { vars: EnvVars; files: string[] } {
  if (!/^[A-Za-z0-9_-]+$/.test(envName)) {
    throw new Error(`Invalid environment name "${envName}" (letters, digits, "-" and "_" only).`);
  }
  const main = path.join(envDir, `.env.${envName}`);
  if (!fs.existsSync(main)) {
    const known = fs.existsSync(envDir)
      ? fs
          .readdirSync(envDir)
          .filter((f) => /^\.env\.[^.]+$/.test(f))
          .map((f) => f.slice('.env.'.length))
      : [];
    throw new Error(
      `No env file ${path.relative(PROJECT_ROOT, main) || main} for environment "${envName}".` +
        (known.length ? ` Known environments: ${known.join(', ')}.` : ''),
    );
  }
  const files = [main];
  let vars = loadEnvFile(main);
  const user = `${main}.user`;
  if (fs.existsSync(user)) {
    files.push(user);
    vars = { ...vars, ...loadEnvFile(user) };
  }
  return { vars, files };
}

// ---------------------------------------------------------------------------
// placeholders
// ---------------------------------------------------------------------------

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Distinct placeholder names in order of first use. */
export function findPlaceholders(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1] ?? ''))];
}

export class PlaceholderError extends Error {
  constructor(
    readonly missing: string[],
    readonly empty: string[],
    source: string,
  ) {
    const parts: string[] = [];
    if (missing.length) parts.push(`no value for ${missing.join(', ')}`);
    if (empty.length) parts.push(`empty value for ${empty.join(', ')}`);
    super(`Unfilled placeholders in ${source}: ${parts.join('; ')}.`);
    this.name = 'PlaceholderError';
  }
}

export interface FillOptions {
  /** Names whose value may be the empty string. Default: ALLOW_EMPTY. */
  allowEmpty?: readonly string[];
  /** Transforms each value before insertion (e.g. JSON string escaping). */
  escape?: (value: string) => string;
  /** Used in error messages. */
  source?: string;
}

/**
 * Replaces every ${{NAME}} with vars[NAME]. Throws a PlaceholderError naming
 * every placeholder that has no value (or an empty one, unless allowed).
 */
export function fillPlaceholders(text: string, vars: EnvVars, options: FillOptions = {}): string {
  const allowEmpty = new Set(options.allowEmpty ?? ALLOW_EMPTY);
  const missing: string[] = [];
  const empty: string[] = [];
  for (const name of findPlaceholders(text)) {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (value === undefined) missing.push(name);
    else if (value === '' && !allowEmpty.has(name)) empty.push(name);
  }
  if (missing.length || empty.length) {
    throw new PlaceholderError(missing, empty, options.source ?? 'text');
  }
  const escape = options.escape ?? ((v: string) => v);
  return text.replace(PLACEHOLDER, (_m, name: string) => escape(vars[name] ?? ''));
}

/** Escapes a value for insertion inside a JSON string literal. */
export function jsonStringEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

// ---------------------------------------------------------------------------
// schema validation
// ---------------------------------------------------------------------------

/** Directory holding the Teams manifest schemas bundled with @microsoft/app-manifest. */
export function bundledSchemaDir(): string {
  const pkg = require.resolve('@microsoft/app-manifest/package.json', { paths: [PROJECT_ROOT] });
  return path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams');
}

export function schemaPathFor(manifestVersion: string): string {
  return path.join(bundledSchemaDir(), `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

export function schemaUrlFor(manifestVersion: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`;
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(manifestVersion: string): ValidateFunction {
  const cached = validators.get(manifestVersion);
  if (cached) return cached;
  const file = schemaPathFor(manifestVersion);
  if (!fs.existsSync(file)) {
    throw new Error(`No bundled schema for manifestVersion ${manifestVersion} (looked for ${file}).`);
  }
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  // The Teams schemas declare draft-04, which needs the draft-04 build of Ajv.
  // They use only the "uri" format; stubs keep Ajv strict about unknown ones.
  const ajv = new Ajv04({ allErrors: true, strictTypes: false });
  ajv.addFormat('uri', (value: string) => {
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  const validate = ajv.compile(schema);
  validators.set(manifestVersion, validate);
  return validate;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (typeof params.additionalProperty === 'string') detail = ` (${params.additionalProperty})`;
  else if (Array.isArray(params.allowedValues)) detail = ` (${params.allowedValues.join(', ')})`;
  else if (typeof params.pattern === 'string') detail = ` (${params.pattern})`;
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}

/**
 * Validates a filled manifest against the bundled schema of its own
 * manifestVersion, and checks that $schema points at that same version.
 * Returns the problems found; an empty array means valid.
 */
export function validateManifest(manifest: unknown): string[] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return ['manifest is not a JSON object'];
  }
  const m = manifest as Manifest;
  const version = m.manifestVersion;
  if (typeof version !== 'string' || !/^\d+\.\d+$|^devPreview$/.test(version)) {
    return ['/manifestVersion must be a version such as "1.30"'];
  }
  const problems: string[] = [];
  const expectedSchema = schemaUrlFor(version);
  if (m.$schema !== expectedSchema) {
    problems.push(`/$schema should be ${expectedSchema} to match manifestVersion ${version}`);
  }
  const validate = validatorFor(version);
  if (!validate(manifest)) {
    problems.push(...(validate.errors ?? []).map(describeError));
  }
  return problems;
}

// ---------------------------------------------------------------------------
// icons
// ---------------------------------------------------------------------------

/**
 * Checks one icon: the size Teams requires and, for the outline icon, that
 * every pixel is white (255,255,255) with any alpha, or fully transparent.
 */
export function inspectIcon(data: Buffer, kind: IconKind, label: string = kind): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch (err) {
    return [`${label}: not a readable PNG (${(err as Error).message})`];
  }
  const size = ICON_SIZES[kind];
  const problems: string[] = [];
  if (png.width !== size || png.height !== size) {
    problems.push(`${label}: ${png.width}x${png.height}, Teams requires ${size}x${size}`);
  }
  if (kind === 'outline') {
    let bad = 0;
    let visible = 0;
    let first = '';
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a === 0) continue;
      visible++;
      if (r !== 255 || g !== 255 || b !== 255) {
        if (bad === 0) {
          const p = i / 4;
          first = ` first at (${p % png.width},${Math.floor(p / png.width)}) = rgba(${r},${g},${b},${a})`;
        }
        bad++;
      }
    }
    if (bad) problems.push(`${label}: ${bad} pixel(s) are not white or fully transparent;${first}`);
    if (visible === 0) problems.push(`${label}: the icon is completely transparent`);
  }
  return problems;
}

/** Checks the icons a manifest references, relative to the appPackage folder. */
export function checkIcons(manifest: Manifest, appPackageDir: string = APP_PACKAGE_DIR): string[] {
  const icons = (manifest.icons ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const kind of Object.keys(ICON_SIZES) as IconKind[]) {
    const rel = icons[kind];
    if (typeof rel !== 'string') {
      problems.push(`icons.${kind} is missing`);
      continue;
    }
    const file = path.join(appPackageDir, rel);
    if (!fs.existsSync(file)) {
      problems.push(`icons.${kind}: ${rel} not found in ${appPackageDir}`);
      continue;
    }
    problems.push(...inspectIcon(fs.readFileSync(file), kind, rel));
  }
  return problems;
}

// ---------------------------------------------------------------------------
// package
// ---------------------------------------------------------------------------

export interface BuildOptions {
  /** Environment name, used in the zip file name. */
  envName: string;
  /** Values for the ${{NAME}} placeholders. */
  vars: EnvVars;
  /** Folder holding manifest.json and the icons. Default: appPackage/. */
  appPackageDir?: string;
  /** Where the zip goes. Default: <appPackageDir>/build. */
  outDir?: string;
}

export interface BuildResult {
  zipPath: string;
  manifest: Manifest;
}

/**
 * Fills, validates and zips the app package. Throws with every problem found
 * (placeholders, schema, icons) in the message; writes nothing on failure.
 */
export function buildAppPackage(options: BuildOptions): BuildResult {
  const appPackageDir = options.appPackageDir ?? APP_PACKAGE_DIR;
  const outDir = options.outDir ?? path.join(appPackageDir, 'build');
  const manifestFile = path.join(appPackageDir, 'manifest.json');
  const template = fs.readFileSync(manifestFile, 'utf8');

  const filled = fillPlaceholders(template, options.vars, {
    escape: jsonStringEscape,
    source: `${path.relative(PROJECT_ROOT, manifestFile) || manifestFile} (environment "${options.envName}")`,
  });
  const manifest = JSON.parse(filled) as Manifest;

  const problems = [
    ...validateManifest(manifest).map((p) => `schema: ${p}`),
    ...checkIcons(manifest, appPackageDir).map((p) => `icon: ${p}`),
  ];
  if (problems.length) {
    throw new Error(`App package for "${options.envName}" is not valid:\n  - ${problems.join('\n  - ')}`);
  }

  const icons = manifest.icons as Record<IconKind, string>;
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  for (const kind of Object.keys(ICON_SIZES) as IconKind[]) {
    zip.addFile(icons[kind].replace(/\\/g, '/'), fs.readFileSync(path.join(appPackageDir, icons[kind])));
  }
  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${options.envName}.zip`);
  zip.writeZip(zipPath);
  return { zipPath, manifest };
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

const USAGE = 'Usage: npm run package [-- --env <name>]   (default: local; e.g. local, dev, testtool)';

export function parseArgs(argv: readonly string[]): { env: string; help: boolean } {
  let env = DEFAULT_ENV;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--env' || arg === '-e') {
      const next = argv[++i];
      if (!next || next.startsWith('-')) throw new Error(`${arg} needs a value. ${USAGE}`);
      env = next;
    } else if (arg.startsWith('--env=')) env = arg.slice('--env='.length);
    else throw new Error(`Unknown argument "${arg}". ${USAGE}`);
  }
  return { env, help };
}

function main(argv: readonly string[]): number {
  let envName = DEFAULT_ENV;
  try {
    const args = parseArgs(argv);
    envName = args.env;
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const { vars, files } = loadEnv(args.env);
    const { zipPath, manifest } = buildAppPackage({ envName: args.env, vars });
    const name = (manifest.name as { short?: string } | undefined)?.short ?? '';
    console.log(`Read ${files.map((f) => path.relative(PROJECT_ROOT, f)).join(' + ')}`);
    console.log(`Manifest v${String(manifest.manifestVersion)} "${name}" (id ${String(manifest.id)}) is valid.`);
    console.log(`Wrote ${path.relative(PROJECT_ROOT, zipPath)}`);
    return 0;
  } catch (err) {
    console.error(`package-app: ${(err as Error).message}`);
    if (err instanceof PlaceholderError) {
      console.error(
        `Set them in env/.env.${envName} (or env/.env.${envName}.user), ` +
          `or let the Agents Toolkit fill them: \`atk provision --env ${envName}\`.`,
      );
    }
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
