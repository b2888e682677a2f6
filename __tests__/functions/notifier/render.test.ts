import { HTMLElement, parse } from 'node-html-parser';
import { STATE_LABELS } from '../../../core/budget/state';
import type { Catalog } from '../../../core/catalog/types';
import { DETAIL_TYPES } from '../../../core/events/schemas';
import { buildNotification, usd } from '../../../core/notify';
import { STATE_COLORS } from '../../../core/notify/style';
import { renderEmail, renderShort } from '../../../functions/notifier/render';
import {
  EmailSample, actionTaken, budgetThresholdCrossed, checkModeStateChange, criticalStateChange, emailSamples, runtimeCrossed, tagReport,
} from '../../../scripts/email-samples';
import { shippedCatalog } from '../../support/catalog';

let catalog: Catalog;
let samples: EmailSample[];
beforeAll(async () => { catalog = await shippedCatalog(); samples = emailSamples(catalog); });

const render = (name: string) => {
  const sample = samples.find((s) => s.name === name);
  if (!sample) throw new Error(`no sample ${name}`);
  const email = renderEmail(buildNotification(sample.event, sample.ctx));
  const root = parse(email.html);
  const text = root.querySelector('body')?.text.replace(/\s+/g, ' ') ?? '';
  return { email, root, htmlText: text, plain: email.text.replace(/[ \t]+/g, ' ') };
};

/** Every fact must be in the HTML (as rendered text) and in the plain-text part. */
function expectFacts(r: ReturnType<typeof render>, facts: readonly string[]) {
  for (const fact of facts) {
    const norm = fact.replace(/\s+/g, ' ');
    expect({ fact, inHtml: r.htmlText.includes(norm) }).toEqual({ fact, inHtml: true });
    expect({ fact, inText: r.plain.replace(/\s+/g, ' ').includes(norm) }).toEqual({ fact, inText: true });
  }
}

function expectEmailSafe(root: HTMLElement, html: string) {
  expect(root.querySelectorAll('img, link, script, style, iframe, object, video, form')).toHaveLength(0);
  expect(html).not.toMatch(/https?:\/\//);
  expect(html).not.toMatch(/url\(/);
  expect(html).not.toMatch(/\bclass=/);
  expect(root.querySelectorAll('table').length).toBeGreaterThan(2);
}

function badgeOf(root: HTMLElement) {
  const badge = root.querySelector('[data-role=badge]');
  expect(badge).not.toBeNull();
  return { text: badge!.text.trim(), style: badge!.getAttribute('style') ?? '' };
}

describe('Budget State Changed email', () => {
  it('has the subject, badge in the state colour, the bar and every fact of the event', () => {
    const r = render('budget-state-changed');
    const e = criticalStateChange;
    expect(r.email.subject).toBe('[budget-guardrails] data-science is CRITICAL: $5,612 of $5,000 (112%), forecast $7,100');
    expect(badgeOf(r.root)).toEqual({ text: 'CRITICAL', style: expect.stringContaining(`background-color:${STATE_COLORS.critical.background}`) });
    expectEmailSafe(r.root, r.email.html);

    const fill = r.root.querySelector('[data-role=bar-fill]');
    expect(fill?.getAttribute('style')).toContain(STATE_COLORS.critical.background);
    // actual 5,612 / (7,100 × 1.05) ≈ 75.3 % of the bar; the target marker at 5,000 / 7,455 ≈ 67.1 %.
    expect(fill?.getAttribute('width')).toBe('75.3%');
    // the forecast reaches 7,100 / 7,455 ≈ 95.2 %: the light part is the 19.9 % beyond the actual.
    expect(r.root.querySelector('[data-role=bar-forecast]')?.getAttribute('width')).toBe('19.9%');
    expect(r.root.querySelector('[data-role=bar-marker]')?.getAttribute('width')).toBe('67.1%');

    expectFacts(r, [
      e.accountName, e.accountId, e.month, e.reason.slice(1), e.at,
      `${STATE_LABELS[e.previousState]} → ${STATE_LABELS[e.state]}`,
      usd(e.actualUsd!, 2), usd(e.targetUsd, 2), usd(e.forecastUsd!, 2), '112% of target', '142% of target',
      'enforce',
      // what is done now (critical adds to over), what happens at Shutdown, how to get unblocked
      'Stop EC2 instances tagged team=data-science',
      'Deny ec2:RunInstances, ec2:StartInstances, rds:StartDB*, redshift:CreateCluster for role DataScientist',
      'What happens at the next state: Shutdown',
      'actual spend reaches $6,250 (125%) or the forecast reaches $8,000 (160%)',
      'Deny ec2:*, sagemaker:Create* for role DataScientist',
      'How to get unblocked', 'budget-guardrails:exempt=true', 'accounts/data-science.ts', 'platform-team@example.com',
    ]);
    expect(r.root.querySelector('[data-role=dry-run]')).toBeNull();
  });

  it('in check mode says what would be done and marks the dry run', () => {
    const r = render('budget-state-changed-check-mode');
    const e = checkModeStateChange;
    expect(r.email.subject).toBe('[budget-guardrails] analytics is OVER (check mode): $14,230 of $20,000 (71%), forecast $23,891');
    expect(badgeOf(r.root)).toEqual({ text: 'OVER', style: expect.stringContaining(STATE_COLORS.over.background) });
    expect(r.root.querySelector('[data-role=dry-run]')?.text).toContain('DRY RUN');
    expectFacts(r, [
      e.accountName, e.accountId, usd(e.actualUsd!, 2), usd(e.forecastUsd!, 2), usd(e.targetUsd, 2), e.at,
      'What would be done (check mode: nothing is changed)',
      'Tag EC2 instances tagged team=analytics with budget-guardrails:status=unapproved',
      'What happens at the next state: Critical', 'Stop RDS DB cluster reporting', 'Pause Redshift cluster warehouse',
      'check (dry run: nothing is changed)',
    ]);
  });

  it('on the way down says what is undone', () => {
    const policy = catalog.accounts.find((a) => a.name === 'data-science')!;
    const org = { opsEmails: catalog.org.opsEmails, evaluationSchedule: catalog.org.evaluationSchedule };
    const n = buildNotification({ type: DETAIL_TYPES.budgetStateChanged, detail: { ...criticalStateChange, previousState: 'critical', state: 'on-target', actualUsd: 3900, forecastUsd: 4800 } }, { policy, org });
    const { text } = renderEmail(n);
    expect(text).toContain('What the guardrail is undoing now');
    expect(text).toContain('- Stop EC2 instances tagged team=data-science');
    expect(n.subject).toBe('[budget-guardrails] data-science is ON TARGET: $3,900 of $5,000 (78%), forecast $4,800');
  });

  it('escapes what came from the event', () => {
    const policy = catalog.accounts.find((a) => a.name === 'data-science')!;
    const org = { opsEmails: [], evaluationSchedule: 'rate(1 hour)' };
    const n = buildNotification({ type: DETAIL_TYPES.budgetStateChanged, detail: { ...criticalStateChange, reason: '<script>alert(1)</script>' } }, { policy, org });
    const { html } = renderEmail(n);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('re-evaluated every hour');
  });
});

describe('Guardrail Action Taken email', () => {
  it('lists every action with its target, region and result', () => {
    const r = render('guardrail-action-taken');
    expect(r.email.subject).toBe('[budget-guardrails] data-science at CRITICAL: 3 actions applied, 1 failed');
    expect(badgeOf(r.root).text).toBe('CRITICAL');
    expectEmailSafe(r.root, r.email.html);
    expect(r.root.querySelector('[data-role=bar-fill]')).not.toBeNull();
    const e = actionTaken;
    expectFacts(r, [
      e.accountName, e.accountId, e.month, e.at, 'state-change', 'What was done',
      ...e.actions.flatMap((a) => [a.target, ...(a.region ? [a.region] : []), ...(a.error ? [a.error] : [])]),
      'Stop EC2 instance i-0a1b2c3d4e5f60718 (us-east-1) [running → stopped]: done',
      'Attach lockdown policy role/DataScientist [→ budget-guardrails-lockdown-critical]: done',
      'Stop EC2 instance i-0123456789abcdef0 (us-west-2): FAILED (IncorrectInstanceState: instance is pending)',
      'What happens at the next state: Shutdown', 'How to get unblocked',
    ]);
  });
});

describe('Runtime Threshold Crossed email', () => {
  it('shows the allowance used, the running instances and what happens at 100 %', () => {
    const r = render('runtime-threshold-crossed');
    const e = runtimeCrossed;
    expect(r.email.subject).toBe('[budget-guardrails] data-science: gpu-training runtime at 80% (812 min of 1,000 min)');
    expect(badgeOf(r.root).text).toBe('RUNTIME 80%');
    expectEmailSafe(r.root, r.email.html);
    expect(r.root.querySelector('[data-role=bar-fill]')).not.toBeNull();
    expectFacts(r, [
      e.accountName, e.accountId, e.month, e.group, e.at, '812 min', '1,000 min', '80%', ...e.runningInstances,
      '188 min remain', 'Stop the running instances of the group', 'Detach policy AllowGPUAccess from user DataScienceUser',
      'minutesPerMonth in accounts/data-science.ts',
    ]);
  });
});

describe('Tag Policy Report email', () => {
  it('lists every violation and every (planned) action', () => {
    const r = render('tag-policy-report');
    const e = tagReport;
    expect(r.email.subject).toBe('[budget-guardrails] sandbox tag policy: 3 violations, 2 tags to set, 1 instance to stop (check mode)');
    expect(badgeOf(r.root).text).toBe('TAG VIOLATIONS');
    expectEmailSafe(r.root, r.email.html);
    expectFacts(r, [
      e.accountName, e.accountId, e.at, `${e.scannedInstances}`,
      ...e.violations.flatMap((v) => [v.instanceId, v.region, v.problem, ...(v.key ? [v.key] : [])]),
      'tag ProjectCode=Proj007', 'tag CreatedBy=alice@example.com', 'stop', 'planned',
      'What would have been done (check mode: nothing was changed)',
      'Tag your instances with ProjectCode (default Proj007).', 'Tag your instances with Expires.',
    ]);
  });
});

describe('Budget Threshold Crossed email', () => {
  it('has the subject, badge, bar and every fact of the event, in HTML and text', () => {
    const r = render('budget-threshold-crossed');
    const e = budgetThresholdCrossed;
    expect(r.email.subject).toBe('[budget-guardrails] data-science passed 80% of its $5,000 budget: actual $4,012');
    expect(badgeOf(r.root)).toEqual({ text: 'ACTUAL 80%', style: expect.stringContaining(`background-color:${STATE_COLORS['on-target'].background}`) });
    expectEmailSafe(r.root, r.email.html);
    expect(r.root.querySelector('[data-role=bar-fill]')?.getAttribute('style')).toContain(STATE_COLORS['on-target'].background);
    expectFacts(r, [
      e.accountName, e.accountId, e.month, e.at,
      'actual 80% = $4,000.00', usd(e.actualUsd!, 2), '80% of target', usd(e.forecastUsd!, 2), '97% of target', usd(e.targetUsd, 2),
      STATE_LABELS[e.state], 'enforce', 'announced once a month',
      'This alert is a notice: it changes nothing by itself.',
      'Over starts when actual or forecast spend above the $5,000 target',
      'How to get unblocked', 'accounts/data-science.ts', 'platform-team@example.com',
    ]);
  });

  it('says "forecast to pass" for a forecast threshold, and marks check mode', () => {
    const ctx = samples.find((s) => s.name === 'budget-threshold-crossed')!.ctx;
    const e = { ...budgetThresholdCrossed, measure: 'forecast' as const, thresholdPct: 100, thresholdUsd: 5000, forecastUsd: 5300, dryRun: true, state: 'over' as const };
    const n = buildNotification({ type: DETAIL_TYPES.budgetThresholdCrossed, detail: e }, ctx);
    expect(n.subject).toBe('[budget-guardrails] data-science is forecast to pass 100% of its $5,000 budget (check mode): forecast $5,300');
    expect(n.badge.label).toBe('FORECAST 100%');
    const email = renderEmail(n);
    expect(email.text).toContain('check (dry run: nothing is changed)');
    expect(email.text).toContain('forecast 100% = $5,000.00');
    // At Over data-science has nothing of its own in force; Critical adds the stop and the lockdown.
    expect(email.text).toContain('Critical starts when actual spend reaches $5,500 (110%)');
    const short = renderShort(n);
    expect(short.split('\n').length).toBeLessThanOrEqual(5);
    expect(short).toContain('Actual $4,012, forecast $5,300, target $5,000; state Over (2026-11)');
  });
});

it('every sample type is covered', () => {
  expect(new Set(samples.map((s) => s.event.type))).toEqual(new Set(Object.values(DETAIL_TYPES)));
});
