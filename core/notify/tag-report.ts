/** The notification for `Tag Policy Report`: violations found and what was done about them. */
import type { TagPolicyReport } from '../events/schemas';
import { NotifyContext, contactLine, footer } from './context';
import type { Notification, Section, Table } from './model';
import { OK_GREEN, WARN_AMBER } from './style';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
type ReportAction = TagPolicyReport['actions'][number];

const actionText = (a: ReportAction) => {
  if (a.action === 'tag') return `tag ${a.key}=${a.value ?? ''}`;
  return a.action;
};

export function tagReportSubject(e: TagPolicyReport): string {
  const stopped = e.actions.filter((a) => a.action === 'stop' && a.outcome !== 'failed').length;
  const tagged = e.actions.filter((a) => a.action === 'tag' && a.outcome !== 'failed').length;
  const parts = [count(e.violations.length, 'violation')];
  if (tagged) parts.push(`${count(tagged, 'tag')} ${e.dryRun ? 'to set' : 'set'}`);
  if (stopped) parts.push(`${count(stopped, 'instance')} ${e.dryRun ? 'to stop' : 'stopped'}`);
  return `[budget-guardrails] ${e.accountName} tag policy: ${parts.join(', ')}${e.dryRun ? ' (check mode)' : ''}`;
}

export function tagReportNotification(e: TagPolicyReport, ctx: NotifyContext): Notification {
  const rules = ctx.policy.tagPolicy?.rules ?? [];
  const failed = e.actions.filter((a) => a.outcome === 'failed').length;
  const tables: Table[] = [
    {
      title: 'Violations',
      headers: ['Instance', 'Region', 'Tag', 'Problem'],
      rows: e.violations.map((v) => [v.instanceId, v.region, v.key ?? '-', v.problem]),
      note: e.omitted?.violations ? `${e.omitted.violations} more not listed (the report was too long).` : undefined,
    },
  ];
  const done: Section = {
    title: e.dryRun ? 'What would have been done (check mode: nothing was changed)' : 'What was done',
    items: e.actions.map((a) => `${a.instanceId} (${a.region}): ${actionText(a)} — ${a.outcome}${a.error ? ` (${a.error})` : ''}`),
    empty: 'Nothing: no instance needed a change.',
    note: e.omitted?.actions ? `${e.omitted.actions} more actions not listed (the report was too long).` : undefined,
  };
  const scanErrors: Section[] = e.errors && e.errors.length > 0
    ? [{ title: 'Regions not scanned', items: e.errors.map((x) => `${x.region}: ${x.error}`) }]
    : [];
  const untagged = ctx.policy.tagPolicy?.untagged ?? 'ignore';
  return {
    subject: tagReportSubject(e),
    title: `Tag policy report for ${e.accountName}`,
    accountName: e.accountName,
    accountId: e.accountId,
    badge: { label: e.violations.length > 0 ? 'TAG VIOLATIONS' : 'TAGS OK', colors: e.violations.length > 0 ? WARN_AMBER : OK_GREEN },
    dryRun: e.dryRun,
    summary: `${count(e.scannedInstances, 'instance')} scanned, ${count(e.violations.length, 'violation')}, ${count(e.actions.length, 'action')}${failed ? ` (${failed} failed)` : ''}.`,
    facts: [
      { label: 'Account', value: `${e.accountName} (${e.accountId})` },
      { label: 'Instances scanned', value: String(e.scannedInstances) },
      { label: 'Violations', value: String(e.violations.length) },
      { label: 'Actions', value: String(e.actions.length) },
      { label: 'Mode', value: e.dryRun ? 'check (dry run: nothing was changed)' : 'enforce' },
      { label: 'At', value: e.at },
    ],
    sections: [
      done,
      ...scanErrors,
      {
        title: 'What happens next',
        items: [untagged === 'ignore' || !e.dryRun
          ? `The policy runs again on its schedule; instances still missing required tags are ${untagged === 'ignore' ? 'reported' : untagged === 'stop' ? 'stopped' : 'terminated'}.`
          : `The policy runs again on its schedule; instances still missing required tags are reported. In enforce mode they would be ${untagged === 'stop' ? 'stopped' : 'terminated'}; in check mode nothing is changed.`],
      },
      {
        title: 'How to get unblocked',
        items: [
          ...rules.filter((r) => r.required).map((r) => `Tag your instances with ${r.key}${'default' in r && r.default ? ` (default ${r.default})` : ''}.`),
          ...(e.dryRun ? [] : ['Start a stopped instance again once its tags are complete.']),
          contactLine(ctx),
        ],
      },
    ],
    tables,
    shortLines: [
      tagReportSubject(e),
      ...e.violations.slice(0, 5).map((v) => `${v.instanceId} (${v.region}): ${v.problem}`),
      ...(e.violations.length > 5 ? [`... and ${e.violations.length - 5} more (see the email)`] : []),
    ],
    footer: footer(e.accountName),
  };
}
