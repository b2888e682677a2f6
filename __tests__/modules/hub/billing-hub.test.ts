import { TerraformStack, Testing } from 'cdktf';
import * as path from 'node:path';
import type { Catalog } from '../../../core/catalog/types';
import { AWS_DETAIL_TYPES, DETAIL_TYPES, EVALUATION_TRIGGER_TYPES, EVENT_SOURCE, RECHECK_REQUESTED } from '../../../core/events/schemas';
import { APPROVAL_URL_ENV, FUNCTION_ENV } from '../../../core/naming/env';
import { FUNCTION_NAMES, MEMBER_ACTING_FUNCTIONS, enforcementRoleArn, hubBusArn } from '../../../core/naming/resources';
import { BillingHub } from '../../../modules/hub/billing-hub';
import { busPolicy } from '../../../modules/hub/bus';
import { guardrailProvider } from '../../../modules/stacks/providers';
import { shippedCatalog } from '../../support/catalog';
import { parsePolicy, simulate } from '../../support/iam-sim';

/** Every function bundles the fixture here, so these assertions do not wait on the real handlers. */
const FIXTURE = path.join('__tests__', 'fixtures', 'functions', 'echo', 'handler.ts');
const HUB = '111111111111';

type Block = Record<string, unknown>;
type Synth = { resource: Record<string, Record<string, Block>> };

let catalog: Catalog;
let json: Synth;
let hub: BillingHub;

const resources = (type: string) => Object.entries(json.resource[type] ?? {});
const named = (type: string, attribute: string, value: unknown) => {
  const found = resources(type).filter(([, r]) => r[attribute] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${attribute}=${String(value)}, found ${found.length}`);
  return found[0][1];
};
const ref = (type: string, predicate: (r: Block) => boolean, attribute: string) => {
  const found = resources(type).find(([, r]) => predicate(r));
  if (!found) throw new Error(`no ${type} matches`);
  return `\${${type}.${found[0]}.${attribute}}`;
};
const rolePolicy = (fn: string) => parsePolicy(named('aws_iam_role_policy', 'name', `budget-guardrails-${fn}`).policy);

beforeAll(async () => {
  catalog = await shippedCatalog();
  const app = Testing.app();
  const stack = new TerraformStack(app, 'hub');
  guardrailProvider(stack, 'aws', { region: catalog.org.hubRegion, sessionName: 't', tags: {}, options: { planMode: 'offline-plan' } });
  hub = new BillingHub(stack, 'billing-hub', { catalog, handlerEntry: () => FIXTURE });
  json = JSON.parse(Testing.synth(stack)) as Synth;
});

describe('hub bus', () => {
  it('is the custom bus budget-guardrails with an archive for replay', () => {
    named('aws_cloudwatch_event_bus', 'name', 'budget-guardrails');
    expect(named('aws_cloudwatch_event_archive', 'name', 'budget-guardrails')).toMatchObject({
      retention_days: 30,
      event_source_arn: ref('aws_cloudwatch_event_bus', (r) => r.name === 'budget-guardrails', 'arn'),
    });
  });

  it('accepts PutEvents from a member of the organization and refuses one from outside it', async () => {
    const policy = parsePolicy(resources('aws_cloudwatch_event_bus_policy')[0][1].policy);
    expect(policy).toEqual(busPolicy(catalog.org, catalog.accounts));
    const put = (account: string, orgId: string) => simulate({
      principal: `arn:aws:iam::${account}:role/budget-guardrails-forwarder`,
      action: 'events:PutEvents',
      resource: hubBusArn(catalog.org),
      resourceAccount: HUB,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }] }],
      resourcePolicy: policy,
      context: { 'aws:PrincipalOrgID': orgId, 'aws:PrincipalAccount': account },
    });
    expect(await put('222222222222', 'o-exampleorg1')).toBe('Allowed');
    expect(await put('999999999999', 'o-someoneelse')).toBe('ImplicitlyDenied');
  });

  it('with busAccess "catalog", accepts only the catalog accounts', async () => {
    const org = { ...catalog.org, busAccess: 'catalog' as const };
    const policy = busPolicy(org, catalog.accounts);
    const put = (account: string) => simulate({
      principal: `arn:aws:iam::${account}:role/budget-guardrails-forwarder`,
      action: 'events:PutEvents',
      resource: hubBusArn(org),
      resourceAccount: HUB,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }] }],
      resourcePolicy: policy,
      context: { 'aws:PrincipalOrgID': 'o-exampleorg1', 'aws:PrincipalAccount': account },
    });
    for (const account of catalog.accounts) expect(await put(account.id)).toBe('Allowed');
    expect(await put('999999999999')).toBe('ImplicitlyDenied');
    expect(busPolicy(org, [])).toBeUndefined();
  });
});

describe('rules and targets', () => {
  const rule = (name: string) => named('aws_cloudwatch_event_rule', 'name', `budget-guardrails-${name}`);
  const targetsOf = (ruleName: string) => resources('aws_cloudwatch_event_target')
    .filter(([, t]) => t.rule === ref('aws_cloudwatch_event_rule', (r) => r.name === `budget-guardrails-${ruleName}`, 'name'))
    .map(([, t]) => t);
  const fnArn = (fn: string) => ref('aws_lambda_function', (r) => r.function_name === `budget-guardrails-${fn}`, 'arn');

  const EXPECTED: [string, string[], Block | undefined, string | undefined][] = [
    ['alarm-state-change', ['evaluator'], { source: ['aws.cloudwatch'], 'detail-type': [AWS_DETAIL_TYPES.alarmStateChange], detail: { alarmName: [{ prefix: 'budget-guardrails-' }] } }, undefined],
    ['runtime-ledger-changed', ['evaluator'], { source: [EVENT_SOURCE], 'detail-type': [EVALUATION_TRIGGER_TYPES.runtimeLedgerChanged], account: [HUB] }, undefined],
    ['evaluation-schedule', ['evaluator'], undefined, 'rate(4 hours)'],
    ['budget-state-changed', ['enforcer', 'notifier'], { source: [EVENT_SOURCE], 'detail-type': [DETAIL_TYPES.budgetStateChanged] }, undefined],
    ['guardrail-reports', ['notifier'], { source: [EVENT_SOURCE], 'detail-type': [DETAIL_TYPES.guardrailActionTaken, DETAIL_TYPES.runtimeThresholdCrossed, DETAIL_TYPES.tagPolicyReport, DETAIL_TYPES.budgetThresholdCrossed] }, undefined],
    ['ec2-state-change', ['runtime-meter'], { source: ['aws.ec2'], 'detail-type': [AWS_DETAIL_TYPES.ec2StateChange] }, undefined],
    ['ec2-running', ['tag-policy'], { source: ['aws.ec2'], 'detail-type': [AWS_DETAIL_TYPES.ec2StateChange], detail: { state: ['running'] } }, undefined],
    ['tag-policy-schedule', ['tag-policy'], undefined, 'rate(1 hour)'],
    ['enforcement-reconcile', ['enforcer'], undefined, 'rate(15 minutes)'],
    ['runtime-reconcile', ['runtime-meter'], undefined, 'rate(5 minutes)'],
    ['monthly-reset', ['reset', 'runtime-meter'], undefined, 'cron(5 0 1 * ? *)'],
    ['people-in-the-loop', ['notifier'], { source: [EVENT_SOURCE], 'detail-type': [DETAIL_TYPES.guardrailHoldChanged, DETAIL_TYPES.guardrailExemptionChanged], account: [HUB] }, undefined],
    ['recheck-requested', ['enforcer'], { source: [EVENT_SOURCE], 'detail-type': [RECHECK_REQUESTED], account: [HUB] }, undefined],
  ];

  it('has exactly the rules of the documented data flow (docs/architecture.md)', () => {
    expect(resources('aws_cloudwatch_event_rule').map(([, r]) => r.name).sort()).toEqual(EXPECTED.map(([n]) => `budget-guardrails-${n}`).sort());
  });

  it.each(EXPECTED)('%s → %j', (name, targets, pattern, schedule) => {
    const r = rule(name);
    if (pattern) {
      expect(JSON.parse(r.event_pattern as string)).toEqual(pattern);
      expect(r.event_bus_name).toBe(ref('aws_cloudwatch_event_bus', (b) => b.name === 'budget-guardrails', 'name'));
    } else {
      // Schedules run only on the default bus.
      expect(r.schedule_expression).toBe(schedule);
      expect(r.event_bus_name).toBeUndefined();
    }
    const found = targetsOf(name);
    expect(found.map((t) => t.arn).sort()).toEqual(targets.map(fnArn).sort());
    for (const target of found) {
      expect(target.retry_policy).toEqual({ maximum_retry_attempts: 8, maximum_event_age_in_seconds: 3600 });
      const fn = targets.find((t) => fnArn(t) === target.arn)!;
      const queueName = `budget-guardrails-${name}-${fn}-dlq`;
      expect(target.dead_letter_config).toEqual({ arn: ref('aws_sqs_queue', (q) => q.name === queueName, 'arn') });
      const ruleArn = schedule
        ? `arn:aws:events:us-east-1:${HUB}:rule/budget-guardrails-${name}`
        : `arn:aws:events:us-east-1:${HUB}:rule/budget-guardrails/budget-guardrails-${name}`;
      const queuePolicy = parsePolicy(resources('aws_sqs_queue_policy')
        .find(([, p]) => p.queue_url === ref('aws_sqs_queue', (q) => q.name === queueName, 'url'))![1].policy);
      expect(queuePolicy.Statement[0]).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } } });
      const permission = resources('aws_lambda_permission').find(([, p]) => p.function_name === ref('aws_lambda_function', (f) => f.function_name === `budget-guardrails-${fn}`, 'function_name')
        && p.source_arn === ref('aws_cloudwatch_event_rule', (x) => x.name === `budget-guardrails-${name}`, 'arn'));
      expect(permission?.[1]).toMatchObject({ principal: 'events.amazonaws.com', action: 'lambda:InvokeFunction' });
    }
  });

  it('lets only its own rule send to a target dead-letter queue', async () => {
    const queue = 'budget-guardrails-monthly-reset-reset-dlq';
    const policy = parsePolicy(resources('aws_sqs_queue_policy')
      .find(([, p]) => p.queue_url === ref('aws_sqs_queue', (q) => q.name === queue, 'url'))![1].policy);
    const send = (sourceArn: string) => simulate({
      principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${HUB}:${queue}`, resourceAccount: HUB,
      resourcePolicy: policy, context: { 'aws:SourceArn': sourceArn, 'aws:PrincipalServiceName': 'events.amazonaws.com' },
    });
    expect(await send(`arn:aws:events:us-east-1:${HUB}:rule/budget-guardrails-monthly-reset`)).toBe('Allowed');
    expect(await send(`arn:aws:events:us-east-1:${HUB}:rule/someone-elses-rule`)).toBe('ImplicitlyDenied');
    expect(await simulate({
      principal: `arn:aws:iam::${HUB}:role/Intruder`, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${HUB}:${queue}`, resourceAccount: HUB,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] }],
      resourcePolicy: policy,
      context: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/Intruder` },
    })).toBe('ExplicitlyDenied');
  });
});

describe('functions', () => {
  it('creates every registered function with its fixed name and every FUNCTION_ENV variable', () => {
    expect(resources('aws_lambda_function').map(([, f]) => f.function_name).sort()).toEqual(FUNCTION_NAMES.map((n) => `budget-guardrails-${n}`).sort());
    for (const name of FUNCTION_NAMES) {
      const variables = (named('aws_lambda_function', 'function_name', `budget-guardrails-${name}`).environment as { variables: Record<string, string> }).variables;
      // The notifier also gets the approval endpoint's URL, known only after apply.
      const extra = name === 'notifier' ? [APPROVAL_URL_ENV] : [];
      expect(Object.keys(variables).sort()).toEqual([...Object.values(FUNCTION_ENV), 'NODE_OPTIONS', ...extra].sort());
      expect(variables).toMatchObject({
        GUARDRAILS_BUS_ARN: 'arn:aws:events:us-east-1:111111111111:event-bus/budget-guardrails',
        GUARDRAILS_RUNTIME_METER_ARN: 'arn:aws:lambda:us-east-1:111111111111:function:budget-guardrails-runtime-meter',
        GUARDRAILS_SCHEDULER_ROLE_ARN: 'arn:aws:iam::111111111111:role/budget-guardrails-scheduler',
        GUARDRAILS_SES_CONFIGURATION_SET: 'budget-guardrails',
      });
    }
  });

  it('gives the runtime meter time to wait for an exhaustion instant, and the reset time to walk every account', () => {
    const fn = (name: string) => named('aws_lambda_function', 'function_name', `budget-guardrails-${name}`);
    expect(fn('runtime-meter').timeout).toBeGreaterThanOrEqual(90);
    expect(fn('reset').timeout).toBe(900);
  });

  it('lets each member-acting function role assume only the enforcement role, in any account of the organization and nowhere else', async () => {
    const assume = (fn: string, roleArn: string, orgId: string) => simulate({
      principal: `arn:aws:iam::${HUB}:role/budget-guardrails-${fn}`,
      action: 'sts:AssumeRole',
      resource: roleArn,
      resourceAccount: roleArn.split(':')[4],
      identityPolicies: [rolePolicy(fn)],
      // The worst case: a role that trusts the hub function role.
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HUB}:role/budget-guardrails-${fn}` }, Action: 'sts:AssumeRole' }] },
      context: { 'aws:ResourceOrgID': orgId, 'aws:ResourceAccount': roleArn.split(':')[4] },
    });
    for (const fn of FUNCTION_NAMES) {
      const acting = MEMBER_ACTING_FUNCTIONS.includes(fn);
      for (const account of [...catalog.accounts.map((a) => a.id), '444455556666']) {
        expect([fn, account, await assume(fn, enforcementRoleArn(account), 'o-exampleorg1')]).toEqual([fn, account, acting ? 'Allowed' : 'ImplicitlyDenied']);
        expect([fn, account, await assume(fn, `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, 'o-exampleorg1')]).toEqual([fn, account, 'ImplicitlyDenied']);
        expect([fn, account, await assume(fn, `arn:aws:iam::${account}:role/budget-guardrails-enforcement-copy`, 'o-exampleorg1')]).toEqual([fn, account, 'ImplicitlyDenied']);
      }
      // An account outside the organization, even with a role of the same name.
      expect([fn, await assume(fn, enforcementRoleArn('999999999999'), 'o-someoneelse')]).toEqual([fn, 'ImplicitlyDenied']);
    }
    expect(catalog.accounts.some((a) => a.runtimeBudgets.length > 0)).toBe(true);
  });
});

describe('table', () => {
  it('is on-demand with point-in-time recovery, encryption and TTL on expiresAt', () => {
    expect(named('aws_dynamodb_table', 'name', 'budget-guardrails')).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      attribute: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      ttl: { attribute_name: 'expiresAt', enabled: true },
      deletion_protection_enabled: true,
    });
  });

  it('holds one item per account with its policy as JSON, and the org settings', () => {
    const items = resources('aws_dynamodb_table_item').map(([, i]) => JSON.parse(i.item as string));
    expect(items).toHaveLength(catalog.accounts.length + 1);
    for (const account of catalog.accounts) {
      const item = items.find((i) => i.sk.S === `ACCOUNT#${account.id}`);
      expect(item.pk.S).toBe('CATALOG');
      expect(item.accountName.S).toBe(account.name);
      expect(JSON.parse(item.policy.S)).toEqual(JSON.parse(JSON.stringify(account)));
    }
    const org = items.find((i) => i.pk.S === 'ORG');
    expect(org.sk.S).toBe('SETTINGS');
    expect(JSON.parse(org.settings.S)).toEqual(JSON.parse(JSON.stringify(catalog.org)));
  });
});

describe('topics', () => {
  it('has two encrypted topics whatever the number of accounts: the org-wide notifications topic and ops (mailed to opsEmails)', () => {
    const key = ref('aws_kms_key', (k) => k.key_usage !== 'GENERATE_VERIFY_MAC', 'arn');
    expect(resources('aws_sns_topic').map(([, t]) => t.name).sort()).toEqual(['budget-guardrails-notifications', 'budget-guardrails-ops']);
    for (const [, topic] of resources('aws_sns_topic')) expect(topic.kms_master_key_id).toBe(key);
    const opsArn = ref('aws_sns_topic', (t) => t.name === 'budget-guardrails-ops', 'arn');
    expect(resources('aws_sns_topic_subscription').map(([, s]) => [s.topic_arn, s.protocol, s.endpoint]))
      .toEqual(catalog.org.opsEmails.map((e) => [opsArn, 'email', e]));
    expect(hub.topics.notifications).toBeDefined();
  });

  it('lets only the hub function roles and EventBridge publish (and CloudWatch alarms, to ops)', async () => {
    const notifications = `arn:aws:sns:us-east-1:${HUB}:budget-guardrails-notifications`;
    const opsTopic = `arn:aws:sns:us-east-1:${HUB}:budget-guardrails-ops`;
    const policyOf = (name: string) => parsePolicy(resources('aws_sns_topic_policy')
      .find(([, p]) => p.arn === ref('aws_sns_topic', (t) => t.name === name, 'arn'))![1].policy);
    const anyPublish = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] };
    const byRole = (role: string, topic: string, name: string, identity: unknown) => simulate({
      principal: role, action: 'sns:Publish', resource: topic, resourceAccount: HUB, identityPolicies: [identity], resourcePolicy: policyOf(name),
      // AWS sets aws:PrincipalArn (the role ARN, also for its sessions) on every IAM principal's request.
      context: { 'aws:PrincipalArn': role, 'aws:PrincipalAccount': role.split(':')[4] },
    });
    const byService = (service: string, topic: string, name: string, sourceAccount: string) => simulate({
      principal: service, action: 'sns:Publish', resource: topic, resourceAccount: HUB, resourcePolicy: policyOf(name),
      context: { 'aws:SourceAccount': sourceAccount, 'aws:PrincipalServiceName': service },
    });
    const name = 'budget-guardrails-notifications';
    expect(await byRole(`arn:aws:iam::${HUB}:role/budget-guardrails-notifier`, notifications, name, rolePolicy('notifier'))).toBe('Allowed');
    expect(await byRole(`arn:aws:iam::${HUB}:role/budget-guardrails-notifier`, `arn:aws:sns:us-east-1:${HUB}:budget-guardrails-data-science`, name, rolePolicy('notifier'))).not.toBe('Allowed');
    expect(await byRole(`arn:aws:iam::${HUB}:role/budget-guardrails-evaluator`, opsTopic, 'budget-guardrails-ops', rolePolicy('evaluator'))).toBe('Allowed');
    expect(await byRole(`arn:aws:iam::${HUB}:role/Intruder`, notifications, name, anyPublish)).toBe('ExplicitlyDenied');
    expect(await byRole(`arn:aws:iam::${HUB}:role/Intruder`, opsTopic, 'budget-guardrails-ops', anyPublish)).toBe('ExplicitlyDenied');
    expect(await byRole('arn:aws:iam::999999999999:role/Outsider', notifications, name, anyPublish)).not.toBe('Allowed');
    expect(await byService('events.amazonaws.com', notifications, name, HUB)).toBe('Allowed');
    expect(await byService('events.amazonaws.com', notifications, name, '999999999999')).not.toBe('Allowed');
    expect(await byService('cloudwatch.amazonaws.com', opsTopic, 'budget-guardrails-ops', HUB)).toBe('Allowed');
    expect(await byService('cloudwatch.amazonaws.com', notifications, name, HUB)).not.toBe('Allowed');
  });
});

describe('email and scheduler', () => {
  it('has the SES v2 sender identity and configuration set', () => {
    expect(named('aws_sesv2_email_identity', 'email_identity', catalog.org.senderEmail).configuration_set_name)
      .toBe(ref('aws_sesv2_configuration_set', () => true, 'configuration_set_name'));
    named('aws_sesv2_configuration_set', 'configuration_set_name', 'budget-guardrails');
  });

  it('has the schedule group and a scheduler role that may invoke only the runtime meter and the enforcer', async () => {
    named('aws_scheduler_schedule_group', 'name', 'budget-guardrails');
    const role = named('aws_iam_role', 'name', 'budget-guardrails-scheduler');
    expect(parsePolicy(role.assume_role_policy).Statement[0]).toMatchObject({ Principal: { Service: 'scheduler.amazonaws.com' } });
    const policy = parsePolicy(named('aws_iam_role_policy', 'name', 'budget-guardrails-scheduler').policy);
    const invoke = (fn: string) => simulate({
      principal: `arn:aws:iam::${HUB}:role/budget-guardrails-scheduler`, action: 'lambda:InvokeFunction',
      resource: `arn:aws:lambda:us-east-1:${HUB}:function:budget-guardrails-${fn}`, resourceAccount: HUB, identityPolicies: [policy],
    });
    expect(await invoke('runtime-meter')).toBe('Allowed');
    expect(await invoke('enforcer')).toBe('Allowed');
    expect(await invoke('notifier')).toBe('ImplicitlyDenied');
    expect(await invoke('reset')).toBe('ImplicitlyDenied');
  });
});

describe('ops alarms', () => {
  it('alarm on every function\'s errors and on every dead-letter queue, notifying the ops topic', () => {
    const ops = ref('aws_sns_topic', (t) => t.name === 'budget-guardrails-ops', 'arn');
    const alarms = resources('aws_cloudwatch_metric_alarm').map(([, a]) => a);
    const queues = resources('aws_sqs_queue').map(([, q]) => q.name as string);
    expect(queues).toHaveLength(FUNCTION_NAMES.length + hub.routing.deadLetters.size);
    for (const queue of queues) expect(alarms.filter((a) => a.alarm_name === `${queue}-not-empty`)).toHaveLength(1);
    for (const fn of FUNCTION_NAMES) expect(alarms.filter((a) => a.alarm_name === `budget-guardrails-${fn}-errors`)).toHaveLength(1);
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([ops]);
  });
});

describe('approval endpoint', () => {
  it('is a public function URL (AuthType NONE) on the approvals function, with both permissions function URLs now need', () => {
    const fn = named('aws_lambda_function', 'function_name', 'budget-guardrails-approvals');
    expect(fn.reserved_concurrent_executions).toBe(5);
    const fnName = ref('aws_lambda_function', (r) => r.function_name === 'budget-guardrails-approvals', 'function_name');
    expect(resources('aws_lambda_function_url').map(([, u]) => u)).toEqual([expect.objectContaining({ function_name: fnName, authorization_type: 'NONE' })]);
    // https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html: lambda:InvokeFunctionUrl and lambda:InvokeFunction.
    const permissions = resources('aws_lambda_permission').map(([, p]) => p).filter((p) => p.function_name === fnName);
    expect(permissions.map((p) => [p.action, p.principal, p.function_url_auth_type]).sort()).toEqual([
      ['lambda:InvokeFunction', '*', undefined], ['lambda:InvokeFunctionUrl', '*', 'NONE'],
    ]);
    const notifier = named('aws_lambda_function', 'function_name', 'budget-guardrails-notifier');
    expect((notifier.environment as { variables: Record<string, string> }).variables[APPROVAL_URL_ENV])
      .toBe(ref('aws_lambda_function_url', () => true, 'function_url'));
  });

  it('signs with an HMAC_256 KMS key behind its alias; the notifier may only sign, the endpoint only verify', async () => {
    const key = named('aws_kms_key', 'key_usage', 'GENERATE_VERIFY_MAC');
    expect(key).toMatchObject({ customer_master_key_spec: 'HMAC_256' });
    named('aws_kms_alias', 'name', 'alias/budget-guardrails-approvals');
    const use = (fn: string, action: string, aliases: string[]) => simulate({
      principal: `arn:aws:iam::${HUB}:role/budget-guardrails-${fn}`, action,
      resource: `arn:aws:kms:us-east-1:${HUB}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, resourceAccount: HUB,
      identityPolicies: [rolePolicy(fn)], resourcePolicy: parsePolicy(key.policy), context: { 'kms:ResourceAliases': aliases },
    });
    const alias = ['alias/budget-guardrails-approvals'];
    expect(await use('notifier', 'kms:GenerateMac', alias)).toBe('Allowed');
    expect(await use('notifier', 'kms:VerifyMac', alias)).toBe('ImplicitlyDenied');
    expect(await use('approvals', 'kms:VerifyMac', alias)).toBe('Allowed');
    expect(await use('approvals', 'kms:GenerateMac', alias)).toBe('ImplicitlyDenied');
    expect(await use('approvals', 'kms:VerifyMac', ['alias/some-other-key'])).toBe('ImplicitlyDenied');
  });
});
