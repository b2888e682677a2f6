/**
 * `guardrails release --account NAME`: before an account's stacks are destroyed, everything the
 * guardrail changed there is given back, whatever the state: on a real DynamoDB API (dynalite) and
 * a model of the member account answering the SDK's commands.
 */
import type { AccountPolicy } from '../../core/catalog/types';
import { policyArn } from '../../core/naming/resources';
import { DynamoLedger, activePostures } from '../../functions/aws/action-ledger';
import { RuntimeActionStore } from '../../functions/aws/runtime-action-store';
import { RuntimeEc2 } from '../../functions/aws/runtime-ec2';
import { RuntimeIam } from '../../functions/aws/runtime-iam';
import { enforce } from '../../functions/enforcer/enforce';
import { release, releaseText } from '../../cli/aws/release/run';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { accountOf, shippedCatalog } from '../support/catalog';
import { cli } from '../support/cli';
import { startDynalite, type Dynalite } from '../support/dynalite';
import { emptyModel, installModel, snapshot, testClients } from '../functions/enforcer/support/account-model';
import { stateEvent } from '../functions/enforcer/support/harness';

let db: Dynalite;
let ds: AccountPolicy;
beforeAll(async () => {
  db = await startDynalite();
  ds = accountOf(await shippedCatalog(), 'data-science');
});
afterAll(async () => db.stop());

describe('guardrails release', () => {
  it('gives back the enforcer\'s postures and the runtime limit\'s detachment of this month, and leaves nothing recorded', async () => {
    const account = { ...ds, enforcement: { ...ds.enforcement, restartInstancesOnRestore: true } };
    const gpu = policyArn(account.id, 'AllowGPUAccess');
    const model = emptyModel();
    model.instances = [{ id: 'i-01', region: 'us-east-1', state: 'running', tags: { team: 'data-science' } }];
    model.principals = [{ type: 'role', name: 'DataScientist', policies: [] }, { type: 'user', name: 'DataScienceUser', policies: [gpu] }];
    const before = snapshot(model);
    const installed = installModel(model);
    try {
      const table = await db.createHubTable();
      const ledger = new DynamoLedger(db.doc, table);
      const actions = new RuntimeActionStore(db.doc, table);
      let now = new Date('2026-11-20T10:00:00Z');
      const clients = testClients();
      await enforce({
        catalog: { account: async () => account }, ledger, publish: async () => undefined, clientsFor: () => clients, clock: () => now,
      }, stateEvent(account, 'critical', now), 'e1');
      // The runtime limit detached AllowGPUAccess this month.
      model.principals[1].policies = [];
      await actions.put({
        kind: 'detach-policy', target: `runtime:gpu-training:user/DataScienceUser:${gpu}`, group: 'gpu-training', accountId: account.id, month: '2026-11',
        prior: { principal: { type: 'user', name: 'DataScienceUser' }, policyArn: gpu, attached: true }, status: 'applied', appliedAt: now.toISOString(),
      });
      expect(model).not.toEqual(before);

      now = new Date('2026-11-22T09:00:00Z');
      const credentials = { accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 'c' };
      const result = await release({
        ledger, clients, clock: () => now,
        runtime: {
          actions, clock: () => now, bus: { publish: async () => undefined, requestEvaluation: async () => undefined }, budgetState: async () => 'unknown', log: () => undefined,
          member: {
            ec2: async (_id, region) => new RuntimeEc2(new EC2Client({ region, credentials })),
            iam: async () => new RuntimeIam(new IAMClient({ region: 'us-east-1', credentials })),
          },
        },
      }, account);
      expect(model).toEqual(before);
      expect(result.actions.filter((a) => a.outcome === 'failed')).toEqual([]);
      expect(releaseText(result)).toMatch(/data-science \(222222222222\) released: nothing the guardrail changed is left/);
      expect(activePostures(await ledger.records(account.id, '2026-11'))).toEqual([]);
      expect(await ledger.recordedAccounts()).toEqual([]);
      expect((await actions.listAll(account.id, '2026-11')).map((r) => r.status)).toEqual(['reverted']);
    } finally {
      installed.restore();
    }
  });

  it('refuses an account still enforcing (the reconcile would enforce it again) and an unknown name, changing nothing', async () => {
    const enforcing = await cli('release', '--account', 'web-service');
    expect(enforcing.code).toBe(2);
    expect(enforcing.err).toContain('web-service is in mode "enforce": set mode: \'skip\' in accounts/web-service.ts and deploy first');
    const unknown = await cli('release', '--account', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no account named "nope"');
  });
});
