/** The README's generated parts stay in step with the code that generates them. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from './support/cli';
import { ACCOUNTS_DIR } from './support/catalog';

const README = readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('embeds the Mermaid diagram exactly as `guardrails diagram` draws it', async () => {
    const { out, code } = await cli('diagram', '--accounts', ACCOUNTS_DIR);
    expect(code).toBe(0);
    expect(README).toContain(`\`\`\`mermaid\n${out.trimEnd()}\n\`\`\``);
  });

  it('documents every org and account field of the catalog schema', async () => {
    const { accountSchema, orgSchema } = await import('../core/catalog/schema');
    for (const field of [...Object.keys(orgSchema.shape), ...Object.keys(accountSchema.shape)]) {
      expect({ field, documented: README.includes(`\`${field}`) }).toEqual({ field, documented: true });
    }
  });

  it('links only to files that exist', () => {
    const links = [...README.matchAll(/\]\(((?:docs|bench)\/[^)#]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(() => readFileSync(path.resolve(__dirname, '..', link))).not.toThrow();
  });
});
