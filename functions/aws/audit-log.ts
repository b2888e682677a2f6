/**
 * The audit trail (docs/architecture.md#data-flow): every guardrail event the hub delivers, one item each at
 * (AUDIT#<account>, <time>#<event id>), expiring after AUDIT_RETENTION_DAYS through the table's TTL.
 * Keyed by the event id, so a redelivered event overwrites its own item instead of adding one.
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE, auditKey } from '../../core/storage/keys';

export const AUDIT_RETENTION_DAYS = 400;

export interface AuditEntry {
  readonly accountId: string;
  readonly eventId: string;
  /** The event's own time (ISO 8601). */
  readonly at: string;
  readonly detailType: string;
  readonly detail: unknown;
}

export class AuditLog {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async record(entry: AuditEntry): Promise<void> {
    const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + AUDIT_RETENTION_DAYS * 86_400;
    await this.ddb.send(new PutCommand({
      TableName: this.table,
      Item: {
        ...auditKey(entry.accountId, entry.at, entry.eventId),
        detailType: entry.detailType, detail: JSON.stringify(entry.detail), [TTL_ATTRIBUTE]: expiresAt,
      },
    }));
  }
}
