/**
 * The previews in docs/email-previews are committed (the README shows one): they must exist, be
 * real screenshots showing the badge and the bar in the state's colour, and match the current
 * templates. Regenerate with `npm run preview:email`. Chromium is needed only to regenerate.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildNotification } from '../../../core/notify';
import { NEUTRAL, STATE_COLORS } from '../../../core/notify/style';
import { renderEmail } from '../../../functions/notifier/render';
import { emailSamples } from '../../../scripts/email-samples';
import { PREVIEW_DIR, findChromium, writePreviews } from '../../../scripts/preview-email';
import { shippedCatalog } from '../../support/catalog';
import { decodePng, rgbOf } from './png';

const STALE = 'docs/email-previews is stale; run `npm run preview:email` and commit the result';

/** The colour that must fill the badge and the bar of each sample's screenshot. */
const BADGE_COLOR: Record<string, string> = {
  'budget-state-changed': STATE_COLORS.critical.background,
  'budget-state-changed-check-mode': STATE_COLORS.over.background,
  'guardrail-action-taken': STATE_COLORS.critical.background,
  'runtime-threshold-crossed': STATE_COLORS.over.background,
  'tag-policy-report': STATE_COLORS.over.background,
  'budget-threshold-crossed': STATE_COLORS['on-target'].background,
  'guardrail-hold-grace': STATE_COLORS.shutdown.background,
  'guardrail-hold-approval': STATE_COLORS.shutdown.background,
  'guardrail-hold-cancelled': STATE_COLORS.under.background,
  'guardrail-exemption-started': NEUTRAL.background,
};

function expectScreenshot(file: string, name: string) {
  const data = readFileSync(file);
  expect(data.length).toBeGreaterThan(20_000);
  const png = decodePng(data);
  expect(png.width).toBe(720);
  expect(png.height).toBeGreaterThanOrEqual(400);
  expect(png.height).toBeLessThanOrEqual(4000);
  // The badge (~100×30 px) plus, where there is one, the bar (hundreds × 18 px) in the state colour; some emails have a badge only.
  const badgeOnly = ['tag-policy-report', 'guardrail-hold-cancelled', 'guardrail-exemption-started'];
  const minimum = badgeOnly.includes(name) ? 1_500 : 5_000;
  expect({ name, pixels: (png.colors.get(rgbOf(BADGE_COLOR[name])) ?? 0) >= minimum }).toEqual({ name, pixels: true });
  expect(png.colors.size).toBeGreaterThan(50); // text is anti-aliased: a blank page has a handful of colours
}

describe('committed email previews', () => {
  it('exist for every sample, as up-to-date HTML and text and a real screenshot', async () => {
    const samples = emailSamples(await shippedCatalog());
    expect(samples.map((s) => s.name).sort()).toEqual(Object.keys(BADGE_COLOR).sort());
    for (const sample of samples) {
      const base = path.join(PREVIEW_DIR, sample.name);
      for (const ext of ['.html', '.txt', '.png']) expect({ file: `${sample.name}${ext}`, exists: existsSync(base + ext) }).toEqual({ file: `${sample.name}${ext}`, exists: true });
      const email = renderEmail(buildNotification(sample.event, sample.ctx));
      expect({ html: readFileSync(`${base}.html`, 'utf8') === email.html, hint: STALE }).toEqual({ html: true, hint: STALE });
      expect({ text: readFileSync(`${base}.txt`, 'utf8') === `Subject: ${email.subject}\n\n${email.text}`, hint: STALE }).toEqual({ text: true, hint: STALE });
      expectScreenshot(`${base}.png`, sample.name);
    }
  });

  // CI always regenerates (.ci/run installs Chromium); a developer machine without it checks the committed files only.
  const chromium = (() => { try { return findChromium(); } catch { return undefined; } })();
  (chromium || process.env.CI ? it : it.skip)('regenerate with Chromium', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-previews-'));
    try {
      const files = await writePreviews({ screenshots: true, outDir: dir, only: ['budget-state-changed'] });
      expect(files.map((f) => path.basename(f))).toEqual(['budget-state-changed.html', 'budget-state-changed.png']);
      expectScreenshot(path.join(dir, 'budget-state-changed.png'), 'budget-state-changed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to get Chromium when there is none', () => {
    expect(() => findChromium({ PATH: '/nonexistent' })).toThrow(/chromium not found on PATH; install it \(Debian: apt-get install -y chromium\) or set CHROMIUM_PATH/);
    expect(() => findChromium({ CHROMIUM_PATH: '/nope/chromium' })).toThrow(/CHROMIUM_PATH=\/nope\/chromium does not exist/);
  });
});
