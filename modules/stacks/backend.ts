import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from 'cdktf';
import type { Backend } from '../../core/catalog/types';
import { DEFAULT_STATE_KEY_PREFIX, DEFAULT_TFC_HOSTNAME, DEFAULT_WORKSPACE_PREFIX } from '../../core/catalog/defaults';
import type { StackOptions } from './options';

/** org.ts decides; the environment (TF_CLOUD_ORGANIZATION, GUARDRAILS_STATE_BUCKET) overrides a local backend. */
export function effectiveBackend(backend: Backend, options: StackOptions, hubRegion: string): Backend {
  if (backend.type !== 'local') return backend;
  if (options.cloudOrganization) {
    return { type: 'cloud', organization: options.cloudOrganization, workspacePrefix: DEFAULT_WORKSPACE_PREFIX, hostname: DEFAULT_TFC_HOSTNAME };
  }
  if (options.stateBucket) {
    return { type: 's3', bucket: options.stateBucket, region: options.stateBucketRegion ?? hubRegion, keyPrefix: DEFAULT_STATE_KEY_PREFIX };
  }
  return backend;
}

/**
 * Local state by default (one file per stack); S3 (one key per stack, encrypted, native
 * locking) or Terraform Cloud (one workspace per stack, `<prefix><stack>`) when asked for.
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: Backend): void {
  switch (backend.type) {
    case 'local':
      new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
      return;
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket, key: `${backend.keyPrefix}${stackName}.tfstate`, region: backend.region, encrypt: true,
      });
      // Terraform ≥ 1.10 locks with a lock file next to the state; cdktf 0.21 predates the option.
      s3.addOverride('use_lockfile', true);
      return;
    }
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${stackName}`),
      });
  }
}
