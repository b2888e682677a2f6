/**
 * What a billing line is: usage that accrues every day (a rate can be drawn from it), or a known
 * amount that is billed once (fees, tax, credits, refunds) and must never be extrapolated.
 *
 * Cost Explorer's RECORD_TYPE dimension names lines with the CUR's line-item types
 * ("Usage", "DiscountedUsage", "SavingsPlanCoveredUsage", "RIFee", "Tax", ...) through the API and
 * with longer labels in the console and some exports ("Recurring reservation fee", "Support fee",
 * "Enterprise Discount Program Discount"). Both spellings are accepted: the name is compared
 * without case, spaces, hyphens or underscores. FOCUS exports carry `ChargeCategory` instead
 * (Usage, Purchase, Tax, Credit, Adjustment): see `chargeKindOfFocus`.
 */

/** usage: a daily rate; fee, tax: known amounts; credit, refund: known negative amounts (counted only when the account says so). */
export type ChargeKind = 'usage' | 'fee' | 'tax' | 'credit' | 'refund';

export const CHARGE_KINDS: readonly ChargeKind[] = ['usage', 'fee', 'tax', 'credit', 'refund'];

const normal = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * Usage and the discounts and offsets that accrue with it, line for line, every day: a Savings Plan
 * negation cancels covered usage the same day, an EDP or distributor discount is a share of the day's usage.
 */
const USAGE = [
  'Usage', 'DiscountedUsage', 'Reservation applied usage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation',
  'EdpDiscount', 'Enterprise Discount Program Discount', 'Distributor Discount', 'PrivateRateDiscount',
  'Private Rate Discount', 'BundledDiscount', 'Bundled Discount', 'RI Volume Discount', 'Solution Provider Program Discount',
  'Discount',
];
/** Billed once a month or once: a subscription, a commitment, a support plan, an out-of-cycle charge. */
const FEES = [
  'Fee', 'Recurring Fee', 'RIFee', 'Recurring reservation fee', 'Upfront reservation fee', 'SavingsPlanRecurringFee',
  'SavingsPlanUpfrontFee', 'Support', 'Support fee', 'Other out-of-cycle charges', 'RIFeeDiscount',
];
const KIND_OF = new Map<string, ChargeKind>([
  ...USAGE.map((n) => [normal(n), 'usage'] as const),
  ...FEES.map((n) => [normal(n), 'fee'] as const),
  [normal('Tax'), 'tax'],
  [normal('Credit'), 'credit'],
  [normal('Refund'), 'refund'],
]);

/**
 * The kind of a Cost Explorer RECORD_TYPE. An unknown record type is a known amount (a fee):
 * a line nobody recognises is counted in full but never multiplied by the days left.
 */
export function chargeKindOf(recordType: string): ChargeKind {
  return KIND_OF.get(normal(recordType)) ?? 'fee';
}

/** True when the record type is one this module names (the others are treated as fees). */
export const isKnownRecordType = (recordType: string) => KIND_OF.has(normal(recordType));

/**
 * The kind of a FOCUS 1.0 line (ChargeCategory, with ChargeClass "Correction" for corrections of
 * earlier periods). Purchases are commitments and subscriptions: known amounts. Adjustments are refunds.
 */
export function chargeKindOfFocus(chargeCategory: string, chargeClass: string | null): ChargeKind {
  const category = normal(chargeCategory);
  if (chargeClass !== null && normal(chargeClass) === 'correction') return category === 'credit' ? 'credit' : 'refund';
  switch (category) {
    case 'usage': return 'usage';
    case 'tax': return 'tax';
    case 'credit': return 'credit';
    case 'adjustment': return 'refund';
    case 'purchase': return 'fee';
    default: throw new Error(`ChargeCategory "${chargeCategory}" is not a FOCUS 1.0 category; expected Usage, Purchase, Tax, Credit or Adjustment`);
  }
}
