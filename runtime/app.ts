import type Router from '@koa/router';
import type Koa from 'koa';
import {
  AttachmentFiles,
  attachmentRoutes,
  DEFAULT_ATTACHMENT_LIMITS,
  printAttachments,
  type AttachmentConfig,
} from './attachments/index.js';
import { auditRoutes, auditTrail } from './audit/index.js';
import { authenticate, authRoutes, type Principal } from './auth/index.js';
import { instanceRoutes } from './cases/index.js';
import { channelRoutes } from './channels/index.js';
import { dashboardRoutes } from './dashboard/index.js';
import { calendarHealthWarnings, deadlineRoutes } from './deadlines/index.js';
import { definitionRoutes } from './deployments/index.js';
import { directoryRoutes } from './directory/index.js';
import { enterpriseRoutes } from './enterprises/index.js';
import { frontDeskRoutes } from './front-desk/index.js';
import { leaveProxyRoutes } from './leave-proxy/index.js';
import { clockRoutes, operationRoutes } from './operations/index.js';
import { ControlledClock, systemClock } from './platform/clock.js';
import { Api } from './platform/http/api.js';
import { createKoaApp } from './platform/http/app.js';
import type { Deps } from './platform/http/deps.js';
import { ApiError } from './platform/http/errors.js';
import type { HttpSecurityOptions } from './platform/http/proxy.js';
import { storageUnavailable, storageWritable } from './platform/http/storage.js';
import { processMapRoutes } from './process-map/index.js';
import { publicIntakeRoutes, type PublicIntakeConfig } from './public-intake/index.js';
import { taskOperationRoutes, taskRoutes } from './tasks/index.js';
import { worklistRoutes } from './worklists/index.js';
import { arrayOf, objectOf, stringType } from './platform/http/schemas.js';

export const API_INFO = { title: 'civicflow API', version: '0.1.0' };

export interface ApiOptions {
  /** The clock endpoint exists only when the clock is controlled (otherwise: 404). */
  controlledClock?: boolean;
  /** The address citizens reach the server at, for QR codes (default: each request's origin). */
  publicUrl?: string;
  /** The Chinese font of PDF sheets (CIVICFLOW_PDF_FONT; default: WenQuanYi Micro Hei). */
  pdfFont?: string;
  publicIntake?: PublicIntakeConfig;
  /** Where case attachments are kept and their bounds (default: `data/attachments`, 20 MB a file). */
  attachments?: AttachmentConfig;
}

/** Every endpoint under /api, as data; `/api/openapi.json` describes exactly these. */
export function buildApi(options: ApiOptions = {}): Api<Deps> {
  const api = new Api<Deps>();
  let openapi: Record<string, unknown> | undefined;
  api.add(
    {
      method: 'get',
      path: '/api/health',
      tag: 'meta',
      summary:
        'Health: the server answers, its clock, whether the database takes writes (503 STORAGE_UNAVAILABLE when not), and warnings such as a missing next-year calendar',
      public: true,
      response: objectOf({ status: { const: 'ok' }, now: stringType, warnings: arrayOf(stringType) }),
      async handler({ deps }) {
        if (!(await storageWritable(deps.db.knex))) throw storageUnavailable();
        const now = deps.clock.now();
        return {
          status: 'ok',
          now,
          warnings: [...deps.notices, ...(await calendarHealthWarnings(deps.db.knex, deps.tenants, now))],
        };
      },
    },
    {
      method: 'get',
      path: '/api/openapi.json',
      tag: 'meta',
      summary: 'This description (OpenAPI 3.1), generated from the schemas that validate requests',
      public: true,
      response: { type: 'object', required: ['openapi', 'info', 'paths'] },
      async handler() {
        return (openapi ??= api.openapi(API_INFO));
      },
    },
  );
  authRoutes(api);
  directoryRoutes(api);
  definitionRoutes(api);
  const attachments = options.attachments ?? { dir: 'data/attachments', limits: DEFAULT_ATTACHMENT_LIMITS };
  const attachmentFiles = new AttachmentFiles(attachments.dir);
  instanceRoutes(api, [(deps, id) => printAttachments(deps, attachmentFiles, id)]);
  attachmentRoutes(api, attachments);
  taskRoutes(api);
  taskOperationRoutes(api);
  worklistRoutes(api);
  leaveProxyRoutes(api);
  frontDeskRoutes(api);
  operationRoutes(api);
  if (options.controlledClock) clockRoutes(api);
  deadlineRoutes(api);
  dashboardRoutes(api);
  processMapRoutes(api);
  enterpriseRoutes(api, {
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.pdfFont ? { pdfFont: options.pdfFont } : {}),
  });
  channelRoutes(api);
  publicIntakeRoutes(api, options.publicIntake, attachments);
  auditRoutes(api);
  return api;
}

/** The Koa app with every feature's routes, signed-in callers resolved from their bearer token. */
export function createApp(
  deps: Deps,
  options: { staticDir?: string } & HttpSecurityOptions & Omit<ApiOptions, 'controlledClock'> = {},
): Koa & { router: Router } {
  const api = buildApi({
    controlledClock: deps.clock instanceof ControlledClock,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.pdfFont ? { pdfFont: options.pdfFont } : {}),
    ...(options.publicIntake ? { publicIntake: options.publicIntake } : {}),
    ...(options.attachments ? { attachments: options.attachments } : {}),
  });
  return createKoaApp(deps, api, (ctx) => principalOf(deps, ctx), {
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    trustProxy: options.trustProxy ?? 0,
    sourceMaps: options.sourceMaps ?? true,
    beforeRoutes: [auditTrail(deps)],
  });
}

async function principalOf(deps: Deps, ctx: Koa.Context): Promise<Principal | undefined> {
  const header = ctx.get('authorization');
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new ApiError(401, 'UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  // Tokens live in real time: moving the controlled business clock must not log everyone out.
  return authenticate(deps.db.knex, deps.tenants, m[1]!, systemClock.now());
}
