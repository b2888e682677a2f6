/** `guardrails status`, `exempt`, `approve`, `postpone`: they call AWS with the operator's credentials (the SDK loads only when one runs). */
import { Command } from 'commander';
import type { Catalog } from '../../../core/catalog/types';
import { DECISIONS, Decision } from '../../../core/gate/types';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../../catalog';
import { EXIT, Io } from '../../io';
import type { HubAccess } from './hub';

type Access = (catalog: Catalog) => Promise<HubAccess>;
const defaultAccess: Access = async (catalog) => (await import('./hub')).hubAccess(catalog.org);

const EXIT_TEXT = `Exit status: 0 done, ${EXIT.invalidCatalog} catalog problems, ${EXIT.usage} usage error (unknown account, bad --until, nothing waiting for a decision).`;
const help = (...lines: string[]) => ['', ...lines, '', EXIT_TEXT].join('\n');

async function withCatalog(dir: string, io: Io, setExit: (code: number) => void, work: (catalog: Catalog) => Promise<void>) {
  const catalog = await loadOrReport(dir, io);
  if (!catalog) return setExit(EXIT.invalidCatalog);
  await work(catalog);
  return setExit(EXIT.ok);
}

export function statusCommand(io: Io, setExit: (code: number) => void, access: Access = defaultAccess): Command {
  return new Command('status')
    .description('what the guardrail enforces now, per account: state and evidence, actions in force, saved values to restore, pending grace, approvals and exemptions (reads the hub table)')
    .option('--account <name>', 'one account (name or id); default: every account not in skip mode')
    .option('--json', 'print JSON')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .addHelpText('after', help(
      'Run it with credentials that may read the hub table (payer account).',
      'Examples:',
      '  guardrails status --account web-service --json',
      '  AWS_PROFILE=payer guardrails status',
    ))
    .action((opts: { account?: string; json?: boolean; accounts: string }) => withCatalog(opts.accounts, io, setExit, async (catalog) => {
      const { runStatus } = await import('./run');
      await runStatus(await access(catalog), catalog, opts, io);
    }));
}

export function exemptCommand(io: Io, setExit: (code: number) => void, access: Access = defaultAccess): Command {
  return new Command('exempt')
    .description('break-glass: the guardrail gives back what it changed (of one kind, or all) and acts on nothing of it until a time')
    .requiredOption('--account <name>', 'account name or id')
    .requiredOption('--until <time>', 'ISO 8601 time with zone (2026-11-19T18:00Z) or a duration from now (+6h, +2d); at most 31 days')
    .requiredOption('--reason <text>', 'why; the owners, ops and the audit trail see it')
    .option('--kind <kind>', 'only this resource kind (scale-to-zero, stop-instances, attach-lockdown, ...); default: all')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .addHelpText('after', help(
      'Needs credentials that may write the hub table and put events on the hub bus (payer account).',
      'Example:',
      '  guardrails exempt --account web-service --until +6h --kind scale-to-zero --reason "launch day: keep the web tier up"',
    ))
    .action((opts: { account: string; until: string; reason: string; kind?: string; accounts: string }) => withCatalog(opts.accounts, io, setExit, async (catalog) => {
      const { runExempt } = await import('./run');
      await runExempt(await access(catalog), catalog, opts, io);
    }));
}

export function decisionCommand(decision: Decision, io: Io, setExit: (code: number) => void, access: Access = defaultAccess): Command {
  const approve = decision === 'approve';
  return new Command(decision)
    .description(approve
      ? 'approve the staged actions of an account (approval: \'manual\'); they run if the state still holds'
      : 'postpone the staged actions of an account for 24 hours; the owners are asked again then')
    .requiredOption('--account <name>', 'account name or id')
    .option('--state <state>', 'the state whose actions to decide, when several wait (over, critical, shutdown)')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .addHelpText('after', help(
      'Needs credentials that may write the hub table and put events on the hub bus (payer account). The decision is audited and the owners are told.',
      'Example:',
      `  guardrails ${decision} --account web-service`,
    ))
    .action((opts: { account: string; state?: string; accounts: string }) => withCatalog(opts.accounts, io, setExit, async (catalog) => {
      const { runDecision } = await import('./run');
      await runDecision(await access(catalog), catalog, decision, opts, io);
    }));
}

export const loopCommands = (io: Io, setExit: (code: number) => void, access?: Access): Command[] => [
  statusCommand(io, setExit, access), exemptCommand(io, setExit, access), ...DECISIONS.map((d) => decisionCommand(d, io, setExit, access)),
];
