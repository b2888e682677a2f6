import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ACCOUNTS_DIR } from '../support/catalog';
import { cli } from './run-cli';

const golden = (name: string) => readFileSync(path.join(__dirname, 'golden', name), 'utf8');

describe('guardrails summary (shipped catalog)', () => {
  it('matches the reviewed golden file exactly', async () => {
    const r = await cli('summary', '--accounts', ACCOUNTS_DIR);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(golden('summary.md'));
  });

  it('says what happens at each state in words a reviewer can check', async () => {
    const { stdout } = await cli('summary', '--accounts', ACCOUNTS_DIR);
    const row = (name: string) => stdout.split('\n').find((l) => l.startsWith(`| **${name}**`)) as string;
    expect(row('web-service')).toContain('kill switch: ASG achampionship-webservice → 0/0/0');
    expect(row('data-science')).toContain('lockdown on role DataScientist: ec2:RunInstances, ec2:StartInstances, rds:StartDB\\*, redshift:CreateCluster, ec2:\\*, sagemaker:Create\\*');
    expect(row('data-science')).toContain('stop EC2 instances tagged team=data-science');
    expect(row('analytics')).toContain('(dry run) tag unapproved');
    expect(row('sandbox')).toContain('CreatedBy (required): set to who launched the instance');
  });

  it('a bad catalog prints the error lines and exits 1', async () => {
    const r = await cli('summary', '--accounts', path.join(__dirname, 'no-such-folder'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no-such-folder: \(folder\): does not exist; pass the catalog folder with --accounts DIR/);
  });
});
