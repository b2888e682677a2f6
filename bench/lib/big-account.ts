/**
 * The "big account" of the org-scale requirements: 40 lockdown actions per state, 30 Auto Scaling
 * groups, 30 RDS ids, 20 stop selectors, 10 policy detachments, 10 runtime budgets and 10
 * team-access entries, with realistic names. Every action is a real IAM action (the validator
 * checks them against the Service Authorization Reference data).
 */
import type { AccountInput } from '../../core/catalog/define';

const OVER_LOCKDOWN = [
  'CreateFleet', 'CreateImage', 'CreateKeyPair', 'CreateLaunchTemplate', 'CreateNatGateway', 'CreateNetworkInterface', 'CreatePlacementGroup',
  'CreateCustomerGateway', 'CreateDefaultVpc', 'CreateFlowLogs', 'CreateFpgaImage', 'CreateInternetGateway', 'CreateIpam', 'CreateIpamPool',
  'CreateRoute', 'CreateDhcpOptions', 'CreateCarrierGateway', 'CreateIpamScope', 'CreateNetworkAcl', 'CreateCoipPool',
].map((a) => `ec2:${a}`).concat([
  'CreateAlias', 'CreateFunction', 'PutFunctionConcurrency',
].map((a) => `lambda:${a}`), [
  'CreateBlueprint', 'CreateCrawler', 'CreateDevEndpoint', 'CreateJob', 'CreateMLTransform', 'CreateSession', 'CreateTrigger', 'CreateWorkflow',
  'StartCrawler', 'StartJobRun', 'StartBlueprintRun', 'RunStatement', 'CreateDatabase', 'CreateTable', 'CreateSchema', 'CreateRegistry', 'CreateScript',
].map((a) => `glue:${a}`));

const CRITICAL_LOCKDOWN = [
  'CreateDBCluster', 'CreateDBInstance', 'CreateDBProxy', 'CreateDBSnapshot', 'CreateGlobalCluster', 'CreateOptionGroup', 'ModifyDBCluster',
  'ModifyDBInstance', 'CreateDBShardGroup', 'CreateIntegration', 'CreateTenantDatabase', 'CreateDBSubnetGroup', 'CreateDBParameterGroup',
].map((a) => `rds:${a}`).concat([
  'CreateCluster', 'CreateClusterSnapshot', 'CreateEndpointAccess', 'CreateScheduledAction', 'CreateUsageLimit', 'ModifyCluster',
  'CreateSnapshotSchedule', 'CreateIntegration',
].map((a) => `redshift:${a}`), [
  'CreateEditor', 'CreateStudio', 'ModifyCluster', 'ModifyInstanceFleet', 'ModifyInstanceGroups', 'PutAutoScalingPolicy', 'RunJobFlow',
  'StartNotebookExecution', 'StartEditor', 'CreateRepository',
].map((a) => `elasticmapreduce:${a}`), [
  'CreateApp', 'CreateAutoMLJob', 'CreateCluster', 'CreateDomain', 'CreateEndpoint', 'CreateEndpointConfig', 'CreateHub', 'CreateImage', 'CreateJob',
].map((a) => `sagemaker:${a}`));

const SHUTDOWN_LOCKDOWN = [
  'CreateAlgorithm', 'CreateArtifact', 'CreateAutoMLJobV2', 'CreateCodeRepository', 'CreateCompilationJob', 'CreateComputeQuota', 'CreateContext',
  'CreateDeviceFleet', 'CreateExperiment', 'CreateFeatureGroup', 'CreateFlowDefinition', 'CreateHumanTaskUi', 'CreateImageVersion',
  'CreateAction', 'CreateAppImageConfig', 'CreateSharedModel', 'CreateTrainingJob', 'CreateProcessingJob', 'CreateTransformJob', 'CreateModel',
  'CreateNotebookInstance', 'CreateHyperParameterTuningJob', 'CreatePipeline', 'CreateSpace', 'CreateUserProfile', 'CreateWorkteam',
].map((a) => `sagemaker:${a}`).concat([
  'CreateCapacityProvider', 'CreateNetworkConnector',
].map((a) => `lambda:${a}`), [
  'CreateCatalog', 'CreateClassifier', 'CreateConnection', 'CreateCustomEntityType', 'CreatePartition', 'CreatePartitionIndex',
  'CreateTableOptimizer', 'CreateUsageProfile', 'StartCompletion', 'StartCrawlerSchedule', 'CreateIntegration', 'ModifyIntegration',
].map((a) => `glue:${a}`));

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const pad = (i: number) => String(i).padStart(2, '0');
const SERVICES = ['ec2', 'autoscaling', 'elasticloadbalancing', 'rds', 's3', 'lambda', 'sagemaker', 'cloudwatch', 'glue', 'redshift'];

/** The big account's input; `id` and the lockdown route vary so one definition serves every test. */
export function bigAccountInput(id = '202020202020', via: 'principals' | 'scp' = 'principals'): AccountInput {
  const asgs = range(30).map((i) => `prod-${['web', 'api', 'worker'][i % 3]}-frontend-autoscaling-group-${pad(i)}`);
  const selectors = range(20).map((i) => ({ team: `data-platform-team-${pad(i)}`, environment: i % 2 ? 'production' : 'staging' }));
  const detach = range(10).map((i) => ({
    policy: `AllowExpensiveService${pad(i)}Access`, users: [`analyst-${pad(i)}`], groups: [`data-team-${pad(i)}`], roles: [`BatchJobRole${pad(i)}`],
  }));
  return {
    id,
    owners: ['platform-owners@example.com', 'finops@example.com'],
    mode: 'enforce',
    targetUsd: 250_000,
    workloadRegions: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'],
    enforcement: {
      over: {
        tagUnapproved: selectors.slice(0, 5),
        lockdown: OVER_LOCKDOWN,
        detachPolicies: detach.slice(0, 3),
      },
      critical: {
        stopInstances: selectors,
        scaleToZero: asgs.slice(0, 15),
        stopRdsInstances: range(20).map((i) => `prod-analytics-db-instance-${pad(i)}`),
        lockdown: CRITICAL_LOCKDOWN,
        detachPolicies: detach.slice(3, 7),
      },
      shutdown: {
        scaleToZero: asgs.slice(15),
        stopRdsClusters: range(10).map((i) => `prod-reporting-aurora-cluster-${pad(i)}`),
        pauseRedshiftClusters: ['warehouse-main', 'warehouse-adhoc'],
        lockdown: SHUTDOWN_LOCKDOWN,
        detachPolicies: detach.slice(7),
      },
      lockdownOn: via === 'scp' ? { via: 'scp' } : { via: 'principals', roles: ['DataScientist', 'MlEngineer'], groups: ['analysts'], users: ['contractor-01'] },
    },
    teamAccess: range(10).map((i) => ({
      name: `team-${pad(i)}`, group: `team-${pad(i)}-engineers`, services: SERVICES.slice(0, 3 + (i % 4)),
      resourceTag: { key: 'cost-center', value: `cc-${1000 + i}` },
    })),
    runtimeBudgets: range(10).map((i) => ({
      name: `gpu-training-${pad(i)}`,
      minutesPerMonth: 10_000,
      instanceTags: { workload: `gpu-training-${pad(i)}`, 'cost-center': `cc-${1000 + i}` },
      alerts: [50, 80, 100],
      atLimit: { stopInstances: true, detachPolicies: [{ policy: `AllowGpuTraining${pad(i)}`, roles: [`TrainingRole${pad(i)}`] }] },
    })),
  };
}
