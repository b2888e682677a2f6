/** How AWS measures a document against its limit (see AWS_LIMITS[...].unit). */
import { firstNonIamCharacter } from '../catalog/names';
import { AWS_LIMITS, LimitName } from './aws-limits';

/** IAM does not count whitespace toward its policy size limits. */
export const iamChars = (text: string): number => text.replace(/\s/g, '').length;
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

export function measure(limit: LimitName, text: string): number {
  switch (AWS_LIMITS[limit].unit) {
    case 'characters without whitespace': return iamChars(text);
    case 'bytes (UTF-8)': return utf8Bytes(text);
    default: return text.length;
  }
}

/** IAM-evaluated documents (role policies, managed policies, trust policies, SCPs) must be Latin-1. */
export const isIamDocument = (limit: LimitName): boolean =>
  ['roleInlinePolicies', 'managedPolicy', 'trustPolicy', 'scp'].includes(limit);

export { firstNonIamCharacter };
