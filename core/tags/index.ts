export * from './types';
export { evaluateInstance, ruleProblem } from './evaluate';
export { evaluateTagFunction, utcDate } from './functions';
export { inScope, isExempt } from './scope';
export { creatorFromEvent } from './creator';
export { buildTagPolicyReport, violationsOf, MAX_REPORT_BYTES } from './report';
export type { ReportAction, ReportError, ReportInput, ReportViolation } from './report';
