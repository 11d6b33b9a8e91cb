import type Koa from 'koa';

/**
 * The browser app: scripts only from this origin, never inline. `'unsafe-eval'` stays because
 * the task forms validate in the browser with ajv, which compiles each form's rules into a
 * function; styles may be inline (bpmn-js and the charts set them at run time). Nothing may
 * frame the app (clickjacking), and forms post only here.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers are data, never a page: nothing in them may run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const COMMON_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
];

/**
 * Security headers on every answer (set on the response directly: nothing has been sent yet), and, in production, no source maps (they would hand out the
 * app's source with its comments).
 */
export function securityHeaders(options: { sourceMaps: boolean }): Koa.Middleware {
  return async (ctx, next) => {
    const res = ctx.res;
    for (const [name, value] of COMMON_HEADERS) res.setHeader(name, value);
    res.setHeader('Content-Security-Policy', ctx.path.startsWith('/api/') ? API_CSP : APP_CSP);
    if (!options.sourceMaps && ctx.path.endsWith('.map')) {
      ctx.status = 404;
      return;
    }
    await next();
  };
}
