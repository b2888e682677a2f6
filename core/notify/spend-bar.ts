/** The spend-against-target bar: actual (solid), forecast beyond it (light), target marker. */
import type { BudgetState } from '../budget/state';
import { percentOf, usd } from './format';
import type { Bar } from './model';
import { STATE_COLORS } from './style';

const clampPct = (x: number) => Math.max(0, Math.min(100, Math.round(x * 10) / 10));

export function spendBar(state: BudgetState, actualUsd: number | null, forecastUsd: number | null, targetUsd: number): Bar | undefined {
  if (actualUsd === null) return undefined;
  const forecast = Math.max(actualUsd, forecastUsd ?? actualUsd);
  const scale = Math.max(targetUsd, forecast, 1) * 1.05;
  const fillPct = clampPct((actualUsd / scale) * 100);
  const extraPct = clampPct((forecast / scale) * 100 - fillPct);
  const a = percentOf(actualUsd, targetUsd);
  const f = percentOf(forecast, targetUsd);
  return {
    caption: `Spend ${usd(actualUsd)} of ${usd(targetUsd)} target${a === null ? '' : ` (${a}%)`}`,
    fillPct,
    extraPct,
    markerPct: clampPct((targetUsd / scale) * 100),
    markerLabel: `target ${usd(targetUsd)}`,
    color: STATE_COLORS[state].background,
    extraColor: '#d1d5db',
    legend: [
      `actual to date ${usd(actualUsd)}`,
      `forecast for the month ${usd(forecast)}${f === null ? '' : ` (${f}%)`}`,
    ],
  };
}

/** A usage bar (runtime minutes): used against the allowance. */
export function usageBar(used: number, allowance: number, unit: string, color: string): Bar {
  const scale = Math.max(allowance, used, 1) * 1.05;
  const p = percentOf(used, allowance);
  return {
    caption: `${Math.round(used).toLocaleString('en-US')} of ${allowance.toLocaleString('en-US')} ${unit}${p === null ? '' : ` (${p}%)`}`,
    fillPct: clampPct((used / scale) * 100),
    extraPct: 0,
    markerPct: clampPct((allowance / scale) * 100),
    markerLabel: `allowance ${allowance.toLocaleString('en-US')} ${unit}`,
    color,
    extraColor: '#d1d5db',
    legend: [`used ${Math.round(used).toLocaleString('en-US')} ${unit}`],
  };
}
