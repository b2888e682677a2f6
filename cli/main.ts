/** `guardrails`: the operator command (validate, simulate, summary, diagram, stacks, doctor, backtest, status, exempt, approve, postpone). */
import { Command, CommanderError } from 'commander';
import { doctorCommand } from './aws/doctor/command';
import { releaseCommand } from './aws/release/command';
import { loopCommands } from './aws/loop/commands';
import { backtestCommand } from './commands/backtest';
import { diagramCommand } from './commands/diagram';
import { simulateCommand } from './commands/simulate';
import { stacksCommand } from './commands/stacks';
import { summaryCommand } from './commands/summary';
import { validateCommand } from './commands/validate';
import { EXIT, Io, UsageError, processIo } from './io';

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('guardrails')
    .description('budget-guardrails operator tools: validate the catalog, simulate spend, review changes')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .addHelpText('after', [
      '',
      'Examples:',
      '  guardrails validate',
      '  guardrails summary --base origin/main',
      '  guardrails simulate --account web-service --state shutdown',
      '  guardrails backtest costs-2026-h1.json --markdown',
      '  guardrails diagram --format svg > architecture.svg',
      '  AWS_PROFILE=payer guardrails doctor',
      '  AWS_PROFILE=payer guardrails release --account web-service',
      '  AWS_PROFILE=payer guardrails status --account web-service',
      '  AWS_PROFILE=payer guardrails exempt --account web-service --until +6h --kind scale-to-zero --reason "launch day"',
      '',
      'Exit status: 0 done, 1 catalog problems, 2 usage error. See docs/operator-workflow.md.',
    ].join('\n'))
    .exitOverride();
  const commands = [
    validateCommand(io, setExit), summaryCommand(io, setExit), simulateCommand(io, setExit),
    diagramCommand(io, setExit), stacksCommand(io, setExit), doctorCommand(io, setExit), backtestCommand(io, setExit),
    releaseCommand(io, setExit),
    ...loopCommands(io, setExit),
  ];
  for (const command of commands) {
    program.addCommand(command.configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) }).exitOverride());
  }
  return program;
}

/** Runs the command line and returns the exit status; never calls process.exit. */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => { code = c; });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.err(`guardrails: ${err.message}`);
      return EXIT.usage;
    }
    io.err(`guardrails: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.invalidCatalog;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
