/** The Approve and Postpone 24 h links of a request for approval: the endpoint's URL with a KMS-signed, expiring, single-use token each. */
import { randomBytes } from 'node:crypto';
import { TokenClaims, linkExpiry } from '../../core/gate/approval-token';
import type { Decision } from '../../core/gate/types';
import type { GuardrailHoldChanged } from '../../core/events/schemas';
import type { ApprovalLinks } from '../../core/notify';
import type { ApprovalMac } from '../aws/approval-mac';

export function approvalLinkSigner(mac: Pick<ApprovalMac, 'sign'>, endpointUrl: string | undefined, clock: () => Date) {
  return async (hold: GuardrailHoldChanged): Promise<ApprovalLinks> => {
    if (!endpointUrl) throw new Error('GUARDRAILS_APPROVAL_URL is not set, so approval links cannot be made; the hub stack sets it on the notifier (modules/hub)');
    const expires = linkExpiry(clock());
    const link = async (d: Decision) => {
      const claims: TokenClaims = {
        v: 1, a: hold.accountId, m: hold.month, s: hold.state, h: hold.holdId, d, n: randomBytes(18).toString('base64url'), e: expires,
      };
      const url = new URL(endpointUrl);
      url.searchParams.set('t', await mac.sign(claims));
      return url.toString();
    };
    return { approve: await link('approve'), postpone: await link('postpone'), expiresAt: new Date(expires * 1000).toISOString() };
  };
}
