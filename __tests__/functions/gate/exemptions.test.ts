/**
 * Break-glass exemptions through the real enforcer, over dynalite: the enforcer gives back what it
 * changed of the exempted kind, acts on nothing of it until the time, and the exemption ends by
 * itself (the enforcer checks `until`; the table's TTL only cleans up later).
 */
import type { AccountPolicy } from '../../../core/catalog/types';
import { exemptionKey, TTL_ATTRIBUTE } from '../../../core/storage/keys';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { enforce } from '../../../functions/enforcer/enforce';
import { recheck } from '../../../functions/enforcer/recheck';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { Dynalite, startDynalite } from '../../support/dynalite';
import { AccountModel, InstalledModel, emptyModel, installModel } from '../enforcer/support/account-model';
import { GateHarness, gateHarness, minutes } from './harness';

const T = new Date(Date.UTC(2026, 10, 10, 12));
const ASG = 'achampionship-webservice';

let db: Dynalite;
let web: AccountPolicy;
let installed: InstalledModel | undefined;
let model: AccountModel;
let table: string;
beforeAll(async () => {
  db = await startDynalite();
  const shipped = accountOf(await shippedCatalog(), 'web-service');
  // Keep the lockdown, never touch the web service's Auto Scaling group.
  web = {
    ...shipped,
    enforcement: {
      ...shipped.enforcement,
      lockdownOn: { via: 'principals', users: [], groups: ['developers'], roles: [] },
      shutdown: { ...shipped.enforcement.shutdown, lockdown: ['ec2:RunInstances'] },
    },
  };
});
afterAll(async () => db.stop());
beforeEach(() => {
  model = emptyModel();
  model.groups = [{ region: 'us-east-1', name: ASG, min: 2, max: 8, desired: 4 }];
  model.principals = [{ type: 'group', name: 'developers', policies: [] }];
  installed = installModel(model);
});
afterEach(() => installed?.restore());

async function setup(): Promise<GateHarness> {
  table = await db.createHubTable();
  return gateHarness(db, table, [web], T);
}
const desired = () => model.groups[0].desired;
const lockedDown = () => model.principals[0].policies.length > 0;
const exempt = (h: GateHarness, kind: 'scale-to-zero' | 'all', until: Date) =>
  h.exemptions.put({ accountId: web.id, kind, until: until.toISOString(), reason: 'launch day', by: 'arn:aws:sts::111111111111:assumed-role/Ops/jane', createdAt: h.now.toISOString() });

it('an exemption of one kind gives back that kind only, holds it until the time, then enforcement resumes by itself', async () => {
  const h = await setup();
  await enforce(h.deps, h.event('shutdown'), 'e1');
  expect(desired()).toBe(0);
  expect(lockedDown()).toBe(true);

  h.now = minutes(T, 5);
  await exempt(h, 'scale-to-zero', minutes(T, 125));
  await recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'exemption-start' });
  expect(desired()).toBe(4);
  expect(lockedDown()).toBe(true);
  expect(h.exemptionEvents).toEqual([expect.objectContaining({
    change: 'started', kind: 'scale-to-zero', reason: 'launch day',
    actions: [expect.objectContaining({ kind: 'scale-to-zero', direction: 'revert', outcome: 'applied' })],
  })]);
  expect(h.schedules).toEqual([{ op: 'upsert', name: 'exempt-333333333333-scale-to-zero', at: minutes(T, 125).toISOString(), payload: { kind: 'guardrail-recheck', accountId: web.id, reason: 'exemption-end' } }]);

  // The evaluator says Shutdown again while exempt: the group is left alone, nothing is announced twice.
  h.now = minutes(T, 60);
  await enforce(h.deps, h.stored!, 'e1-again');
  expect(desired()).toBe(4);
  expect(h.exemptionEvents).toHaveLength(1);

  // The schedule fires at the end; two deliveries end it once.
  h.now = minutes(T, 125);
  await Promise.all([
    recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'exemption-end' }),
    recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'exemption-end' }),
  ]);
  expect(desired()).toBe(0);
  expect(h.exemptionEvents.map((e) => e.change)).toEqual(['started', 'ended']);
  expect((await h.exemptions.list(web.id))[0]).toMatchObject({ status: 'ended' });
});

it('the enforcer checks the end time itself: an item TTL has not removed yet exempts nothing', async () => {
  const h = await setup();
  await exempt(h, 'all', minutes(T, -1));
  const { Item } = await db.doc.send(new GetCommand({ TableName: table, Key: exemptionKey(web.id, 'all') }));
  // Expires a week after the end; DynamoDB deletes expired items only within a few days.
  expect(Item?.[TTL_ATTRIBUTE]).toBe(Math.floor(minutes(T, -1).getTime() / 1000) + 7 * 86_400);
  await enforce(h.deps, h.event('shutdown'), 'e1');
  expect(desired()).toBe(0);
  expect(lockedDown()).toBe(true);
});

it('an exemption of everything gives back every change and the enforcer acts on nothing until the time', async () => {
  const h = await setup();
  await enforce(h.deps, h.event('shutdown'), 'e1');
  await exempt(h, 'all', minutes(T, 60));
  await recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'exemption-start' });
  expect(desired()).toBe(4);
  expect(lockedDown()).toBe(false);
  expect(h.exemptionEvents[0].actions.map((a) => `${a.kind} ${a.direction} ${a.outcome}`).sort()).toEqual([
    'attach-lockdown revert applied', 'scale-to-zero revert applied',
  ]);
});
