// See ../index.js: used by @actions/core for core.getIDToken only.
export class BearerCredentialHandler {
  constructor() {
    throw new Error('this action bundles no HTTP client for @actions/core: core.getIDToken (OIDC) is not available');
  }
}
