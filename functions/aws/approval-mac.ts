/**
 * Signs and verifies approval tokens with KMS GenerateMac / VerifyMac (HMAC_SHA_256) on the hub's
 * HMAC_256 key, addressed by its alias: the key never leaves KMS. VerifyMac answers an invalid MAC
 * with KMSInvalidMacException, which is a "no" here, not an error.
 */
import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import { TokenClaims, claimsText, joinToken, splitToken } from '../../core/gate/approval-token';
import { isError } from './aws-errors';

export const MAC_ALGORITHM = 'HMAC_SHA_256';

export type VerifiedToken = { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly why: string };

export class ApprovalMac {
  constructor(private readonly kms: KMSClient, private readonly keyId: string) {}

  async sign(claims: TokenClaims): Promise<string> {
    const text = claimsText(claims);
    const out = await this.kms.send(new GenerateMacCommand({ KeyId: this.keyId, MacAlgorithm: MAC_ALGORITHM, Message: Buffer.from(text) }));
    if (!out.Mac) throw new Error(`KMS GenerateMac on ${this.keyId} returned no MAC`);
    return joinToken(text, out.Mac);
  }

  async verify(token: string | undefined): Promise<VerifiedToken> {
    const split = splitToken(token);
    if (!split.ok) return split;
    try {
      const out = await this.kms.send(new VerifyMacCommand({
        KeyId: this.keyId, MacAlgorithm: MAC_ALGORITHM, Message: Buffer.from(split.claimsPart), Mac: split.mac,
      }));
      return out.MacValid ? { ok: true, claims: split.claims } : { ok: false, why: 'the link\'s signature is not valid' };
    } catch (error) {
      if (isError(error, 'KMSInvalidMacException')) return { ok: false, why: 'the link\'s signature is not valid' };
      throw error;
    }
  }
}
