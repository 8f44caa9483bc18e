// @actions/core imports HttpClient for core.getIDToken only, which the action never calls. Anything
// that does call it gets a sentence instead of a request.
export class HttpClient {
  constructor() {
    throw new Error('this action bundles no HTTP client for @actions/core: core.getIDToken (OIDC) is not available');
  }
}
