/**
 * Which generation of the Hub API the local Hub speaks (shared/hub-api.md): `async` (the 0.26 client:
 * createAsync, updateAsync, create, update), `push` (the 0.39 client: push, update), or `both`.
 * Every mode serves whoami and the read-only methods.
 */
export type HubApi = 'async' | 'push' | 'both';

export const HUB_APIS: readonly HubApi[] = ['async', 'push', 'both'];

const COMMON = ['user.identity.whoami', 'executor.queryProgress', 'executor.listAsyncTasks', 'executor.getPackage'];
const ASYNC = ['executor.createAsync', 'executor.updateAsync', 'executor.create', 'executor.update'];
const PUSH = ['executor.push', 'executor.update'];

const METHODS: Record<HubApi, ReadonlySet<string>> = {
  async: new Set([...COMMON, ...ASYNC]),
  push: new Set([...COMMON, ...PUSH]),
  both: new Set([...COMMON, ...ASYNC, ...PUSH]),
};

/** The RPC methods a Hub of this generation has. */
export function methodsOf(api: HubApi): ReadonlySet<string> {
  return METHODS[api];
}

export function isHubApi(value: unknown): value is HubApi {
  return typeof value === 'string' && (HUB_APIS as readonly string[]).includes(value);
}

/** The sentence a 404 for a method this Hub does not have ends with. */
export function describeApi(api: HubApi): string {
  switch (api) {
    case 'async':
      return 'this Hub speaks the async generation (createAsync, updateAsync, create, update)';
    case 'push':
      return 'this Hub speaks the push generation (whoami, push, update)';
    case 'both':
      return 'this Hub speaks both generations';
  }
}
