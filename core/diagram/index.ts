export * from './model';
export { catalogMermaid, renderMermaid } from './mermaid';
export { catalogSvg, renderSvg } from './svg';
