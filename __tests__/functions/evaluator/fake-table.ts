/**
 * An in-memory hub table behind aws-sdk-client-mock's DocumentClient stub, with the conditional
 * writes the state store relies on, so tests exercise the real adapters.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { mockClient } from 'aws-sdk-client-mock';

/** Any client's stub (aws-sdk-client-mock), for helpers that serve several clients. */
export type AnyStub = ReturnType<typeof mockClient>;
import type { AccountPolicy, OrgSettings } from '../../../core/catalog/types';
import { CATALOG_PK, orgKey, policyKey } from '../../../core/storage/keys';

type Item = Record<string, unknown>;
type Values = Record<string, unknown> | undefined;
type Names = Record<string, string> | undefined;

const keyOf = (k: { pk?: unknown; sk?: unknown }) => `${String(k.pk)}|${String(k.sk)}`;
const clone = <T>(x: T): T => (x === undefined ? x : structuredClone(x));
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

function conditionHolds(expression: string | undefined, current: Item | undefined, names: Names, values: Values): boolean {
  if (!expression) return true;
  if (expression === 'attribute_not_exists(pk)') return current === undefined;
  const eq = /^(#?\w+) = (:\w+)$/.exec(expression);
  if (eq) {
    const attr = eq[1].startsWith('#') ? names?.[eq[1]] ?? eq[1] : eq[1];
    return current !== undefined && current[attr] === values?.[eq[2]];
  }
  throw new Error(`fake table: unsupported condition "${expression}"`);
}

export class FakeTable {
  readonly items = new Map<string, Item>();
  /** Runs once before the next Put is applied (to stage a competing writer). */
  beforeNextPut?: () => void;

  constructor(readonly mock: AnyStub) {
    mock.on(GetCommand).callsFake((input: { Key: Item }) => ({ Item: clone(this.items.get(keyOf(input.Key))) }));
    mock.on(PutCommand).callsFake((input: { Item: Item; ConditionExpression?: string; ExpressionAttributeNames?: Names; ExpressionAttributeValues?: Values }) => {
      const hook = this.beforeNextPut;
      this.beforeNextPut = undefined;
      hook?.();
      const key = keyOf(input.Item);
      if (!conditionHolds(input.ConditionExpression, this.items.get(key), input.ExpressionAttributeNames, input.ExpressionAttributeValues)) throw conditionFailed();
      this.items.set(key, clone(input.Item));
      return {};
    });
    mock.on(UpdateCommand).callsFake((input: { Key: Item; UpdateExpression: string; ConditionExpression?: string; ExpressionAttributeNames?: Names; ExpressionAttributeValues?: Values }) => {
      const key = keyOf(input.Key);
      const current = this.items.get(key);
      if (!conditionHolds(input.ConditionExpression, current, input.ExpressionAttributeNames, input.ExpressionAttributeValues)) throw conditionFailed();
      const next: Item = { ...(current ?? input.Key) };
      const set = /^SET (.+)$/.exec(input.UpdateExpression);
      if (!set) throw new Error(`fake table: unsupported update "${input.UpdateExpression}"`);
      for (const part of set[1].split(',')) {
        const [name, value] = part.split('=').map((s) => s.trim());
        next[name.startsWith('#') ? input.ExpressionAttributeNames?.[name] ?? name : name] = input.ExpressionAttributeValues?.[value];
      }
      this.items.set(key, next);
      return {};
    });
    mock.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Values; KeyConditionExpression: string }) => {
      const pk = input.ExpressionAttributeValues?.[':pk'];
      const prefix = input.KeyConditionExpression.includes('begins_with') ? String(input.ExpressionAttributeValues?.[':prefix']) : '';
      const Items = [...this.items.values()]
        .filter((i) => i.pk === pk && String(i.sk).startsWith(prefix))
        .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
        .map(clone);
      return { Items };
    });
  }

  put(item: Item): void {
    this.items.set(keyOf(item), clone(item));
  }

  get(pk: string, sk: string): Item | undefined {
    return clone(this.items.get(`${pk}|${sk}`));
  }

  /** The catalog as Terraform writes it (replacing any earlier one): one policy item per account and the org settings. */
  seedCatalog(org: OrgSettings, accounts: readonly AccountPolicy[]): void {
    for (const [key, item] of this.items) if (item.pk === CATALOG_PK) this.items.delete(key);
    this.put({ ...orgKey(), settings: JSON.stringify(org) });
    for (const a of accounts) this.put({ ...policyKey(a.id), policy: JSON.stringify(a) });
  }

  writes(): number {
    return this.mock.commandCalls(PutCommand).length + this.mock.commandCalls(UpdateCommand).length;
  }
}
