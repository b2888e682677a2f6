/**
 * The approval endpoint driven by real HTTP requests: the handler is served on 127.0.0.1 through a
 * translation to the Lambda function URL event (payload 2.0); holds, used links, the audit trail
 * and the action ledger are in dynalite; tokens are HMAC-SHA-256 from a KMS stand-in that behaves
 * as GenerateMac/VerifyMac do.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { AccountPolicy } from '../../../core/catalog/types';
import { TokenClaims, claimsText, joinToken, linkExpiry } from '../../../core/gate/approval-token';
import { ApprovalMac } from '../../../functions/aws/approval-mac';
import { UsedTokens } from '../../../functions/aws/used-tokens';
import { EndpointDeps, handleRequest } from '../../../functions/approvals/endpoint';
import { enforce } from '../../../functions/enforcer/enforce';
import { recheck } from '../../../functions/enforcer/recheck';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { Dynalite, startDynalite } from '../../support/dynalite';
import { FunctionUrlServer, serveFunctionUrl } from '../../support/function-url-server';
import { AccountModel, InstalledModel, emptyModel, installModel } from '../enforcer/support/account-model';
import { GateHarness, gateHarness, minutes, withGate } from '../gate/harness';
import { fakeKms } from './fake-kms';

const T = new Date(Date.UTC(2026, 10, 10, 12));
const KEY = 'alias/budget-guardrails-approvals';
const ASG = 'achampionship-webservice';

let db: Dynalite;
let web: AccountPolicy;
let kms: ReturnType<typeof fakeKms>;
let installed: InstalledModel;
let model: AccountModel;
let h: GateHarness;
let table: string;
let server: FunctionUrlServer;
const mac = new ApprovalMac(new KMSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), KEY);

beforeAll(async () => {
  db = await startDynalite();
  web = withGate(accountOf(await shippedCatalog(), 'web-service'), 'shutdown', { approval: 'manual' });
  kms = fakeKms({ [KEY]: 'hub-secret', 'alias/other': 'another-secret' });
});
afterAll(async () => {
  kms.restore();
  await db.stop();
});
beforeEach(async () => {
  model = emptyModel();
  model.groups = [{ region: 'us-east-1', name: ASG, min: 2, max: 8, desired: 4 }];
  installed = installModel(model);
  table = await db.createHubTable();
  h = gateHarness(db, table, [web], T);
  await enforce(h.deps, h.event('shutdown'), 'e1');
  const deps: EndpointDeps = {
    mac, usedTokens: new UsedTokens(db.doc, table), holds: h.holds,
    catalog: { account: async (id) => (id === web.id ? web : undefined) }, decisions: h.decisions, clock: () => h.now,
  };
  server = await serveFunctionUrl((event) => handleRequest(deps, event));
});
afterEach(async () => {
  installed.restore();
  await server.close();
});

const claims = (over: Partial<TokenClaims> = {}): TokenClaims => ({
  v: 1, a: web.id, m: '2026-11', s: 'shutdown', h: 'hold-1', d: 'approve', n: randomBytes(16).toString('base64url'), e: linkExpiry(T), ...over,
});
const get = (token?: string) => fetch(`${server.url}${token === undefined ? '' : `?t=${encodeURIComponent(token)}`}`);
const post = (token: string) => fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ t: token }).toString() });
const holdStatus = async () => (await h.holds.get(web.id, '2026-11', 'shutdown'))?.status;

describe('GET shows a confirmation and never acts', () => {
  it('a valid link: 200, the staged actions and a POST button; nothing decided, the link still unused', async () => {
    const token = await mac.sign(claims());
    const res = await get(token);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Approve: Shutdown actions for web-service (333333333333)?');
    expect(html).toContain(`scale-to-zero ${ASG} (us-east-1): recorded size → 0/0/0`);
    expect(html).toMatch(/<form method="post" action="\/"><input type="hidden" name="t" value="[^"]+">/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors \'none\'');
    // A mail scanner opening it twice changes nothing.
    expect((await get(token)).status).toBe(200);
    expect(await holdStatus()).toBe('pending');
    expect(h.holdEvents.map((e) => e.change)).toEqual(['pending']);
    expect(h.rechecks).toEqual([]);
    expect(model.groups[0].desired).toBe(4);
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-token'],
  ])('%s: 403', async (_what, token) => {
    const res = await get(token);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This link is not valid');
  });
});

describe('forged, expired and reused links are refused', () => {
  it('claims changed after signing (another account, another decision) fail VerifyMac: 403', async () => {
    const token = await mac.sign(claims());
    const [, sig] = token.split('.');
    const tampered = joinToken(claimsText(claims({ d: 'approve', a: '222222222222' })), Buffer.from(sig, 'base64url'));
    const res = await post(tampered);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('signature is not valid');
    expect(await holdStatus()).toBe('pending');
  });

  it('a token signed with another key: 403', async () => {
    const other = new ApprovalMac(new KMSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), 'alias/other');
    expect((await post(await other.sign(claims()))).status).toBe(403);
    expect(await holdStatus()).toBe('pending');
  });

  it('an expired link: 410 on GET and POST, nothing decided', async () => {
    const token = await mac.sign(claims({ e: Math.floor(T.getTime() / 1000) + 3600 }));
    h.now = minutes(T, 61);
    expect((await get(token)).status).toBe(410);
    const res = await post(token);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('This link has expired');
    expect(await holdStatus()).toBe('pending');
  });

  it('a valid POST approves once: audited, announced, rechecked, and the actions run; the same link again is refused (409)', async () => {
    const token = await mac.sign(claims());
    const res = await post(token);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Approved: Shutdown actions for web-service');
    expect(await holdStatus()).toBe('approved');
    expect(h.holdEvents.at(-1)).toMatchObject({ change: 'approved', via: 'email', by: expect.stringContaining('email link (from 127.0.0.1)') });
    const audit = await db.doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${web.id}` } }));
    expect(audit.Items).toEqual([expect.objectContaining({ detailType: 'Guardrail Hold Changed' })]);
    expect(h.rechecks).toEqual([{ kind: 'guardrail-recheck', accountId: web.id, reason: 'approved' }]);
    await recheck(h.deps, h.rechecks[0]);
    expect(model.groups[0].desired).toBe(0);

    const reused = await post(token);
    expect(reused.status).toBe(409);
    expect(await reused.text()).toContain('already decided (approved');
    expect(h.holdEvents.filter((e) => e.change === 'approved')).toHaveLength(1);
  });

  it('a reused link is refused by its single-use record even while the request is still open (postponed)', async () => {
    const token = await mac.sign(claims({ d: 'postpone' }));
    expect((await post(token)).status).toBe(200);
    h.now = minutes(T, 60);
    const reused = await post(token);
    expect(reused.status).toBe(409);
    expect(await reused.text()).toContain('This link was already used');
    expect(h.holdEvents.filter((e) => e.change === 'postponed')).toHaveLength(1);
    expect((await h.holds.get(web.id, '2026-11', 'shutdown'))?.postponedUntil).toBe(minutes(T, 24 * 60).toISOString());
  });

  it('the other link of the same email after a decision: 409, nothing to decide', async () => {
    await post(await mac.sign(claims()));
    const res = await post(await mac.sign(claims({ d: 'postpone' })));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('already decided (approved');
  });

  it('a link to a request the state change cancelled: 409', async () => {
    h.now = minutes(T, 5);
    await enforce(h.deps, h.event('over'), 'e2');
    const res = await post(await mac.sign(claims()));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('cancelled: the state fell back');
  });

  it('postpone by link: 200 and the time the owners are asked again', async () => {
    const res = await post(await mac.sign(claims({ d: 'postpone' })));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`asked again at ${minutes(T, 24 * 60).toISOString()}`);
    expect(await holdStatus()).toBe('postponed');
  });

  it('other methods: 405 with Allow', async () => {
    const res = await fetch(server.url, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });
});
