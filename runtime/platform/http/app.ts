import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { Principal } from './principal.js';
import { ApiError } from './errors.js';
import type { Api } from './api.js';
import type { Deps } from './deps.js';
import { trustProxy, type HttpSecurityOptions } from './proxy.js';
import { indexRoutes } from './route-index.js';
import { securityHeaders } from './security-headers.js';
import { staticFiles } from './static-files.js';
import { statusPage } from './status-page.js';
import { isStorageFailure, noteStorageFailure, storageUnavailable } from './storage.js';

export const JSON_LIMIT = '2mb';

export interface KoaAppOptions extends HttpSecurityOptions {
  staticDir?: string;
  /** Middleware between body parsing and the routes (the audit trail). */
  beforeRoutes?: Koa.Middleware[];
}

/** The Koa app: security headers → request id → errors → body parsing → routes; the designer's build at `/` when present. */
export function createKoaApp(
  deps: Deps,
  api: Api<Deps>,
  principalOf: (ctx: Koa.Context) => Promise<Principal | undefined>,
  options: KoaAppOptions = {},
): Koa & { router: Router } {
  const app = new Koa();
  trustProxy(app, options.trustProxy ?? 0);
  app.use(securityHeaders({ sourceMaps: options.sourceMaps ?? true }));
  const router = new Router();
  // A client that goes away mid-response (a closed tab, a cancelled download) is not a server error.
  app.on('error', (err: { code?: string }) => {
    if (err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
    deps.log.error({ err }, 'response failed');
  });

  app.use(async (ctx, next) => {
    const requestId = ctx.get('x-request-id') || randomUUID();
    ctx.set('x-request-id', requestId);
    try {
      await next();
    } catch (err) {
      if (isStorageFailure(err)) noteStorageFailure(deps.db.knex);
      const { status, body } = toErrorResponse(err);
      ctx.status = status;
      ctx.body = body;
      if (status >= 500) deps.log.error({ err, requestId, path: ctx.path }, 'request failed');
    }
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: JSON_LIMIT, encoding: 'utf-8' }));
  for (const m of options.beforeRoutes ?? []) app.use(m);

  api.mount(router, deps, principalOf);
  indexRoutes(router);
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/api/')) throw new ApiError(404, 'NOT_FOUND', `no endpoint ${ctx.method} ${ctx.path}`);
    await next();
  });
  if (options.staticDir && existsSync(options.staticDir)) app.use(staticFiles(options.staticDir));
  else
    app.use(async (ctx) => {
      if (ctx.path === '/') {
        ctx.type = 'html';
        ctx.body = statusPage();
      }
    });
  return Object.assign(app, { router });
}

function toErrorResponse(err: unknown): { status: number; body: unknown } {
  if (isStorageFailure(err)) err = storageUnavailable();
  if (err instanceof ApiError) {
    return {
      status: err.status,
      body: {
        error: {
          code: err.code,
          message: err.message,
          ...(err.problems ? { problems: err.problems } : {}),
          ...err.details,
        },
      },
    };
  }
  const e = err as { status?: number; type?: string; message?: string; expose?: boolean };
  if (e.status === 413 || e.type === 'entity.too.large')
    return {
      status: 413,
      body: { error: { code: 'BODY_TOO_LARGE', message: `request body is larger than ${JSON_LIMIT}` } },
    };
  if (e.status === 415)
    return {
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send JSON (Content-Type: application/json)' } },
    };
  if (e.status === 400 && (err instanceof SyntaxError || e.type === 'entity.parse.failed')) {
    // From the JSON body parser: unparsable text, a bare value, or a __proto__ / constructor.prototype key.
    const detail = String(e.message ?? '').slice(0, 200);
    return {
      status: 400,
      body: {
        error: {
          code: 'REQUEST_INVALID',
          message:
            'the body is not acceptable JSON: send one object (keys "__proto__" and "constructor.prototype" are refused)',
          problems: [{ path: 'body', keyword: 'json', message: detail }],
        },
      },
    };
  }
  if (e.status && e.status >= 400 && e.status < 500) {
    return {
      status: e.status,
      body: {
        error: {
          code: e.status === 400 ? 'REQUEST_INVALID' : 'HTTP_ERROR',
          message: e.expose && e.message ? e.message : 'the request is invalid',
        },
      },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        message: 'internal error; the request changed nothing (see the server log with the request id)',
      },
    },
  };
}
