/**
 * Single use of approval links: the first use writes APPROVAL-TOKEN#<nonce> with a conditional
 * put; any later use of the same link fails that write. Items expire (TTL) with the link.
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE, usedTokenKey } from '../../core/storage/keys';
import { conditionally } from './conditional';

export class UsedTokens {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  /** True for the first use of `nonce`; false for every later one. */
  async consume(nonce: string, use: { readonly at: string; readonly expiresAtEpoch: number; readonly decision: string; readonly accountId: string }): Promise<boolean> {
    return conditionally(() => this.ddb.send(new PutCommand({
      TableName: this.table,
      Item: { ...usedTokenKey(nonce), usedAt: use.at, decision: use.decision, accountId: use.accountId, [TTL_ATTRIBUTE]: use.expiresAtEpoch },
      ConditionExpression: 'attribute_not_exists(pk)',
    })));
  }
}
