/**
 * The approval links' token: `<claims>.<mac>`, both base64url. The claims name one decision on one
 * hold (account, month, state, hold id), a random nonce (single use is enforced in the table) and
 * an expiry; the MAC is HMAC-SHA-256 over the claims text, computed and verified by KMS with a key
 * that never leaves it (functions/aws/approval-mac.ts). Pure: encoding and checks only.
 */
import { z } from 'zod';
import { ENFORCED_STATES } from '../catalog/types';
import { DECISIONS } from './types';

/** How long an emailed link works. The CLI (`guardrails approve`) works as long as the request is pending. */
export const APPROVAL_LINK_HOURS = 72;

export const tokenClaimsSchema = z.strictObject({
  v: z.literal(1),
  /** account id, month, state and hold id of the request */
  a: z.string().regex(/^\d{12}$/),
  m: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  s: z.enum(ENFORCED_STATES as unknown as ['over', 'critical', 'shutdown']),
  h: z.string().min(1).max(64),
  d: z.enum(DECISIONS),
  /** nonce */
  n: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  /** expiry, epoch seconds */
  e: z.number().int().positive(),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** The text the MAC is computed over: exactly the claims part of the token. */
export const claimsText = (claims: TokenClaims) => b64url(JSON.stringify(claims));

export const joinToken = (claimsPart: string, mac: Uint8Array) => `${claimsPart}.${b64url(mac)}`;

export type SplitToken =
  | { readonly ok: true; readonly claimsPart: string; readonly mac: Uint8Array; readonly claims: TokenClaims }
  | { readonly ok: false; readonly why: string };

/** Splits and parses a token; the MAC still has to be verified. */
export function splitToken(token: string | undefined): SplitToken {
  if (!token) return { ok: false, why: 'the link carries no token' };
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) {
    return { ok: false, why: 'the link\'s token is malformed' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, why: 'the link\'s token is malformed' };
  }
  const claims = tokenClaimsSchema.safeParse(raw);
  if (!claims.success) return { ok: false, why: 'the link\'s token is malformed' };
  const mac = Buffer.from(parts[1], 'base64url');
  // HMAC-SHA-256 is 32 bytes.
  if (mac.length !== 32) return { ok: false, why: 'the link\'s signature is not valid' };
  return { ok: true, claimsPart: parts[0], mac: new Uint8Array(mac), claims: claims.data };
}

export const isExpired = (claims: TokenClaims, now: Date) => claims.e * 1000 <= now.getTime();

export const linkExpiry = (now: Date) => Math.floor(now.getTime() / 1000) + APPROVAL_LINK_HOURS * 3600;
