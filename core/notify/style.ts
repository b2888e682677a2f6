/** Colours of the state badges (text on a filled pill), chosen for contrast on white and in dark mode. */
import type { BudgetState } from '../budget/state';

export interface BadgeColors {
  readonly background: string;
  readonly text: string;
}

export const STATE_COLORS: Record<BudgetState, BadgeColors> = {
  unknown: { background: '#6b7280', text: '#ffffff' },
  unused: { background: '#0e7490', text: '#ffffff' },
  under: { background: '#15803d', text: '#ffffff' },
  'on-target': { background: '#1d4ed8', text: '#ffffff' },
  over: { background: '#b45309', text: '#ffffff' },
  critical: { background: '#b91c1c', text: '#ffffff' },
  shutdown: { background: '#111827', text: '#ffffff' },
};

export const NEUTRAL: BadgeColors = { background: '#374151', text: '#ffffff' };
export const OK_GREEN: BadgeColors = STATE_COLORS.under;
export const WARN_AMBER: BadgeColors = STATE_COLORS.over;
export const ALERT_RED: BadgeColors = STATE_COLORS.critical;
