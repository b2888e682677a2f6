/**
 * On-demand hourly prices for the spend signal: an in-memory memo, then the price cached in the
 * hub table at priceKey(region, type) (7 days), then the Pricing API, then the bundled fallback
 * table (core/runtime/fallback-prices.ts). A missing price never blocks metering.
 */
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { fallbackHourlyUsd } from '../../core/runtime/fallback-prices';
import { TTL_ATTRIBUTE, priceKey } from '../../core/storage/keys';

export const PRICE_CACHE_SECONDS = 7 * 24 * 3600;
export type PriceSource = 'cache' | 'pricing-api' | 'fallback';
export interface Price { readonly hourlyUsd: number; readonly source: PriceSource }

export class PriceBook {
  private readonly memo = new Map<string, Price>();

  constructor(
    private readonly pricing: PricingClient,
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => Date,
    private readonly log: (entry: Record<string, unknown> & { readonly message: string }) => void = () => undefined,
  ) {}

  async hourlyUsd(region: string, instanceType: string): Promise<Price | undefined> {
    const memoKey = `${region}/${instanceType}`;
    const memo = this.memo.get(memoKey);
    if (memo) return memo;
    const price = await this.lookup(region, instanceType);
    if (price) this.memo.set(memoKey, price);
    return price;
  }

  private async lookup(region: string, instanceType: string): Promise<Price | undefined> {
    const nowSeconds = Math.floor(this.clock().getTime() / 1000);
    try {
      const cached = await this.ddb.send(new GetCommand({ TableName: this.table, Key: priceKey(region, instanceType) }));
      const item = cached.Item;
      if (item && typeof item.hourlyUsd === 'number' && Number(item[TTL_ATTRIBUTE]) > nowSeconds) {
        return { hourlyUsd: item.hourlyUsd, source: 'cache' };
      }
      const fetched = await this.fromPricingApi(region, instanceType);
      if (fetched !== undefined) {
        await this.ddb.send(new PutCommand({
          TableName: this.table,
          Item: { ...priceKey(region, instanceType), hourlyUsd: fetched, source: 'pricing-api', fetchedAt: this.clock().toISOString(), [TTL_ATTRIBUTE]: nowSeconds + PRICE_CACHE_SECONDS },
        }));
        return { hourlyUsd: fetched, source: 'pricing-api' };
      }
    } catch (err) {
      this.log({ message: 'price lookup failed; using the bundled table', region, instanceType, error: (err as Error).message });
    }
    const fallback = fallbackHourlyUsd(instanceType);
    return fallback === undefined ? undefined : { hourlyUsd: fallback, source: 'fallback' };
  }

  private async fromPricingApi(region: string, instanceType: string): Promise<number | undefined> {
    const filter = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });
    const out = await this.pricing.send(new GetProductsCommand({
      ServiceCode: 'AmazonEC2',
      Filters: [
        filter('instanceType', instanceType), filter('regionCode', region), filter('operatingSystem', 'Linux'),
        filter('tenancy', 'Shared'), filter('preInstalledSw', 'NA'), filter('capacitystatus', 'Used'),
      ],
      MaxResults: 10,
    }));
    for (const entry of out.PriceList ?? []) {
      const usd = onDemandUsd(typeof entry === 'string' ? entry : JSON.stringify(entry));
      if (usd !== undefined) return usd;
    }
    return undefined;
  }
}

/** The hourly USD of a Pricing API product document's on-demand term. */
export function onDemandUsd(productJson: string): number | undefined {
  const product = JSON.parse(productJson) as {
    terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> }> };
  };
  for (const term of Object.values(product.terms?.OnDemand ?? {})) {
    for (const dim of Object.values(term.priceDimensions ?? {})) {
      const usd = Number(dim.pricePerUnit?.USD);
      if (dim.unit === 'Hrs' && Number.isFinite(usd) && usd > 0) return usd;
    }
  }
  return undefined;
}
