/** Number formats shared by the evaluator's reasons and the notifications. */
const formats = new Map<number, Intl.NumberFormat>();

/** US dollars, whole by default: `$5,612`; `usd(3.06, 2)` gives `$3.06`. */
export function usd(amount: number, decimals = 0): string {
  let f = formats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(decimals, f);
  }
  return f.format(amount);
}

/** Whole percent of a target, or null when there is no positive target to compare with. */
export function percentOf(value: number, target: number): number | null {
  return target > 0 ? Math.round((value / target) * 100) : null;
}
