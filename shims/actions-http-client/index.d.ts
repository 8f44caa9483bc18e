export declare class HttpClient {
  constructor(...args: unknown[]);
}
