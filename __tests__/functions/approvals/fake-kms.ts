/**
 * KMS GenerateMac / VerifyMac behind aws-sdk-client-mock, computing real HMAC-SHA-256 with a
 * secret per key id, and answering a wrong MAC the way KMS does: VerifyMac throws
 * KMSInvalidMacException (https://docs.aws.amazon.com/kms/latest/APIReference/API_VerifyMac.html).
 */
import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createHmac, timingSafeEqual } from 'node:crypto';

export function fakeKms(secrets: Record<string, string>) {
  const stub = mockClient(KMSClient);
  const mac = (keyId: string, message: Uint8Array) => {
    const secret = secrets[keyId];
    if (!secret) throw Object.assign(new Error(`Alias ${keyId} is not found.`), { name: 'NotFoundException' });
    return new Uint8Array(createHmac('sha256', secret).update(message).digest());
  };
  stub.on(GenerateMacCommand).callsFake(async (input) => {
    if (input.MacAlgorithm !== 'HMAC_SHA_256') throw Object.assign(new Error('wrong algorithm'), { name: 'InvalidKeyUsageException' });
    return { Mac: mac(input.KeyId, input.Message), MacAlgorithm: input.MacAlgorithm, KeyId: input.KeyId };
  });
  stub.on(VerifyMacCommand).callsFake(async (input) => {
    const expected = mac(input.KeyId, input.Message);
    const given = Buffer.from(input.Mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw Object.assign(new Error('The MAC is not valid'), { name: 'KMSInvalidMacException' });
    }
    return { MacValid: true, KeyId: input.KeyId, MacAlgorithm: input.MacAlgorithm };
  });
  return stub;
}
