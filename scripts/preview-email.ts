/**
 * `npm run preview:email`: renders one email per notifier event type (scripts/email-samples.ts)
 * into docs/email-previews/<name>.html and .txt, and screenshots each HTML with headless Chromium
 * into <name>.png, so a person can look at what owners receive.
 *
 * Chromium is found as CHROMIUM_PATH or `chromium` on PATH (Debian: apt-get install chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCatalogOrThrow } from '../core/catalog/load';
import { buildNotification } from '../core/notify';
import { renderEmail } from '../functions/notifier/render';
import { emailSamples } from './email-samples';

export const PREVIEW_DIR = path.resolve(__dirname, '..', 'docs', 'email-previews');
const ACCOUNTS_DIR = path.resolve(__dirname, '..', 'accounts');
const WIDTH = 720;
const MIN_HEIGHT = 400;
const MAX_HEIGHT = 4000;

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} does not exist; point it at a Chromium binary or unset it`);
    return explicit;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'chromium');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error('chromium not found on PATH; install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary');
}

export function runChromium(chromium: string, args: string[]): string {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'guardrails-chromium-'));
  try {
    const out = spawnSync(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--hide-scrollbars',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
      `--user-data-dir=${profile}`, ...args,
    ], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    if (out.error) throw out.error;
    if (out.status !== 0) throw new Error(`chromium exited with ${out.status}: ${out.stderr.slice(-2000)}`);
    return out.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The rendered page's height: Chromium dumps the DOM after a script wrote the height into it. */
function pageHeight(chromium: string, html: string, workDir: string): number {
  const probe = path.join(workDir, 'probe.html');
  writeFileSync(probe, html.replace('</body>', '<script>document.body.setAttribute("data-height", String(document.documentElement.scrollHeight));</script></body>'));
  const dom = runChromium(chromium, [`--window-size=${WIDTH},${MIN_HEIGHT}`, '--dump-dom', `file://${probe}`]);
  const m = /data-height="(\d+)"/.exec(dom);
  if (!m) throw new Error('could not measure the rendered email height from Chromium\'s DOM dump');
  return Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Number(m[1])));
}

export interface PreviewOptions {
  readonly screenshots: boolean;
  /** Where to write (default docs/email-previews). */
  readonly outDir?: string;
  /** Only these samples (file name stems); default all. */
  readonly only?: readonly string[];
}

export async function writePreviews(options: PreviewOptions = { screenshots: true }): Promise<string[]> {
  const outDir = options.outDir ?? PREVIEW_DIR;
  const chromium = options.screenshots ? findChromium() : undefined;
  mkdirSync(outDir, { recursive: true });
  const catalog = await loadCatalogOrThrow(ACCOUNTS_DIR);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-preview-'));
  const written: string[] = [];
  try {
    for (const sample of emailSamples(catalog).filter((s) => !options.only || options.only.includes(s.name))) {
      const email = renderEmail(buildNotification(sample.event, sample.ctx));
      const htmlFile = path.join(outDir, `${sample.name}.html`);
      writeFileSync(htmlFile, email.html);
      writeFileSync(path.join(outDir, `${sample.name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
      written.push(htmlFile);
      if (chromium) {
        const png = path.join(outDir, `${sample.name}.png`);
        const height = pageHeight(chromium, email.html, workDir);
        runChromium(chromium, [`--window-size=${WIDTH},${height}`, `--screenshot=${png}`, `file://${htmlFile}`]);
        if (!existsSync(png)) throw new Error(`chromium did not write ${png}`);
        written.push(png);
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return written;
}

if (require.main === module) {
  writePreviews({ screenshots: true }).then(
    (files) => { for (const f of files) console.log(path.relative(process.cwd(), f)); },
    (error: Error) => { console.error(`preview:email: ${error.message}`); process.exit(1); },
  );
}
