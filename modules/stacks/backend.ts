import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from 'cdktf';
import type { Backend } from '../../core/catalog/types';
import { DEFAULT_TFC_HOSTNAME, DEFAULT_WORKSPACE_PREFIX } from '../../core/catalog/defaults';
import type { StackOptions } from './options';

/**
 * Local state by default (one file per stack); Terraform Cloud with one workspace per stack
 * (`<prefix><stack>`) when org.ts or TF_CLOUD_ORGANIZATION asks for it.
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: Backend, options: StackOptions): void {
  const cloud = backend.type === 'cloud'
    ? backend
    : options.cloudOrganization
      ? { organization: options.cloudOrganization, workspacePrefix: DEFAULT_WORKSPACE_PREFIX, hostname: DEFAULT_TFC_HOSTNAME }
      : undefined;
  if (!cloud) {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
    return;
  }
  new CloudBackend(stack, {
    organization: cloud.organization,
    hostname: cloud.hostname,
    workspaces: new NamedCloudWorkspace(`${cloud.workspacePrefix}${stackName}`),
  });
}
