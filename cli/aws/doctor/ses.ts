/**
 * SES in the hub region: out of the sandbox (otherwise mail reaches only verified addresses, so
 * owners receive nothing) and the sender identity verified (otherwise nothing is sent at all).
 */
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { OrgSettings } from '../../../core/catalog/types';
import { isError, messageOf } from '../../../functions/aws/aws-errors';
import type { CheckResult } from './types';

const SANDBOX_FIX = (region: string) => `request production access for SES in ${region}: SES console → Account dashboard → Request production access `
  + `(or aws sesv2 put-account-details --region ${region} --production-access-enabled --mail-type TRANSACTIONAL --website-url <url> `
  + '--use-case-description "<who receives budget notices and why>"); see "Leaving the SES sandbox" in the README';

export async function checkSesAccount(ses: SESv2Client, org: OrgSettings): Promise<CheckResult> {
  const base = { id: 'ses-production-access', title: `SES production access (${org.hubRegion})` };
  try {
    const account = await ses.send(new GetAccountCommand({}));
    if (account.SendingEnabled === false) {
      return { ...base, status: 'fail', detail: `sending is paused for the SES account in ${org.hubRegion} (enforcement status ${account.EnforcementStatus ?? 'unknown'}): no email goes out`,
        fix: `resolve the reason in the SES console (Reputation metrics) and resume sending: aws sesv2 put-account-sending-attributes --region ${org.hubRegion} --sending-enabled` };
    }
    if (account.ProductionAccessEnabled !== true) {
      return { ...base, status: 'fail', detail: `the SES account in ${org.hubRegion} is in the sandbox: email goes only to verified addresses, so owners receive nothing`, fix: SANDBOX_FIX(org.hubRegion) };
    }
    return { ...base, status: 'pass', detail: `production access granted; sending enabled (enforcement status ${account.EnforcementStatus ?? 'HEALTHY'})` };
  } catch (error) {
    return { ...base, status: 'fail', detail: `could not read the SES account: ${messageOf(error)}`, fix: 'run doctor with payer-account credentials that may call ses:GetAccount' };
  }
}

export async function checkSesIdentity(ses: SESv2Client, org: OrgSettings): Promise<CheckResult> {
  const sender = org.senderEmail;
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  const base = { id: 'ses-sender-identity', title: `SES sender identity ${sender}` };
  const verified = async (identity: string): Promise<boolean | undefined> => {
    try {
      const r = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      return r.VerifiedForSendingStatus === true;
    } catch (error) {
      if (isError(error, 'NotFoundException')) return undefined;
      throw error;
    }
  };
  try {
    const address = await verified(sender);
    if (address === true) return { ...base, status: 'pass', detail: `${sender} is verified for sending` };
    const byDomain = await verified(domain);
    if (byDomain === true) return { ...base, status: 'pass', detail: `the domain ${domain} is verified for sending` };
    const found = address === undefined && byDomain === undefined ? 'no SES identity exists for it or its domain' : 'its identity exists but is not verified yet';
    return {
      ...base, status: 'fail', detail: `${sender} cannot send: ${found}`,
      fix: `deploy the hub (it creates the identity ${sender}) and open the verification link AWS mails to that address `
        + `(aws sesv2 create-email-identity --email-identity ${sender} --region ${org.hubRegion} sends a new one), or verify the domain ${domain} with its DKIM records`,
    };
  } catch (error) {
    return { ...base, status: 'fail', detail: `could not read the SES identity: ${messageOf(error)}`, fix: 'run doctor with credentials that may call ses:GetEmailIdentity' };
  }
}
