import { Command } from 'commander';
import { hubStackName, memberStackName } from '../../core/naming/resources';
import { stacksForChangedFiles } from '../../core/summary/changed-stacks';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../catalog';
import { changedFilesSince, locateInRepo } from '../git';
import { EXIT, Io } from '../io';

interface StacksOptions {
  accounts: string;
  changedSince?: string;
}

export function stacksCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('stacks')
    .description('list the synthesized stacks (hub, member-<name>), or only those a branch changes')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .option('--changed-since <git-ref>', 'only stacks touched by files changed since the branch forked from this ref')
    .addHelpText('after', [
      '',
      'Example:',
      '  guardrails stacks',
      'Example (the stacks CI runs terraform validate on):',
      '  guardrails stacks --changed-since origin/main',
      '',
      'A change to accounts/<name>.ts touches member-<name> and the hub; org.ts or code touches every stack.',
      'Exit status: 0 done, 1 catalog problems, 2 usage error (e.g. unknown git ref).',
    ].join('\n'))
    .action(async (opts: StacksOptions) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      const names = catalog.accounts.map((a) => a.name);
      let stacks = [hubStackName, ...names.map(memberStackName)];
      if (opts.changedSince !== undefined) {
        const repo = locateInRepo(opts.accounts);
        stacks = stacksForChangedFiles(changedFilesSince(repo.root, opts.changedSince), repo.rel || '.', names);
      }
      if (stacks.length) io.out(stacks.join('\n'));
      return setExit(EXIT.ok);
    });
}
