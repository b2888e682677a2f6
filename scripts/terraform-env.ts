/**
 * Offline Terraform for tests, benchmarks and air-gapped CI: finds a filesystem mirror of the
 * pinned AWS provider and writes a CLI config that installs from it and never from the registry.
 *
 * Where the mirror is looked for, in order:
 *   1. TF_PROVIDER_MIRROR (the mirror root, holding registry.terraform.io/hashicorp/aws/<version>/)
 *   2. Terraform's own implied mirror folders (~/.terraform.d/plugins, XDG data dirs, /usr/share/...)
 *   3. the mirror a previous run found (remembered in the config folder)
 *   4. a bounded search of the filesystem for the provider binary: the usual install roots
 *      first, then the whole filesystem (slow on a machine whose /tmp holds many test folders)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const AWS_PROVIDER_VERSION = '5.100.0';
const PROVIDER_DIR = path.join('registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION);

export const HOW_TO_PROVIDE = [
  'Terraform and the hashicorp/aws provider are needed to validate and plan the synthesized stacks.',
  `Install terraform >= 1.5 on PATH, and put the provider ${AWS_PROVIDER_VERSION} in a filesystem mirror`,
  `(<root>/${PROVIDER_DIR.split(path.sep).join('/')}/<os>_<arch>/terraform-provider-aws_v${AWS_PROVIDER_VERSION}_x5),`,
  'then export TF_PROVIDER_MIRROR=<root>. `terraform providers mirror <root>` run in a synthesized stack',
  'folder on a connected machine produces such a mirror.',
].join('\n');

const hasProvider = (root: string) => existsSync(path.join(root, PROVIDER_DIR));

function impliedMirrors(): string[] {
  const home = os.homedir();
  const xdgData = process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share');
  const xdgDirs = (process.env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':');
  return [path.join(home, '.terraform.d', 'plugins'), path.join(xdgData, 'terraform', 'plugins'),
    ...xdgDirs.map((d) => path.join(d, 'terraform', 'plugins'))];
}

const DEFAULT_CONFIG_DIR = path.join(os.tmpdir(), 'budget-guardrails-terraform');
const rememberedFile = (configDir: string) => path.join(configDir, 'mirror-path');

function remembered(configDir: string): string | undefined {
  try {
    const mirror = readFileSync(rememberedFile(configDir), 'utf8').trim();
    return mirror && hasProvider(mirror) ? mirror : undefined;
  } catch {
    return undefined;
  }
}

function searchFilesystem(): string | undefined {
  const likely = ['/opt', '/usr/local', '/usr/share', '/srv', os.homedir()].filter((d) => existsSync(d));
  return searchUnder(likely, 6) ?? searchUnder(['/'], 9);
}

function searchUnder(roots: readonly string[], depth: number): string | undefined {
  if (roots.length === 0) return undefined;
  let out: string;
  try {
    out = execFileSync('find', [...roots, '-maxdepth', String(depth), '(', '-path', '/proc', '-o', '-path', '/sys', '-o', '-name', 'node_modules', ')', '-prune', '-o',
      '-name', `terraform-provider-aws_v${AWS_PROVIDER_VERSION}*`, '-print'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  } catch (err) {
    // find exits non-zero on unreadable folders, and is stopped after a minute: use what it printed.
    out = String((err as { stdout?: unknown }).stdout ?? '');
  }
  for (const binary of out.split('\n').filter(Boolean)) {
    // <root>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/<binary>
    const root = path.resolve(path.dirname(binary), '..', '..', '..', '..', '..');
    if (hasProvider(root)) return root;
  }
  return undefined;
}

export function findProviderMirror(configDir = DEFAULT_CONFIG_DIR): string | undefined {
  const fromEnv = process.env.TF_PROVIDER_MIRROR;
  if (fromEnv) return hasProvider(fromEnv) ? path.resolve(fromEnv) : undefined;
  const found = impliedMirrors().find(hasProvider) ?? remembered(configDir) ?? searchFilesystem();
  if (found) {
    mkdirSync(configDir, { recursive: true });
    writeFileSync(rememberedFile(configDir), `${found}\n`);
  }
  return found;
}

export function terraformVersion(): string | undefined {
  try {
    return execFileSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } }).split('\n')[0];
  } catch {
    return undefined;
  }
}

export interface OfflineTerraform {
  readonly mirror: string;
  readonly env: Record<string, string>;
}

/** Writes the CLI config and returns the environment that makes Terraform run offline. */
export function offlineTerraform(configDir = DEFAULT_CONFIG_DIR): OfflineTerraform {
  if (!terraformVersion()) throw new Error(`terraform was not found on PATH.\n${HOW_TO_PROVIDE}`);
  const mirror = findProviderMirror(configDir);
  if (!mirror) {
    const where = process.env.TF_PROVIDER_MIRROR ? ` (TF_PROVIDER_MIRROR=${process.env.TF_PROVIDER_MIRROR} holds no ${PROVIDER_DIR})` : '';
    throw new Error(`no filesystem mirror of hashicorp/aws ${AWS_PROVIDER_VERSION} was found${where}.\n${HOW_TO_PROVIDE}`);
  }
  mkdirSync(configDir, { recursive: true });
  const config = path.join(configDir, 'terraformrc');
  writeFileSync(config, [
    'provider_installation {',
    `  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }`,
    '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }',
    '}',
    '',
  ].join('\n'));
  return {
    mirror,
    env: {
      TF_CLI_CONFIG_FILE: config,
      TF_PROVIDER_MIRROR: mirror,
      CHECKPOINT_DISABLE: '1',
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
      TF_IN_AUTOMATION: '1',
      AWS_ACCESS_KEY_ID: 'offline-plan',
      AWS_SECRET_ACCESS_KEY: 'offline-plan',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  };
}
