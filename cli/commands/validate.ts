import { Command } from 'commander';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../catalog';
import { EXIT, Io } from '../io';
import { usd } from '../format';
import type { AccountPolicy } from '../../core/catalog/types';

/** What must exist in the member account before its first apply: the teamAccess groups nothing creates. */
export const preconditions = (a: AccountPolicy): string[] => [...new Set(a.teamAccess.filter((t) => !t.createGroup).map((t) => t.group))]
  .map((group) => `IAM group "${group}" in ${a.id} before the first member apply (teamAccess attaches to it; create it, or set createGroup: true)`);

export function validateCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('validate')
    .description('check every catalog file; print one line per valid account, or one line per problem')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .addHelpText('after', '\nExample:\n  guardrails validate --accounts accounts\n\nExit status: 0 valid, 1 catalog problems, 2 usage error.')
    .action(async (opts: { accounts: string }) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      for (const a of catalog.accounts) {
        const target = a.targetUsd === null ? 'no target' : `target ${usd(a.targetUsd)}/month`;
        io.out(`ok ${a.name} (${a.id}): mode ${a.mode}, ${target}, alerts at ${a.alerts.actualPct.join('/')} % actual`);
        for (const line of preconditions(a)) io.out(`  needs ${line}`);
      }
      io.out(`${catalog.accounts.length} account(s) valid; hub ${catalog.org.hubAccountId} in ${catalog.org.hubRegion}`);
      return setExit(EXIT.ok);
    });
}
