import { formatIssue } from '../../core/catalog/errors';
import { displayPath, loadCatalog } from '../../core/catalog/load';
import { ORG_SOURCE, accountSource, writeCatalog } from '../support/catalog';

/** Mistakes in the fields the member stack is built from: each is one standard error line. */
const BAD_MEMBER = accountSource(`{
  id: '222222222222',
  owners: ['ml@example.com'],
  mode: 'enforce',
  targetUsd: 5000,
  alerts: { actual: [50, 80, 80] },
  workloadRegions: ['us-east-1', 'us-west-9'],
  serviceAlarms: [{ service: 'AmazonEC2', amountUsd: 10 }, { service: 'AmazonEC2', amountUsd: 20 }],
  enforcement: {
    critical: { lockdown: ['ec2:RunInstances'] },
    lockdownOn: { via: 'principals', roles: ['arn:aws:iam::222222222222:role/DataScientist'] },
  },
}`);

let lines: string[];

beforeAll(async () => {
  const dir = writeCatalog({ 'org.ts': ORG_SOURCE, 'data-science.ts': BAD_MEMBER });
  const { catalog, issues } = await loadCatalog(dir);
  expect(catalog).toBeNull();
  lines = issues.map(formatIssue).map((l) => l.replace(`${displayPath(dir)}/`, 'accounts/'));
});

describe('member-stack catalog mistakes', () => {
  it('an unknown region', () => {
    expect(lines).toContainEqual(expect.stringMatching(/^accounts\/data-science\.ts: workloadRegions\[1\]: "us-west-9" is not an AWS region; use a region code such as "us-east-1"/));
  });

  it('a lockdown principal that is not a valid IAM name (an ARN)', () => {
    expect(lines).toContainEqual(expect.stringMatching(/^accounts\/data-science\.ts: enforcement\.lockdownOn\.roles\[0\]: "arn:aws:iam::222222222222:role\/DataScientist" is not a valid IAM role name; use the principal's name \(not its ARN\)/));
  });
});

describe('member-stack mistakes found after the schema (on a structurally valid file)', () => {
  let semantic: string[];
  beforeAll(async () => {
    const valid = BAD_MEMBER.replace("'us-west-9'", "'us-west-2'").replace("'arn:aws:iam::222222222222:role/DataScientist'", "'DataScientist'");
    const dir = writeCatalog({ 'org.ts': ORG_SOURCE, 'data-science.ts': valid });
    const { issues } = await loadCatalog(dir);
    semantic = issues.map(formatIssue).map((l) => l.replace(`${displayPath(dir)}/`, 'accounts/'));
  });

  it('an alert threshold listed twice (it would be two alarms with one name)', () => {
    expect(semantic).toContain('accounts/data-science.ts: alerts.actual[2]: 80 % is listed twice; list each alert threshold once');
  });

  it('a service alarm listed twice', () => {
    expect(semantic).toContain('accounts/data-science.ts: serviceAlarms[1]: service "AmazonEC2" is listed twice; give each service once');
  });

  it('nothing else', () => {
    expect(semantic).toHaveLength(2);
  });
});
