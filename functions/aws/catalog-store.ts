/**
 * Reads the catalog as data from the hub table: Terraform writes one item per account at
 * (CATALOG, ACCOUNT#<id>) whose attribute `policy` is the JSON of its resolved AccountPolicy, and
 * the ORG/SETTINGS item whose attribute `settings` is the JSON of OrgSettings.
 * Functions never read accounts/*.ts.
 */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { CATALOG_PK, orgKey, policyKey } from '../../core/storage/keys';

export const POLICY_ATTRIBUTE = 'policy';
export const SETTINGS_ATTRIBUTE = 'settings';

export class CatalogStore {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async account(accountId: string): Promise<AccountPolicy | undefined> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: policyKey(accountId), ConsistentRead: true }));
    const raw = out.Item?.[POLICY_ATTRIBUTE];
    return typeof raw === 'string' ? (JSON.parse(raw) as AccountPolicy) : undefined;
  }

  async org(): Promise<OrgSettings> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: orgKey() }));
    const raw = out.Item?.[SETTINGS_ATTRIBUTE];
    if (typeof raw !== 'string') throw new Error(`the hub table ${this.table} has no ORG/SETTINGS item; deploy the hub stack`);
    return JSON.parse(raw) as OrgSettings;
  }

  /** Every account of the catalog: one query over the CATALOG partition. */
  async accounts(): Promise<AccountPolicy[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CATALOG_PK },
    });
    const accounts = items.map((item) => item[POLICY_ATTRIBUTE])
      .filter((raw): raw is string => typeof raw === 'string')
      .map((raw) => JSON.parse(raw) as AccountPolicy);
    return accounts.sort((a, b) => a.name.localeCompare(b.name));
  }
}
