// Types for the matchers `Testing.setupJest()` registers (cdktf ships them untyped for jest 30).
declare namespace jest {
  interface Matchers<R> {
    toHaveResource(resource: { tfResourceType: string }): R;
    toHaveResourceWithProperties(resource: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toHaveDataSource(resource: { tfResourceType: string }): R;
    toHaveDataSourceWithProperties(resource: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toHaveProvider(resource: { tfResourceType: string }): R;
    toHaveProviderWithProperties(resource: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toBeValidTerraform(): R;
    toPlanSuccessfully(): R;
  }
}
