import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/cdktf.out/**', 'dist/**', 'examples/*/build/**', 'coverage/**', 'preview/**', 'bin/**', '*.js', '*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['core/**/*.ts', 'functions/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['cdktf', 'cdktf/*', 'constructs', '@cdktf/*'], message: 'core/ and functions/ must stay free of cdktf (docs/architecture.md#layout-and-layering).' },
          { group: ['**/modules/**', '**/cli/**'], message: 'core/ and functions/ never import modules/ or cli/.' },
        ],
      }],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['cdktf', 'cdktf/*', 'constructs', '@cdktf/*'], message: 'core/ must stay free of cdktf (docs/architecture.md#layout-and-layering).' },
          { group: ['@aws-sdk/*'], message: 'core/ is pure: no AWS SDK (docs/architecture.md#layout-and-layering).' },
          { group: ['**/modules/**', '**/cli/**', '**/functions/**'], message: 'core/ imports none of modules/, functions/, cli/.' },
        ],
      }],
    },
  },
  {
    files: ['cli/**/*.ts'],
    ignores: ['cli/aws/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['cdktf', 'cdktf/*', 'constructs', '@cdktf/*', '@aws-sdk/*'], message: 'cli/ imports core/ only (README layout).' },
          { group: ['**/modules/**', '**/functions/**'], message: 'cli/ imports core/ only (README layout).' },
        ],
      }],
    },
  },
  {
    // Operator commands that read or write the hub (doctor, status, approve, exempt) talk to AWS
    // through cli/aws/ only; the rest of cli/ stays pure and testable without credentials.
    files: ['cli/aws/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['cdktf', 'cdktf/*', 'constructs', '@cdktf/*'], message: 'cli/ never imports cdktf.' },
          { group: ['**/modules/**'], message: 'cli/ never imports modules/.' },
        ],
      }],
    },
  },
  {
    files: ['modules/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          { name: '@cdktf/provider-aws', message: 'Import provider resources by deep path: the barrel costs ~2 s and 500 MB.' },
          { name: '@cdktf/provider-aws/lib', message: 'Import provider resources by deep path: the barrel costs ~2 s and 500 MB.' },
        ],
        patterns: [
          { group: ['@aws-sdk/*'], message: 'modules/ never imports the AWS SDK (docs/architecture.md#layout-and-layering).' },
        ],
      }],
    },
  },
);
