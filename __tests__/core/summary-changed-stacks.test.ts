import { stacksForChangedFiles } from '../../core/summary/changed-stacks';

const NAMES = ['analytics', 'data-science', 'sandbox', 'web-service'];
const ALL = ['hub', 'member-analytics', 'member-data-science', 'member-sandbox', 'member-web-service'];

describe('stacksForChangedFiles', () => {
  it('an account file touches its member stack and the hub', () => {
    expect(stacksForChangedFiles(['accounts/web-service.ts'], 'accounts', NAMES)).toEqual(['hub', 'member-web-service']);
    expect(stacksForChangedFiles(['accounts/web-service.ts', 'accounts/analytics.ts'], 'accounts', NAMES))
      .toEqual(['hub', 'member-analytics', 'member-web-service']);
  });

  it('org.ts, a shared file under accounts/ or code touches every stack', () => {
    expect(stacksForChangedFiles(['accounts/org.ts'], 'accounts', NAMES)).toEqual(ALL);
    expect(stacksForChangedFiles(['accounts/shared/tags.ts'], 'accounts', NAMES)).toEqual(ALL);
    expect(stacksForChangedFiles(['accounts/sandbox.ts', 'modules/stacks/member-stack.ts'], 'accounts', NAMES)).toEqual(ALL);
  });

  it('a removed account leaves only the hub to validate; documentation touches nothing', () => {
    expect(stacksForChangedFiles(['accounts/retired.ts'], 'accounts', NAMES)).toEqual(['hub']);
    expect(stacksForChangedFiles(['README.md', 'docs/operator-workflow.md'], 'accounts', NAMES)).toEqual([]);
  });

  it('works for a catalog folder elsewhere in the repository', () => {
    expect(stacksForChangedFiles(['platform/catalog/sandbox.ts'], './platform/catalog/', NAMES)).toEqual(['hub', 'member-sandbox']);
    expect(stacksForChangedFiles(['accounts/sandbox.ts'], 'platform/catalog', NAMES)).toEqual(ALL);
  });
});
