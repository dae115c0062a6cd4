/** The little of autocannon (no published types) the web bench uses. */
declare module 'autocannon' {
  interface Options { url: string; connections?: number; duration?: number; amount?: number; headers?: Record<string, string> }
  interface Result { requests: { average: number; total: number }; non2xx: number; errors: number; timeouts: number; duration: number }
  interface Instance { on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void }
  function autocannon(options: Options, done: (err: Error | null, result: Result) => void): Instance;
  export = autocannon;
}
