export * from './types';
export * from './gate-state';
export * from './exemptions';
export * from './holds';
export * from './gate-plan';
export * from './schedules';
export * from './approval-token';
