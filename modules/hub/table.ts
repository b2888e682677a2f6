import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { DynamodbTableItem } from '@cdktf/provider-aws/lib/dynamodb-table-item';
import { Construct } from 'constructs';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { TABLE_NAME } from '../../core/naming/resources';
import { PK, SK, TTL_ATTRIBUTE, orgKey, policyKey } from '../../core/storage/keys';

export interface HubTableProps {
  readonly org: OrgSettings;
  readonly accounts: readonly AccountPolicy[];
  /**
   * Refuse `terraform destroy` of the table that holds saved prior values and audit.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** Attribute names of the catalog items (read by functions/aws/catalog-store.ts). */
export const POLICY_ATTRIBUTE = 'policy';
export const SETTINGS_ATTRIBUTE = 'settings';

type Item = Record<string, { S: string }>;
const s = (value: string) => ({ S: value });

/** The catalog item of one account: its resolved policy as JSON, so a plan shows each policy change. */
export function accountItem(account: AccountPolicy): Item {
  const key = policyKey(account.id);
  return { [PK]: s(key.pk), [SK]: s(key.sk), [POLICY_ATTRIBUTE]: s(JSON.stringify(account)), accountName: s(account.name) };
}

export function orgItem(org: OrgSettings): Item {
  const key = orgKey();
  return { [PK]: s(key.pk), [SK]: s(key.sk), [SETTINGS_ATTRIBUTE]: s(JSON.stringify(org)) };
}

/** The hub's single table (core/storage/keys.ts) and the catalog written into it as data. */
export class HubTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: HubTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: TABLE_NAME,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: PK,
      rangeKey: SK,
      attribute: [{ name: PK, type: 'S' }, { name: SK, type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
      deletionProtectionEnabled: props.deletionProtection ?? true,
    });
    const item = (itemId: string, value: Item) => new DynamodbTableItem(this, itemId, {
      tableName: this.table.name,
      hashKey: this.table.hashKey,
      rangeKey: this.table.rangeKey,
      item: JSON.stringify(value),
    });
    item('org', orgItem(props.org));
    for (const account of props.accounts) item(`account-${account.name}`, accountItem(account));
  }
}
