/**
 * Text width without a browser: a fixed width per character that errs wide for Helvetica/Arial
 * (their widest common letters, m and W, are about 0.83-0.94 em, their average about 0.55 em), so
 * boxes sized with it hold their text in any sans-serif font a viewer substitutes.
 */
export const FONT_SIZE = 12;
const EM_PER_CHAR = 0.62;
const BOLD_EM_PER_CHAR = 0.68;

export function textWidth(text: string, fontSize = FONT_SIZE, bold = false): number {
  return Math.ceil([...text].length * fontSize * (bold ? BOLD_EM_PER_CHAR : EM_PER_CHAR));
}
