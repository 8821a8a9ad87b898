// The little of autocannon's API the proposals benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (req: Request) => Request;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    pipelining?: number;
    overallRate?: number;
    headers?: Record<string, string>;
    requests?: Request[];
  }
  interface Histogram {
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    max: number;
    [k: string]: number;
  }
  interface Result {
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
    latency: Histogram;
  }
  interface Instance {
    stop(): void;
    on(event: 'response', fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  }
  function autocannon(opts: Options): Promise<Result>;
  function autocannon(opts: Options, cb: (err: Error | null, res: Result) => void): Instance;
  namespace autocannon {
    export type { Result };
  }
  export default autocannon;
}
