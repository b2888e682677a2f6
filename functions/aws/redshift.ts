/** Redshift clusters: status, pause, resume. A missing cluster reads as undefined. */
import { DescribeClustersCommand, PauseClusterCommand, RedshiftClient, ResumeClusterCommand } from '@aws-sdk/client-redshift';
import { isError } from './aws-errors';

export async function redshiftStatus(client: RedshiftClient, id: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeClustersCommand({ ClusterIdentifier: id }));
    const c = out.Clusters?.[0];
    // A paused cluster reports ClusterStatus "paused" and availability "Paused".
    return c?.ClusterStatus;
  } catch (error) {
    if (isError(error, 'ClusterNotFound', 'ClusterNotFoundFault')) return undefined;
    throw error;
  }
}

export async function pauseRedshift(client: RedshiftClient, id: string) {
  await client.send(new PauseClusterCommand({ ClusterIdentifier: id }));
}
export async function resumeRedshift(client: RedshiftClient, id: string) {
  await client.send(new ResumeClusterCommand({ ClusterIdentifier: id }));
}
