import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import {
  APP_PACKAGE_DIR,
  ENV_DIR,
  PROJECT_ROOT,
  PlaceholderError,
  buildAppPackage,
  checkIcons,
  fillPlaceholders,
  findPlaceholders,
  inspectIcon,
  jsonStringEscape,
  loadEnv,
  loadEnvFile,
  parseArgs,
  parseEnv,
  schemaPathFor,
  schemaUrlFor,
  validateManifest,
  type EnvVars,
  type Manifest,
} from '../scripts/package-app';

const TEAMS_APP_ID = '3f1c2b9e-6d4a-4c1e-9b7f-2a5d8e0c4b61';
const BOT_ID = 'b7e4d2a1-9c3f-4e8b-a6d5-1f0e2c3b4a59';
const TEST_VARS: EnvVars = {
  TEAMS_APP_ID,
  BOT_ID,
  BOT_DOMAIN: 'example.ngrok.app',
  APP_NAME_SUFFIX: '',
};

const MANIFEST_FILE = path.join(APP_PACKAGE_DIR, 'manifest.json');
const rawManifest = (): string => fs.readFileSync(MANIFEST_FILE, 'utf8');
const filledManifest = (vars: EnvVars = TEST_VARS): Manifest =>
  JSON.parse(fillPlaceholders(rawManifest(), vars, { escape: jsonStringEscape })) as Manifest;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-app-package-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Copies manifest.json and both icons into a fresh folder the test may modify. */
function copyAppPackage(): string {
  const dir = tempDir();
  for (const f of ['manifest.json', 'color.png', 'outline.png']) {
    fs.copyFileSync(path.join(APP_PACKAGE_DIR, f), path.join(dir, f));
  }
  return dir;
}

interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  isNotificationOnly?: boolean;
  commandLists?: { scopes: string[]; commands: { title: string; description?: string }[] }[];
}

interface ComposeCommand {
  id: string;
  type?: string;
  title: string;
  initialRun?: boolean;
  fetchTask?: boolean;
  context?: string[];
  parameters?: { name: string; title: string; description?: string; inputType?: string }[];
}

describe('manifest.json', () => {
  it('uses a current schema version (1.22+) whose schema is bundled, with a matching $schema URL', () => {
    const m = JSON.parse(rawManifest()) as Manifest;
    const version = String(m.manifestVersion);
    const [major, minor] = version.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(22);
    expect(m.$schema).toBe(schemaUrlFor(version));
    expect(fs.existsSync(schemaPathFor(version))).toBe(true);
  });

  it('uses only the Agents Toolkit placeholders it is meant to', () => {
    expect(findPlaceholders(rawManifest()).sort()).toEqual(['APP_NAME_SUFFIX', 'BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
  });

  it('validates against the bundled schema once placeholders are filled', () => {
    expect(validateManifest(filledManifest())).toEqual([]);
  });

  it('is rejected by the validator when it breaks the schema', () => {
    const m = filledManifest();
    const bad = clone(m);
    (bad.bots as Bot[])[0]!.scopes = ['personal', 'everywhere'];
    expect(validateManifest(bad).join('\n')).toMatch(/bots\/0\/scopes\/1/);

    const badId = clone(m);
    badId.id = 'not-a-guid';
    expect(validateManifest(badId).join('\n')).toMatch(/^\/id /m);

    const extra = clone(m);
    extra.unexpected = true;
    expect(validateManifest(extra).join('\n')).toMatch(/unexpected/);

    const wrongSchema = clone(m);
    wrongSchema.$schema = schemaUrlFor('1.17');
    expect(validateManifest(wrongSchema).join('\n')).toMatch(/\$schema/);
  });

  it('names the app and describes it', () => {
    const m = filledManifest({ ...TEST_VARS, APP_NAME_SUFFIX: '-local' });
    expect((m.name as { short: string }).short).toBe('SIP Doc-local');
    const description = m.description as { short: string; full: string };
    expect(description.short).toMatch(/Direct Routing/);
    expect(description.full).toMatch(/Azure Communication Services/);
    expect(m.validDomains).toEqual(['example.ngrok.app']);
    expect([...(m.permissions as string[])].sort()).toEqual(['identity', 'messageTeamMembers']);
    expect(m.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
  });

  it('declares the bot in personal, team and groupChat with commands for each scope', () => {
    const bots = filledManifest().bots as Bot[];
    expect(bots).toHaveLength(1);
    const bot = bots[0]!;
    expect(bot.botId).toBe(BOT_ID);
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    // Files sent in a 1:1 chat are read (usage reports, logs).
    expect(bot.supportsFiles).toBe(true);
    expect(bot.isNotificationOnly).toBe(false);
    for (const scope of bot.scopes) {
      const list = bot.commandLists?.find((l) => l.scopes.includes(scope));
      expect(list, `commandList for ${scope}`).toBeDefined();
      expect(list!.commands.map((c) => c.title)).toEqual(['help', '510559 403', '560403', 'no viable path']);
    }
  });

  it('declares the searchCodes query command on the same bot', () => {
    const extensions = filledManifest().composeExtensions as { botId: string; commands: ComposeCommand[] }[];
    expect(extensions).toHaveLength(1);
    expect(extensions[0]!.botId).toBe(BOT_ID);
    const commands = extensions[0]!.commands;
    expect(commands).toHaveLength(1);
    const cmd = commands[0]!;
    expect(cmd.id).toBe('searchCodes');
    expect(cmd.type).toBe('query');
    expect(cmd.initialRun).toBe(true);
    expect(cmd.fetchTask).toBe(false);
    expect([...(cmd.context ?? [])].sort()).toEqual(['commandBox', 'compose']);
    expect(cmd.parameters?.map((p) => p.name)).toEqual(['query']);
    expect(cmd.parameters?.[0]?.inputType).toBe('text');
  });
});

describe('icons', () => {
  const read = (f: string): PNG => PNG.sync.read(fs.readFileSync(path.join(APP_PACKAGE_DIR, f)));

  it('color.png is 192x192 with a full-bleed (opaque) background', () => {
    const png = read('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    let transparent = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) transparent++;
    expect(transparent).toBe(0);
  });

  it('outline.png is 32x32 and only white with alpha, or fully transparent', () => {
    const png = read('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    let visible = 0;
    const offenders: string[] = [];
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a === 0) continue;
      visible++;
      if (r !== 255 || g !== 255 || b !== 255) offenders.push(`${i / 4}: ${r},${g},${b},${a}`);
    }
    expect(offenders).toEqual([]);
    expect(visible).toBeGreaterThan(50); // an actual drawing, not an empty square
  });

  it('the manifest icons pass the package checks', () => {
    expect(checkIcons(filledManifest())).toEqual([]);
  });

  it('the outline check rejects a coloured pixel and a wrong size', () => {
    const png = PNG.sync.read(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'outline.png')));
    png.data.set([255, 0, 0, 255], (5 * 32 + 5) * 4);
    expect(inspectIcon(PNG.sync.write(png), 'outline').join('\n')).toMatch(/not white/);

    const small = new PNG({ width: 16, height: 16 });
    small.data.fill(255);
    expect(inspectIcon(PNG.sync.write(small), 'color').join('\n')).toMatch(/192x192/);
  });

  it('the SVG sources are committed next to the PNGs', () => {
    for (const f of ['color.svg', 'outline.svg']) {
      expect(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'icons', f), 'utf8')).toMatch(/<svg[\s>]/);
    }
  });
});

describe('placeholders and env files', () => {
  it('fills every placeholder and escapes values for JSON', () => {
    const out = fillPlaceholders('{"a":"${{A}}","b":"x${{ B }}y"}', { A: 'say "hi"\\', B: '' }, {
      allowEmpty: ['B'],
      escape: jsonStringEscape,
    });
    expect(JSON.parse(out)).toEqual({ a: 'say "hi"\\', b: 'xy' });
  });

  it('fails naming each placeholder without a value', () => {
    const vars = { ...TEST_VARS };
    delete vars.BOT_DOMAIN;
    expect(() => fillPlaceholders(rawManifest(), vars)).toThrow(/BOT_DOMAIN/);
    expect(() => fillPlaceholders(rawManifest(), { ...TEST_VARS, BOT_ID: '' })).toThrow(/empty value for BOT_ID/);
    try {
      fillPlaceholders(rawManifest(), { APP_NAME_SUFFIX: '' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PlaceholderError);
      expect((err as PlaceholderError).missing.sort()).toEqual(['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    }
  });

  it('allows an empty APP_NAME_SUFFIX', () => {
    expect(() => fillPlaceholders(rawManifest(), TEST_VARS)).not.toThrow();
  });

  it('parses the toolkit env format', () => {
    const vars = parseEnv(
      ['# comment', '', 'A=1', 'B=', ' C = x=y#z ', 'D="quoted value"', "E='single'", 'export F=f'].join('\n'),
    );
    expect(vars).toEqual({ A: '1', B: '', C: 'x=y#z', D: 'quoted value', E: 'single', F: 'f' });
    expect(() => parseEnv('not a pair')).toThrow(/line 1/);
  });

  it('reads .env.<env>.user over .env.<env>', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.env.x'), 'A=1\nB=2\n');
    fs.writeFileSync(path.join(dir, '.env.x.user'), 'B=secret\n');
    expect(loadEnvFile(path.join(dir, '.env.x'))).toEqual({ A: '1', B: '2' });
    expect(loadEnv('x', dir).vars).toEqual({ A: '1', B: 'secret' });
    expect(() => loadEnv('missing', dir)).toThrow(/missing/);
  });

  it('parses --env', () => {
    expect(parseArgs([])).toEqual({ env: 'local', help: false });
    expect(parseArgs(['--env', 'dev']).env).toBe('dev');
    expect(parseArgs(['--env=testtool']).env).toBe('testtool');
    expect(() => parseArgs(['--env'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--bogus'])).toThrow(/Unknown argument/);
  });
});

describe('buildAppPackage', () => {
  it('writes a zip with exactly manifest.json, color.png and outline.png, all placeholders filled', () => {
    const outDir = tempDir();
    const { zipPath, manifest } = buildAppPackage({ envName: 'test', vars: TEST_VARS, outDir });
    expect(zipPath).toBe(path.join(outDir, 'appPackage.test.zip'));
    expect(manifest.id).toBe(TEAMS_APP_ID);

    const zip = new AdmZip(zipPath);
    const names = zip.getEntries().map((e) => e.entryName).sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const text = zip.readAsText('manifest.json');
    expect(text).not.toContain('${{');
    const zipped = JSON.parse(text) as Manifest;
    expect(zipped.id).toBe(TEAMS_APP_ID);
    expect(validateManifest(zipped)).toEqual([]);
    expect(zip.readFile('outline.png')).toEqual(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'outline.png')));
  });

  it('fails, naming the placeholder, when a value is missing, and writes nothing', () => {
    const outDir = tempDir();
    const vars = { ...TEST_VARS };
    delete vars.BOT_ID;
    expect(() => buildAppPackage({ envName: 'test', vars, outDir })).toThrow(/BOT_ID/);
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('fails on a schema error or a bad icon', () => {
    const dir = copyAppPackage();
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    m.accentColor = 'teal';
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    expect(() => buildAppPackage({ envName: 'test', vars: TEST_VARS, appPackageDir: dir })).toThrow(/accentColor/);

    const dir2 = copyAppPackage();
    fs.copyFileSync(path.join(APP_PACKAGE_DIR, 'color.png'), path.join(dir2, 'outline.png'));
    expect(() => buildAppPackage({ envName: 'test', vars: TEST_VARS, appPackageDir: dir2 })).toThrow(
      /outline\.png: 192x192, Teams requires 32x32/,
    );
  });

  it('packages the committed testtool environment as is', () => {
    const { vars } = loadEnv('testtool');
    const { zipPath } = buildAppPackage({ envName: 'testtool', vars, outDir: tempDir() });
    expect(fs.existsSync(zipPath)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Agents Toolkit project files
// ---------------------------------------------------------------------------

interface YmlCheck {
  version: string | undefined;
  schemaVersion: string | undefined;
  used: string[];
  produced: string[];
  referencedFiles: string[];
}

/**
 * A deliberately small reading of a toolkit yml: the ${{VAR}}s it uses (also
 * through the manifest and ARM parameter files it points at) and the VARs the
 * toolkit writes itself (writeToEnvironmentFile, Bicep outputs of arm/deploy,
 * and TEAMS_APP_TENANT_ID from teamsApp/create).
 */
function readYml(text: string, baseDir: string): YmlCheck {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => !l.trim().startsWith('#'))
    .map((l) => l.replace(/\s+#.*$/, ''));
  const body = lines.join('\n');
  const used = new Set(findPlaceholders(body));
  const produced = new Set<string>();
  const referencedFiles: string[] = [];

  lines.forEach((line, i) => {
    const head = /^(\s*)writeToEnvironmentFile:\s*$/.exec(line);
    if (!head) return;
    const indent = head[1]!.length;
    for (let j = i + 1; j < lines.length; j++) {
      const m = /^(\s*)[A-Za-z]+:\s*([A-Z_][A-Z0-9_]*)\s*$/.exec(lines[j]!);
      if (!m || m[1]!.length <= indent) break;
      produced.add(m[2]!);
    }
  });
  if (/uses:\s*teamsApp\/create/.test(body)) produced.add('TEAMS_APP_TENANT_ID');

  for (const m of body.matchAll(/^\s*(?:-\s*)?(manifestPath|path|parameters):\s*(\.\/\S+)\s*$/gm)) {
    const file = path.resolve(baseDir, m[2]!);
    referencedFiles.push(file);
    if (!fs.existsSync(file)) continue;
    const content = fs.readFileSync(file, 'utf8');
    if (m[1] === 'path' && file.endsWith('.bicep')) {
      for (const out of content.matchAll(/^output\s+([A-Z_][A-Z0-9_]*)\s/gm)) produced.add(out[1]!);
    } else {
      for (const name of findPlaceholders(content)) used.add(name);
    }
  }

  return {
    version: /^version:\s*(v[\d.]+)\s*$/m.exec(body)?.[1],
    schemaVersion: /^# yaml-language-server: \$schema=\S+\/(v[\d.]+)\/yaml\.schema\.json\s*$/m.exec(text)?.[1],
    used: [...used].sort(),
    produced: [...produced].sort(),
    referencedFiles,
  };
}

/** VARs a yml needs that neither the toolkit produces nor the env file declares. */
function undeclared(check: YmlCheck, env: EnvVars): string[] {
  return check.used.filter((v) => !check.produced.includes(v) && !(v in env));
}

const envNames = fs
  .readdirSync(ENV_DIR)
  .filter((f) => /^\.env\.[^.]+$/.test(f))
  .map((f) => f.slice('.env.'.length))
  .sort();

const YML_ENVS: Record<string, string[]> = {
  'teamsapp.yml': envNames.filter((e) => e !== 'local' && e !== 'testtool'),
  'teamsapp.local.yml': ['local'],
  'teamsapp.testtool.yml': ['testtool'],
};

describe('Agents Toolkit project files', () => {
  it('has an env file for every yml, and no stray ones', () => {
    expect(envNames).toEqual(['dev', 'local', 'testtool']);
    expect(YML_ENVS['teamsapp.yml']).toEqual(['dev']);
  });

  for (const [yml, envs] of Object.entries(YML_ENVS)) {
    describe(yml, () => {
      const text = fs.readFileSync(path.join(PROJECT_ROOT, yml), 'utf8');
      const check = readYml(text, PROJECT_ROOT);

      it('declares a yaml-language-server schema matching its version', () => {
        expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=https:\/\/aka\.ms\//);
        expect(check.version).toMatch(/^v1\.\d+$/);
        expect(check.schemaVersion).toBe(check.version);
      });

      it('points only at files that exist', () => {
        for (const f of check.referencedFiles) expect(fs.existsSync(f), f).toBe(true);
      });

      for (const env of envs) {
        it(`env/.env.${env} declares every variable the toolkit does not produce`, () => {
          const vars = loadEnvFile(path.join(ENV_DIR, `.env.${env}`));
          expect(vars.TEAMSFX_ENV).toBe(env);
          expect(undeclared(check, vars)).toEqual([]);
        });

        it(`env/.env.${env} keeps secrets out`, () => {
          const vars = loadEnvFile(path.join(ENV_DIR, `.env.${env}`));
          expect(Object.keys(vars).filter((k) => k.startsWith('SECRET_'))).toEqual([]);
        });
      }
    });
  }

  it('the env check notices an undeclared variable', () => {
    const check = readYml(
      [
        'version: v1.11',
        'provision:',
        '  - uses: aadApp/create',
        '    with:',
        '      name: x${{APP_NAME_SUFFIX}}',
        '    writeToEnvironmentFile:',
        '      clientId: BOT_ID',
        '  - uses: botFramework/create',
        '    with:',
        '      botId: ${{BOT_ID}}',
        '      messagingEndpoint: ${{SOMETHING_NEW}}/api/messages',
      ].join('\n'),
      PROJECT_ROOT,
    );
    expect(check.produced).toEqual(['BOT_ID']);
    expect(undeclared(check, { APP_NAME_SUFFIX: '' })).toEqual(['SOMETHING_NEW']);
  });

  it('the local run writes the Bot Framework settings the server reads', () => {
    const local = fs.readFileSync(path.join(PROJECT_ROOT, 'teamsapp.local.yml'), 'utf8');
    expect(local).toMatch(/target: \.\/\.localConfigs\s*$/m);
    for (const key of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'PORT']) {
      expect(local).toMatch(new RegExp(`^\\s+${key}: \\S`, 'm'));
    }
    expect(local).toMatch(/messagingEndpoint: \$\{\{BOT_ENDPOINT\}\}\/api\/messages/);
    const playground = fs.readFileSync(path.join(PROJECT_ROOT, 'teamsapp.testtool.yml'), 'utf8');
    expect(playground).toMatch(/target: \.\/\.localConfigs\.playground\s*$/m);
    expect(playground).toMatch(/^\s+MicrosoftAppId: ""\s*$/m);
  });

  it('the Azure template sets the Bot Framework app settings and the messaging endpoint', () => {
    const bicep = fs.readFileSync(path.join(PROJECT_ROOT, 'infra', 'azure.bicep'), 'utf8');
    for (const key of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId']) {
      expect(bicep).toContain(`name: '${key}'`);
    }
    expect(bicep).toContain("endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'");
    expect(bicep).toContain("channelName: 'MsTeamsChannel'");
    const params = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'infra', 'azure.parameters.json'), 'utf8')) as {
      parameters: Record<string, unknown>;
    };
    const declared = [...bicep.matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm)];
    const required = declared.filter((m) => !m[2]).map((m) => m[1]!);
    for (const p of required) expect(Object.keys(params.parameters), p).toContain(p);
    for (const p of Object.keys(params.parameters)) expect(declared.map((m) => m[1]), p).toContain(p);
  });
});
