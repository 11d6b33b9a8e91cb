import type Koa from 'koa';

export interface HttpSecurityOptions {
  /**
   * Reverse proxies in front of the server (CIVICFLOW_TRUST_PROXY): with N > 0 the client's
   * address is read from X-Forwarded-For, counting N entries from its end (those the trusted
   * proxies appended; entries before them are whatever the client sent). 0: the socket's address.
   */
  trustProxy?: number;
  /** Serve `*.map` files (off in production: `NODE_ENV=production`). */
  sourceMaps?: boolean;
}

export function trustProxy(app: Koa, hops: number): void {
  app.proxy = hops > 0;
  app.maxIpsCount = hops > 0 ? hops : 0;
}

/** `CIVICFLOW_TRUST_PROXY`: unset/false/0 → none, true → one proxy, N → N proxies in a row. */
export function trustProxyFromEnv(value: string | undefined): number {
  if (!value || value === 'false') return 0;
  if (value === 'true') return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10)
    throw new Error(`CIVICFLOW_TRUST_PROXY must be true, false or the number of proxies (0–10), not "${value}"`);
  return n;
}
