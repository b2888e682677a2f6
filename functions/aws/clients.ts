/**
 * SDK v3 client options shared by every adapter: standard retry mode (exponential backoff with
 * jitter, throttling retried), created once per container by the caller.
 */
export const CLIENT_DEFAULTS = { retryMode: 'standard', maxAttempts: 5 } as const;

/** Credentials from an assumed role, in the shape SDK v3 clients accept. */
export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}
