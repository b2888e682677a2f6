/** `guardrails doctor`: is the organization ready for the guardrail? Calls AWS with the caller's credentials. */
import { Command } from 'commander';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../../catalog';
import { EXIT, Io } from '../../io';

interface DoctorOptions {
  accounts: string;
  json?: boolean;
}

export function doctorCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('doctor')
    .description('check the payer account and every catalog account for what would make the guardrail blind or mute (calls AWS)')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .option('--json', 'print the results as JSON')
    .addHelpText('after', [
      '',
      'Run it with credentials for the payer (management) account.',
      'Example:',
      '  AWS_PROFILE=payer guardrails doctor',
      'Example (for scripts):',
      '  guardrails doctor --json',
      '',
      'Checks: SES production access and the verified sender identity; Receive Billing Alerts (AWS/Billing',
      'metrics in us-east-1); Cost Explorer; SCP policy type and delegated access when SCP lockdowns are used;',
      'the member role assumable in every catalog account. Each failure comes with its fix.',
      `Exit status: 0 every check passed, ${EXIT.checksFailed} a check failed, 1 catalog problems, 2 usage error.`,
    ].join('\n'))
    .action(async (opts: DoctorOptions) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      // The AWS SDK is loaded only when doctor runs: the other commands never need it.
      const { doctorClients, doctorJson, doctorText, runDoctor } = await import('./run');
      const results = await runDoctor(doctorClients(catalog.org.hubRegion), catalog);
      io.out(opts.json ? doctorJson(results) : doctorText(results, catalog));
      return setExit(results.some((r) => r.status === 'fail') ? EXIT.checksFailed : EXIT.ok);
    });
}
