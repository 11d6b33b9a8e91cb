import type Router from '@koa/router';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Context } from 'koa';
import { createAjv } from '../../definitions/index.js';
import type { Principal } from '../auth/accounts.js';
import { ApiError } from '../errors.js';

export type JsonSchema = Record<string, unknown>;

export interface ApiContext<D> {
  koa: Context;
  deps: D;
  principal: Principal;
  params: Record<string, string>;
  body: any;
  query: Record<string, string | undefined>;
  locale: 'zh-CN' | 'en';
}

export interface RouteSpec<D> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** No bearer token needed. */
  public?: boolean;
  body?: JsonSchema;
  query?: JsonSchema;
  /** Status of a successful answer (default 200). */
  status?: number;
  response?: JsonSchema;
  handler(ctx: ApiContext<D>): Promise<unknown>;
}

const ajv = createAjv();

/**
 * The REST API as data: each route carries the JSON Schemas that validate its input, and the
 * same schemas produce the OpenAPI document, so the description cannot drift from the checks.
 */
export class Api<D> {
  private readonly routes: RouteSpec<D>[] = [];

  add(...specs: RouteSpec<D>[]): this {
    this.routes.push(...specs);
    return this;
  }

  mount(router: Router, deps: D, authenticate: (ctx: Context) => Promise<Principal | undefined>): void {
    for (const spec of this.routes) {
      const validateBody = spec.body ? ajv.compile(spec.body) : undefined;
      const validateQuery = spec.query ? ajv.compile({ type: 'object', ...spec.query }) : undefined;
      router[spec.method](spec.path, async (koa) => {
        const principal = await authenticate(koa);
        if (!principal && !spec.public) throw new ApiError(401, 'UNAUTHENTICATED', 'send "Authorization: Bearer <token>" (POST /api/auth/login gives one)');
        const body = (koa.request as unknown as { body?: unknown }).body;
        if (validateBody) check(validateBody, body === undefined ? {} : body, 'body');
        const query = { ...(koa.query as Record<string, string>) };
        if (validateQuery) check(validateQuery, query, 'query');
        const result = await spec.handler({
          koa,
          deps,
          principal: principal as Principal,
          params: koa.params as Record<string, string>,
          body: body ?? {},
          query,
          locale: /^en\b/i.test(koa.get('accept-language')) ? 'en' : 'zh-CN',
        });
        koa.status = spec.status ?? 200;
        if (result !== undefined) koa.body = result;
      });
    }
  }

  openapi(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.path.replace(/:(\w+)/g, '{$1}');
      const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      const queryProps = (r.query?.properties ?? {}) as Record<string, JsonSchema>;
      const queryParams = Object.entries(queryProps).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
      (paths[path] ??= {})[r.method] = {
        summary: r.summary,
        tags: [r.tag],
        ...(r.public ? { security: [] } : {}),
        parameters: [...params, ...queryParams],
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
        responses: {
          [String(r.status ?? 200)]: { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: r.response } } } : {}) },
          default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, problems: { type: 'array' } } } },
          },
        },
      },
      security: [{ bearer: [] }],
    };
  }
}

function check(validate: ValidateFunction, value: unknown, where: string): void {
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((e: ErrorObject) => ({ path: `${where}${e.instancePath}`, keyword: e.keyword, message: e.message ?? '' }));
  throw new ApiError(400, 'REQUEST_INVALID', `the request ${where} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
}
