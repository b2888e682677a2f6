/**
 * The approval endpoint behind the hub's Lambda function URL (payload format 2.0). It accepts
 * only a token signed with the hub's KMS HMAC key, not expired, naming the current request, and
 * used once. GET shows what the link would do and a confirmation button and changes nothing (mail
 * scanners open links); POST makes the decision.
 */
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import type { AccountPolicy } from '../../core/catalog/types';
import { TokenClaims, isExpired } from '../../core/gate/approval-token';
import type { DecisionDeps } from '../aws/hold-decisions';
import { decide, undecidable } from '../aws/hold-decisions';
import type { HoldStore } from '../aws/hold-store';
import type { ApprovalMac } from '../aws/approval-mac';
import type { UsedTokens } from '../aws/used-tokens';
import { PageContent, page, stateLabel } from './page';

export interface EndpointDeps {
  readonly mac: Pick<ApprovalMac, 'verify'>;
  readonly usedTokens: Pick<UsedTokens, 'consume'>;
  readonly holds: Pick<HoldStore, 'get'>;
  readonly catalog: { account(accountId: string): Promise<AccountPolicy | undefined> };
  readonly decisions: DecisionDeps;
  readonly clock: () => Date;
}

export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** No caching, no referrer (the token is in the URL), no framing (a hidden POST button), nothing but inline style. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy': 'default-src \'none\'; style-src \'unsafe-inline\'; form-action \'self\'; frame-ancestors \'none\'; base-uri \'none\'',
};

const respond = (statusCode: number, content: PageContent, extra: Record<string, string> = {}): HttpResult =>
  ({ statusCode, headers: { ...SECURITY_HEADERS, ...extra }, body: page(content) });

const verb = (c: TokenClaims) => (c.d === 'approve' ? 'Approve' : 'Postpone for 24 hours');
const CLI_HINT = 'Operators can still decide with `guardrails approve|postpone --account <name>`.';

function formToken(event: LambdaFunctionURLEvent): string | undefined {
  if (!event.body) return undefined;
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return new URLSearchParams(body).get('t') ?? undefined;
}

export async function handleRequest(deps: EndpointDeps, event: LambdaFunctionURLEvent): Promise<HttpResult> {
  const method = event.requestContext?.http?.method;
  if (!method) return respond(400, { title: 'Not a web request', paragraphs: ['This function answers its function URL only.'] });
  if (method !== 'GET' && method !== 'POST') {
    return respond(405, { title: 'Method not allowed', paragraphs: ['Open the link from the email.'] }, { allow: 'GET, POST' });
  }
  const token = method === 'GET' ? event.queryStringParameters?.t : formToken(event);
  const verified = await deps.mac.verify(token);
  if (!verified.ok) return respond(403, { title: 'This link is not valid', paragraphs: [`Nothing was done: ${verified.why}.`, CLI_HINT] });
  const claims = verified.claims;
  const now = deps.clock();
  if (isExpired(claims, now)) {
    return respond(410, { title: 'This link has expired', paragraphs: [`It expired at ${new Date(claims.e * 1000).toISOString()}; nothing was done.`, CLI_HINT] });
  }
  const policy = await deps.catalog.account(claims.a);
  if (!policy) return respond(404, { title: 'Unknown account', paragraphs: [`Account ${claims.a} is no longer in the catalog; nothing was done.`] });
  const hold = await deps.holds.get(claims.a, claims.m, claims.s);
  const why = undecidable(hold, claims.h);
  const subject = `${stateLabel(claims.s)} actions for ${policy.name} (${policy.id})`;
  if (why) return respond(409, { title: 'Nothing to decide', paragraphs: [`${subject}: ${why}. Nothing was done.`] });

  if (method === 'GET') {
    return respond(200, {
      title: `${verb(claims)}: ${subject}?`,
      paragraphs: [
        claims.d === 'approve'
          ? 'Approving lets the guardrail run these staged actions now (or at the end of the grace period), if the account is still in that state:'
          : 'Postponing keeps these actions staged; the owners are asked again in 24 hours:',
      ],
      actions: hold!.actions,
      form: { token: token!, button: verb(claims) },
    });
  }

  if (!(await deps.usedTokens.consume(claims.n, { at: now.toISOString(), expiresAtEpoch: claims.e, decision: claims.d, accountId: claims.a }))) {
    return respond(409, { title: 'This link was already used', paragraphs: ['Each link works once; nothing more was done.', CLI_HINT] });
  }
  const sourceIp = event.requestContext.http.sourceIp;
  const result = await decide(deps.decisions, {
    accountId: claims.a, accountName: policy.name, month: claims.m, state: claims.s, holdId: claims.h,
    decision: claims.d, by: `an owner's email link (from ${sourceIp})`, via: 'email',
  });
  if (result.status !== 'decided') return respond(409, { title: 'Nothing to decide', paragraphs: [`${subject}: ${result.why}. Nothing was done.`] });
  return respond(200, claims.d === 'approve'
    ? { title: `Approved: ${subject}`, paragraphs: ['The guardrail runs the actions now if the account is still in that state; the owners are told.'], actions: hold!.actions }
    : { title: `Postponed: ${subject}`, paragraphs: [`Nothing runs; the owners are asked again at ${result.detail.postponedUntil}.`], actions: hold!.actions });
}
