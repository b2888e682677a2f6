/** Values of `function` tag rules: `today()` and `today()+Nd`, as UTC calendar dates (yyyy-mm-dd). */
const FUNCTION_PATTERN = /^today\(\)(?:\+(\d{1,4})d)?$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** UTC calendar date of `now`, yyyy-mm-dd. */
export const utcDate = (now: Date): string => now.toISOString().slice(0, 10);

export function evaluateTagFunction(expression: string, now: Date): string {
  const match = FUNCTION_PATTERN.exec(expression);
  if (!match) {
    throw new Error(`tag rule function ${JSON.stringify(expression)} is not supported; use "today()" or "today()+Nd" (N days from today)`);
  }
  const days = match[1] === undefined ? 0 : Number(match[1]);
  return utcDate(new Date(now.getTime() + days * DAY_MS));
}
