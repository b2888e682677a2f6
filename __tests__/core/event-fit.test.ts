/**
 * Guardrail events within EventBridge's PutEvents entry limit: 256 KB counted as Source +
 * DetailType + Detail + Resources in UTF-8 bytes
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { putEventsEntryBytes, fitDetail } from '../../core/events/fit';
import { DETAIL_TYPES, EVENT_SOURCE, GuardrailActionTaken, RuntimeThresholdCrossed, guardrailActionTakenSchema, runtimeThresholdCrossedSchema } from '../../core/events/schemas';
import { actionTakenNotification } from '../../core/notify/action-taken';
import { GuardrailBus } from '../../functions/aws/bus';
import { accountOf, shippedCatalog } from '../support/catalog';

const LIMIT = 256 * 1024;

/** An enforcer pass over a big fleet: one action per instance (each about 200 bytes), every 50th failed. */
const bigPass = (instances: number): GuardrailActionTaken => ({
  accountId: '222222222222', accountName: 'data-science', month: '2026-11', state: 'shutdown', trigger: 'state-change', dryRun: false,
  actions: Array.from({ length: instances }, (_, i) => ({
    kind: 'stop-instances', target: `team=data-science,environment=production#i-${i.toString(16).padStart(17, '0')}`, direction: 'apply' as const,
    outcome: i % 50 === 49 ? 'failed' as const : 'applied' as const, region: 'us-west-2', from: 'running', to: 'stopped',
    ...(i % 50 === 49 ? { error: 'UnauthorizedOperation: You are not authorized to perform this operation.' } : {}),
  })),
  at: '2026-11-20T10:00:00.000Z',
});

describe('fitting a guardrail event into one PutEvents entry', () => {
  it('leaves an event that fits as it is', () => {
    const small = bigPass(10);
    expect(fitDetail(EVENT_SOURCE, DETAIL_TYPES.guardrailActionTaken, small)).toBe(small);
  });

  it('cuts 6,000 actions to what fits, counts what was left out and keeps every failure', () => {
    const detail = bigPass(6_000);
    expect(putEventsEntryBytes({ source: EVENT_SOURCE, detailType: DETAIL_TYPES.guardrailActionTaken, detail: JSON.stringify(detail) })).toBeGreaterThan(LIMIT);
    const fitted = fitDetail(EVENT_SOURCE, DETAIL_TYPES.guardrailActionTaken, detail);
    const bytes = putEventsEntryBytes({ source: EVENT_SOURCE, detailType: DETAIL_TYPES.guardrailActionTaken, detail: JSON.stringify(fitted) });
    expect(bytes).toBeLessThanOrEqual(LIMIT);
    expect(bytes).toBeGreaterThan(LIMIT - 1_000);
    expect(fitted.actions.length + fitted.omitted!.actions).toBe(6_000);
    expect(fitted.actions.filter((a) => a.outcome === 'failed')).toHaveLength(120);
    expect(guardrailActionTakenSchema.parse(fitted)).toEqual(fitted);
  });

  it('says in the email how many actions were left out', async () => {
    const policy = accountOf(await shippedCatalog(), 'data-science');
    const fitted = fitDetail(EVENT_SOURCE, DETAIL_TYPES.guardrailActionTaken, bigPass(6_000));
    const n = actionTakenNotification(fitted, { policy, org: { opsEmails: [], evaluationSchedule: 'rate(4 hours)' } } as never);
    expect(n.sections[0].note).toContain(`${fitted.omitted!.actions} more action(s) not listed`);
  });

  it('cuts running instance ids of Runtime Threshold Crossed the same way', () => {
    const detail: RuntimeThresholdCrossed = {
      accountId: '222222222222', accountName: 'data-science', month: '2026-11', group: 'gpu-training', thresholdPct: 80, usedMinutes: 800,
      allowanceMinutes: 1000, runningInstances: Array.from({ length: 15_000 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`), at: '2026-11-20T10:00:00.000Z',
    };
    const fitted = fitDetail(EVENT_SOURCE, DETAIL_TYPES.runtimeThresholdCrossed, detail);
    expect(fitted.runningInstances.length + fitted.omitted!.runningInstances).toBe(15_000);
    expect(runtimeThresholdCrossedSchema.parse(fitted)).toEqual(fitted);
  });

  it('is what GuardrailBus sends: the entry EventBridge receives is within 256 KB', async () => {
    const eb = mockClient(EventBridgeClient);
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
    await new GuardrailBus(new EventBridgeClient({ region: 'us-east-1' }), 'budget-guardrails').publish(DETAIL_TYPES.guardrailActionTaken, bigPass(6_000));
    const [entry] = eb.commandCalls(PutEventsCommand)[0].args[0].input.Entries!;
    expect(putEventsEntryBytes({ source: entry.Source!, detailType: entry.DetailType!, detail: entry.Detail!, resources: entry.Resources })).toBeLessThanOrEqual(LIMIT);
    expect((JSON.parse(entry.Detail!) as GuardrailActionTaken).omitted?.actions).toBeGreaterThan(0);
    eb.restore();
  });
});
