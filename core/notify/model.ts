/**
 * The content of one notification, independent of its format: the HTML and text templates
 * (functions/notifier/templates) and the SNS message are all rendered from this.
 */
import type { BadgeColors } from './style';

export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** A horizontal bar: `fill` (solid) and `extra` (lighter, e.g. the forecast beyond the actual) in percent of the width. */
export interface Bar {
  readonly caption: string;
  readonly fillPct: number;
  readonly extraPct: number;
  /** Where the target sits, in percent of the width. */
  readonly markerPct: number;
  readonly markerLabel: string;
  readonly color: string;
  readonly extraColor: string;
  readonly legend: readonly string[];
}

export interface Section {
  readonly title: string;
  readonly note?: string;
  readonly items: readonly string[];
  /** Shown when there are no items. */
  readonly empty?: string;
}

export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly note?: string;
}

/** A button in the HTML part, a labelled URL in the text part (the Approve / Postpone links). */
export interface Link {
  readonly label: string;
  readonly url: string;
}

export interface Notification {
  readonly subject: string;
  /** The headline under the badge. */
  readonly title: string;
  readonly accountName: string;
  readonly accountId: string;
  readonly badge: { readonly label: string; readonly colors: BadgeColors };
  readonly dryRun: boolean;
  readonly summary: string;
  readonly bar?: Bar;
  readonly facts: readonly Fact[];
  readonly sections: readonly Section[];
  readonly tables: readonly Table[];
  /** Two to five short lines for SNS (email-subscribed topics, chat). */
  readonly shortLines: readonly string[];
  readonly footer: string;
  /** Buttons under the summary; empty for most notifications. */
  readonly links?: readonly Link[];
}
