/** Assumes the member account's enforcement role from a hub function. */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { enforcementRoleArn } from '../../core/naming/resources';
import { CLIENT_DEFAULTS, RoleCredentials } from './clients';

let sts: STSClient | undefined;
const stsClient = () => (sts ??= new STSClient(CLIENT_DEFAULTS));

/** Session names are limited to 64 characters of [\w+=,.@-]. */
export function sessionName(...parts: string[]): string {
  return parts.join('-').replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

export async function assumeEnforcementRole(accountId: string, session: string, client: STSClient = stsClient()): Promise<RoleCredentials> {
  const out = await client.send(new AssumeRoleCommand({
    RoleArn: enforcementRoleArn(accountId),
    RoleSessionName: sessionName(session),
    DurationSeconds: 900,
  }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new Error(`AssumeRole into ${accountId} returned no credentials`);
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}
