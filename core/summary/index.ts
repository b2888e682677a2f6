export * from './actions';
export * from './describe';
export * from './diff';
export { diffMarkdown } from './diff-markdown';
export { summaryMarkdown, summaryTable } from './markdown';
export { stacksForChangedFiles } from './changed-stacks';
export { AGGREGATE_ABOVE, GITHUB_COMMENT_LIMIT, fullReport, groupByWhatChanged, reviewComment } from './fit';
export { planCountsFromJson, planCountsFromText, planMarkdown, planTotals } from './plan-counts';
export type { PlanCounts, StackPlan } from './plan-counts';
