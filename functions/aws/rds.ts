/** RDS DB clusters and instances: status, stop, start. Missing resources read as undefined. */
import {
  DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient,
  StartDBClusterCommand, StartDBInstanceCommand, StopDBClusterCommand, StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { isError } from './aws-errors';

export async function clusterStatus(rds: RDSClient, id: string): Promise<string | undefined> {
  try {
    const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
    return out.DBClusters?.[0]?.Status;
  } catch (error) {
    if (isError(error, 'DBClusterNotFoundFault')) return undefined;
    throw error;
  }
}

export async function instanceStatus(rds: RDSClient, id: string): Promise<string | undefined> {
  try {
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return out.DBInstances?.[0]?.DBInstanceStatus;
  } catch (error) {
    if (isError(error, 'DBInstanceNotFound', 'DBInstanceNotFoundFault')) return undefined;
    throw error;
  }
}

export async function stopCluster(rds: RDSClient, id: string) {
  await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: id }));
}
export async function startCluster(rds: RDSClient, id: string) {
  await rds.send(new StartDBClusterCommand({ DBClusterIdentifier: id }));
}
export async function stopInstance(rds: RDSClient, id: string) {
  await rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: id }));
}
export async function startInstance(rds: RDSClient, id: string) {
  await rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: id }));
}
