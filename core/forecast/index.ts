export * from './cost-and-usage';
export * from './forecast';
export * from './month-window';
export * from './record-types';
