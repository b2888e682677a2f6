export * from './types';
export * from './required';
export * from './plan';
export * from './simulate';
