/**
 * Check mode, one email type at a time: the account changes nothing, so every email must say what the
 * guardrail WOULD do and never claim it acted ("are stopped", "What was done"). The footer names the
 * account's own file in the catalog.
 */
import { parse } from 'node-html-parser';
import type { Catalog } from '../../../core/catalog/types';
import { DETAIL_TYPES } from '../../../core/events/schemas';
import { NotifierEvent, NotifyContext, buildNotification } from '../../../core/notify';
import { renderEmail } from '../../../functions/notifier/render';
import { actionTaken, budgetThresholdCrossed, checkModeStateChange, runtimeCrossed, tagReport } from '../../../scripts/email-samples';
import { accountOf, shippedCatalog } from '../../support/catalog';

let catalog: Catalog;
beforeAll(async () => { catalog = await shippedCatalog(); });

/** Sentences that state an action as done or certain: wrong when nothing is changed. */
const CLAIMS = [
  /\bare stopped\b/, /\bare terminated\b/, /What is being done/, /What the guardrail is doing now/, /What was done\b/,
  /reverts its actions by itself/, /Everything the guardrail changed is restored/, /the guardrail will:/, /never stops exempt/,
  /Start a stopped instance/, /anything revoked is restored/, /The enforcer applies these/, /these will be reverted/,
  /these actions stay in force/, /\baction\(s\) applied\b/,
];

function renderChecked(event: NotifierEvent, ctx: NotifyContext) {
  const email = renderEmail(buildNotification(event, ctx));
  const root = parse(email.html);
  const htmlText = (root.querySelector('body')?.text ?? '').replace(/\s+/g, ' ');
  const plain = email.text.replace(/\s+/g, ' ');
  return { email, root, htmlText, plain };
}

function expectCheckMode(r: ReturnType<typeof renderChecked>, account: string) {
  expect(r.email.subject).toMatch(/\(check mode[,)]/);
  expect(r.root.querySelector('[data-role=dry-run]')?.text).toContain('CHECK MODE');
  expect(r.email.text).toContain('CHECK MODE - DRY RUN: nothing is changed');
  for (const text of [r.htmlText, r.plain]) {
    for (const claim of CLAIMS) expect({ claim: String(claim), found: claim.test(text) }).toEqual({ claim: String(claim), found: false });
    expect(text).toMatch(/\bwould\b/);
    expect(text).toContain(`set in accounts/${account}.ts`);
    expect(text).not.toContain('<name>');
    expect(text).not.toContain('&lt;name&gt;');
  }
}

const ctxFor = (name: string, mode?: 'check'): NotifyContext => {
  const policy = accountOf(catalog, name);
  return { policy: mode ? { ...policy, mode } : policy, org: { opsEmails: catalog.org.opsEmails, evaluationSchedule: catalog.org.evaluationSchedule } };
};

describe('check-mode emails say what would happen', () => {
  it('Budget State Changed, rising', () => {
    const r = renderChecked({ type: DETAIL_TYPES.budgetStateChanged, detail: checkModeStateChange }, ctxFor('analytics'));
    expectCheckMode(r, 'analytics');
    expect(r.plain).toContain('In enforce mode the guardrail would now: - Tag EC2 instances tagged team=analytics');
  });

  it('Budget State Changed, falling back', () => {
    const detail = { ...checkModeStateChange, previousState: 'critical' as const, state: 'over' as const, actualUsd: 20500, forecastUsd: 21000 };
    const r = renderChecked({ type: DETAIL_TYPES.budgetStateChanged, detail }, ctxFor('analytics'));
    expectCheckMode(r, 'analytics');
    expect(r.plain).toContain('in enforce mode these would now be reverted exactly as recorded');
  });

  it('Guardrail Action Taken, at the last state', () => {
    const detail = {
      ...actionTaken, accountId: '444444444444', accountName: 'analytics', state: 'shutdown' as const, dryRun: true,
      actions: actionTaken.actions.map((a) => ({ ...a, outcome: 'planned' as const, error: undefined })),
    };
    const r = renderChecked({ type: DETAIL_TYPES.guardrailActionTaken, detail }, ctxFor('analytics'));
    expectCheckMode(r, 'analytics');
    expect(r.plain).toContain('What would have been done (check mode: nothing was changed)');
    expect(r.plain).toContain('in enforce mode these actions would stay in force');
  });

  it('Budget Threshold Crossed', () => {
    const detail = { ...budgetThresholdCrossed, accountId: '444444444444', accountName: 'analytics', targetUsd: 20000, thresholdUsd: 16000, actualUsd: 16100, forecastUsd: 21000, state: 'over' as const, dryRun: true };
    const r = renderChecked({ type: DETAIL_TYPES.budgetThresholdCrossed, detail }, ctxFor('analytics'));
    expectCheckMode(r, 'analytics');
    expect(r.plain).toContain('in enforce mode the guardrail would then: Stop RDS DB cluster reporting');
  });

  it('Runtime Threshold Crossed at 100 % in a check-mode account', () => {
    const detail = { ...runtimeCrossed, thresholdPct: 100, usedMinutes: 1000 };
    const r = renderChecked({ type: DETAIL_TYPES.runtimeThresholdCrossed, detail }, ctxFor('data-science', 'check'));
    expectCheckMode(r, 'data-science');
    expect(r.plain).toContain('The allowance is used up; in enforce mode the guardrail would: - Stop the running instances of the group');
    expect(r.plain).toContain('in check mode they keep running');
  });

  it('Runtime Threshold Crossed at 80 % in a check-mode account', () => {
    const r = renderChecked({ type: DETAIL_TYPES.runtimeThresholdCrossed, detail: runtimeCrossed }, ctxFor('data-science', 'check'));
    expectCheckMode(r, 'data-science');
    expect(r.plain).toContain('When the allowance is used up the guardrail would (check mode: nothing is changed):');
  });

  it('Tag Policy Report with untagged: stop', () => {
    const r = renderChecked({ type: DETAIL_TYPES.tagPolicyReport, detail: tagReport }, ctxFor('sandbox'));
    expectCheckMode(r, 'sandbox');
    expect(r.plain).toContain('In enforce mode they would be stopped; in check mode nothing is changed.');
  });
});

describe('the footer names the account file', () => {
  it('in enforce mode too', () => {
    const detail = { ...checkModeStateChange, accountId: '222222222222', accountName: 'data-science', dryRun: false };
    const r = renderChecked({ type: DETAIL_TYPES.budgetStateChanged, detail }, ctxFor('data-science'));
    expect(r.plain).toContain('The budget, thresholds and actions of data-science are set in accounts/data-science.ts');
    expect(r.plain).toContain('reverts its actions by itself');
  });
});
