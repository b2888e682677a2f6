/** Recognizes service errors by name or code: the SDK exposes both depending on the protocol. */
export function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  return String(e.Code ?? e.code ?? e.name ?? '');
}

export const isError = (error: unknown, ...names: string[]) => names.includes(errorName(error));

export const messageOf = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
