import { FEATURE_NAMES, featureCoverage, generateCatalog, generateCatalogInputs } from '../../bench/lib/catalog-generator';

describe('benchmark catalog generator', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    expect(generateCatalogInputs(50, 1)).toEqual(generateCatalogInputs(50, 1));
    expect(generateCatalogInputs(50, 1)).not.toEqual(generateCatalogInputs(50, 2));
  });

  it('generates the asked number of accounts with unique names and ids', () => {
    const { accounts } = generateCatalogInputs(300);
    expect(accounts).toHaveLength(300);
    expect(new Set(accounts.map((a) => a.name)).size).toBe(300);
    expect(new Set(accounts.map((a) => a.input.id)).size).toBe(300);
  });

  it.each([10, 100])('produces a valid catalog of %i accounts in which every feature is used', async (count) => {
    const catalog = await generateCatalog(count);
    expect(catalog.accounts).toHaveLength(count);
    const coverage = featureCoverage(catalog.accounts);
    const unused = FEATURE_NAMES.filter((f) => coverage[f] === 0);
    expect(unused).toEqual([]);
  });

  it('refuses a count that is not a positive whole number', () => {
    expect(() => generateCatalogInputs(0)).toThrow(/positive whole number/);
    expect(() => generateCatalogInputs(2.5)).toThrow(/positive whole number/);
  });
});
