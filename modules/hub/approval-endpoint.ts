import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';
import { policyDocument } from '../../core/iam/policy';
import { APPROVAL_KEY_ALIAS } from '../../core/naming/resources';
import type { GuardrailFunction } from '../function/guardrail-function';

/**
 * The approval links' endpoint (docs/people-in-the-loop.md): a public Lambda function URL on the
 * `approvals` function, and the HMAC_256 KMS key that signs and verifies its tokens (the key never
 * leaves KMS; the notifier may only GenerateMac, the endpoint only VerifyMac).
 *
 * A function URL with AuthType NONE still needs the function's resource policy to allow the public
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html): since October 2025 a new function
 * URL needs both lambda:InvokeFunctionUrl and lambda:InvokeFunction. The AWS provider 5.100 cannot
 * limit the second to calls through the URL, so the handler answers only function-URL requests and
 * the signed, expiring, single-use token is the only authority.
 */
export class ApprovalEndpoint extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly url: LambdaFunctionUrl;

  constructor(scope: Construct, id: string, props: { readonly org: OrgSettings; readonly fn: GuardrailFunction }) {
    super(scope, id);
    const { org, fn } = props;
    this.key = new KmsKey(this, 'key', {
      description: 'Signs and verifies budget-guardrails approval links (HMAC, GenerateMac/VerifyMac).',
      keyUsage: 'GENERATE_VERIFY_MAC',
      customerMasterKeySpec: 'HMAC_256',
      deletionWindowInDays: 30,
      // IAM policies decide who may use the key (core/iam/function-permissions.ts: approvalKeyUse).
      policy: JSON.stringify(policyDocument([{
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${org.hubAccountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      }])),
    });
    this.alias = new KmsAlias(this, 'alias', { name: APPROVAL_KEY_ALIAS, targetKeyId: this.key.keyId });
    this.url = new LambdaFunctionUrl(this, 'url', { functionName: fn.fn.functionName, authorizationType: 'NONE' });
    new LambdaPermission(this, 'public-url', {
      statementId: 'PublicFunctionUrl',
      action: 'lambda:InvokeFunctionUrl',
      functionName: fn.fn.functionName,
      principal: '*',
      functionUrlAuthType: 'NONE',
    });
    new LambdaPermission(this, 'public-invoke', {
      statementId: 'PublicInvokeThroughUrl',
      action: 'lambda:InvokeFunction',
      functionName: fn.fn.functionName,
      principal: '*',
    });
  }
}
