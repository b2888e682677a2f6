/** The shipped catalog, loaded once per test file, and helpers for temporary catalog folders. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCatalogOrThrow } from '../../core/catalog/load';
import type { Catalog } from '../../core/catalog/types';

export const ACCOUNTS_DIR = path.resolve(__dirname, '..', '..', 'accounts');

let shipped: Promise<Catalog> | undefined;
export function shippedCatalog(): Promise<Catalog> {
  shipped ??= loadCatalogOrThrow(ACCOUNTS_DIR);
  return shipped;
}

export function accountOf(catalog: Catalog, name: string) {
  const account = catalog.accounts.find((a) => a.name === name);
  if (!account) throw new Error(`no account ${name} in the catalog`);
  return account;
}

/** Writes a catalog folder: file name → TypeScript source. */
export function writeCatalog(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-catalog-'));
  for (const [name, source] of Object.entries(files)) writeFileSync(path.join(dir, name), source);
  return dir;
}

export const ORG_SOURCE = `import { defineOrg } from 'budget-guardrails';
export default defineOrg({
  hubAccountId: '111111111111',
  hubRegion: 'us-east-1',
  organizationId: 'o-exampleorg1',
  senderEmail: 'guardrails@example.com',
});
`;

export const accountSource = (body: string) =>
  `import { defineAccount } from 'budget-guardrails';\nexport default defineAccount(${body});\n`;
