import { Command, Option } from 'commander';
import { catalogMermaid } from '../../core/diagram/mermaid';
import { catalogSvg } from '../../core/diagram/svg';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../catalog';
import { EXIT, Io } from '../io';

interface DiagramOptions {
  accounts: string;
  format: 'mermaid' | 'svg';
}

export function diagramCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('diagram')
    .description('the hub-and-spoke architecture from the catalog: the hub, every account and the event flows')
    .addOption(new Option('--format <format>', 'mermaid (for Markdown) or svg (a picture)').choices(['mermaid', 'svg']).default('mermaid'))
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .addHelpText('after', [
      '',
      'Example (paste the output into a ```mermaid block):',
      '  guardrails diagram > architecture.mmd',
      'Example:',
      '  guardrails diagram --format svg > architecture.svg',
      '',
      'Exit status: 0 done, 1 catalog problems, 2 usage error.',
    ].join('\n'))
    .action(async (opts: DiagramOptions) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      io.out(opts.format === 'svg' ? await catalogSvg(catalog) : catalogMermaid(catalog));
      return setExit(EXIT.ok);
    });
}
