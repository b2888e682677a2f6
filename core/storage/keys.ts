/**
 * The hub table's single-table layout (pk/sk strings). Every reader and writer builds keys here.
 *
 *   ORG                     SETTINGS                         org settings (written by Terraform)
 *   CATALOG                 ACCOUNT#<id>                     the account's resolved policy (Terraform)
 *   RECORDED                ACCOUNT#<id>                     policy of an account the enforcer acted on (restorable after catalog removal)
 *   ACCOUNT#<id>            STATE#<yyyy-mm>                  budget state of the month (evaluator)
 *   ACCOUNT#<id>            ACTION#<yyyy-mm>#<kind>#<target> intent, result and prior values (enforcer); a target too long
 *                                                            for a sort key is `sha256:<hex>` there, in full in `target`
 *   ACCOUNT#<id>            ENFORCED#<yyyy-mm>               last state the enforcer acted on, with its time (enforcer)
 *   ACCOUNT#<id>            LEASE#enforcement                one enforcement at a time: holder and expiry (enforcer, reset, release)
 *   ACCOUNT#<id>            RUNTIME#<yyyy-mm>#<group>        runtime ledger (runtime meter)
 *   ACCOUNT#<id>            HOLD#<yyyy-mm>#<state>           actions held for grace or approval (enforcer; decisions: approvals, CLI), TTL
 *   ACCOUNT#<id>            EXEMPT#<kind or all>             break-glass exemption until a time (CLI; ended by the enforcer), TTL
 *   APPROVAL-TOKEN#<nonce>  USED                             an approval link that was used (single use), TTL
 *   AUDIT#<id>              <iso time>#<event id>            every guardrail event (notifier), expires via `expiresAt` (TTL)
 *   PRICE#<region>          <instance type>                  cached on-demand hourly price
 */
import { createHash } from 'node:crypto';

export const PK = 'pk';
export const SK = 'sk';
export const TTL_ATTRIBUTE = 'expiresAt';

export const orgKey = () => ({ pk: 'ORG', sk: 'SETTINGS' });
export const accountPk = (accountId: string) => `ACCOUNT#${accountId}`;
export const CATALOG_PK = 'CATALOG';
export const policyKey = (accountId: string) => ({ pk: CATALOG_PK, sk: `ACCOUNT#${accountId}` });
export const stateKey = (accountId: string, month: string) => ({ pk: accountPk(accountId), sk: `STATE#${month}` });
export const actionSkPrefix = (month: string) => `ACTION#${month}#`;
/** DynamoDB refuses a sort key over 1,024 bytes (UTF-8); see the quotas page in README's limits table. */
export const MAX_SORT_KEY_BYTES = 1024;
export const HASHED_TARGET_PREFIX = 'sha256:';

/**
 * The target as it appears in an action's sort key: the text itself, or its SHA-256 when the key
 * would be longer than DynamoDB allows (long tag selectors, policy ARNs with paths). Records keep
 * the full text in their `target` attribute, which is what every reader uses.
 */
export function keyTarget(month: string, kind: string, target: string): string {
  const sk = `${actionSkPrefix(month)}${kind}#${target}`;
  if (Buffer.byteLength(sk, 'utf8') <= MAX_SORT_KEY_BYTES) return target;
  return `${HASHED_TARGET_PREFIX}${createHash('sha256').update(target, 'utf8').digest('hex')}`;
}

export const actionKey = (accountId: string, month: string, kind: string, target: string) =>
  ({ pk: accountPk(accountId), sk: `${actionSkPrefix(month)}${kind}#${keyTarget(month, kind, target)}` });
/** The state the enforcer last acted on in the month; events older than its `at` are ignored. */
export const enforcedStateKey = (accountId: string, month: string) => ({ pk: accountPk(accountId), sk: `ENFORCED#${month}` });
export const RECORDED_PK = 'RECORDED';
export const recordedAccountKey = (accountId: string) => ({ pk: RECORDED_PK, sk: `ACCOUNT#${accountId}` });
/** The account's enforcement lease: enforcer, reset and `guardrails release` act on one account one at a time. */
export const enforcementLeaseKey = (accountId: string) => ({ pk: accountPk(accountId), sk: 'LEASE#enforcement' });
export const runtimeKey = (accountId: string, month: string, group: string) =>
  ({ pk: accountPk(accountId), sk: `RUNTIME#${month}#${group}` });
/** Actions of `state` held this month for a grace period or an approval. */
export const holdSkPrefix = (month: string) => `HOLD#${month}#`;
export const holdKey = (accountId: string, month: string, state: string) => ({ pk: accountPk(accountId), sk: `${holdSkPrefix(month)}${state}` });
/** A break-glass exemption of one resource kind (or `all`). */
export const EXEMPTION_SK_PREFIX = 'EXEMPT#';
export const exemptionKey = (accountId: string, kind: string) => ({ pk: accountPk(accountId), sk: `${EXEMPTION_SK_PREFIX}${kind}` });
/** Written once when an approval link is used; a second use fails its conditional write. */
export const usedTokenKey = (nonce: string) => ({ pk: `APPROVAL-TOKEN#${nonce}`, sk: 'USED' });
export const auditKey = (accountId: string, at: string, eventId: string) => ({ pk: `AUDIT#${accountId}`, sk: `${at}#${eventId}` });
export const priceKey = (region: string, instanceType: string) => ({ pk: `PRICE#${region}`, sk: instanceType });

/** Calendar month in UTC, "yyyy-mm". */
export const monthOf = (date: Date) => date.toISOString().slice(0, 7);
