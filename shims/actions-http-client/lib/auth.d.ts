export declare class BearerCredentialHandler {
  constructor(...args: unknown[]);
}
