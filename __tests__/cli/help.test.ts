import { buildProgram } from '../../cli/main';
import { cli } from './run-cli';

const COMMANDS = buildProgram({ out: () => undefined, err: () => undefined }, () => undefined).commands.map((c) => c.name());

describe('--help', () => {
  it('covers the operator commands', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['validate', 'summary', 'simulate', 'diagram', 'stacks']));
  });

  it.each([[''], ...COMMANDS.map((c) => [c])])('"guardrails %s --help" shows an example and the exit statuses', async (command) => {
    const r = await cli(...(command ? [command] : []), '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples?( \(.+\))?:\n {2}guardrails /);
    expect(r.stdout).toContain('Exit status: 0');
  });
});
