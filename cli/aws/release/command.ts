/** `guardrails release --account NAME`: give back everything before an account's stacks are destroyed (calls AWS). */
import { Command } from 'commander';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../../catalog';
import { EXIT, Io, UsageError } from '../../io';

interface ReleaseOptions {
  accounts: string;
  account: string;
}

export function releaseCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('release')
    .description('give back everything the guardrail changed in one account (saved sizes, stopped instances, detached policies, lockdowns), before its stacks are destroyed (calls AWS)')
    .requiredOption('--account <name>', 'the account, by its catalog name')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .addHelpText('after', [
      '',
      'Set the account\'s mode to "skip" and deploy first, so the reconcile does not enforce it again.',
      'Run it with credentials that may assume memberRoleName in the hub and the member account (the payer, as for doctor).',
      'Example:',
      '  guardrails release --account web-service',
      'Example (as the payer, with a named profile):',
      '  AWS_PROFILE=payer guardrails release --account web-service',
      `Exit status: 0 released, ${EXIT.checksFailed} something could not be restored (run it again), 1 catalog problems, 2 usage error.`,
    ].join('\n'))
    .action(async (opts: ReleaseOptions) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      const account = catalog.accounts.find((a) => a.name === opts.account);
      if (!account) throw new UsageError(`no account named "${opts.account}" in ${opts.accounts}; use the name of an accounts/<name>.ts file`);
      if (account.mode !== 'skip') {
        throw new UsageError(`${account.name} is in mode "${account.mode}": set mode: 'skip' in accounts/${account.name}.ts and deploy first, or the reconcile enforces it again within 15 minutes`);
      }
      // The AWS SDK is loaded only when release runs: the other commands never need it.
      const { release, releaseDeps, releaseText } = await import('./run');
      const result = await release(await releaseDeps(catalog.org, account.id), account);
      io.out(releaseText(result));
      return setExit(result.actions.some((a) => a.outcome === 'failed') ? EXIT.checksFailed : EXIT.ok);
    });
}
