export * from './actions';
export * from './describe';
export * from './diff';
export { diffMarkdown } from './diff-markdown';
export { summaryMarkdown, summaryTable } from './markdown';
export { stacksForChangedFiles } from './changed-stacks';
