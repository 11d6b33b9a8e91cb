import type Router from '@koa/router';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Context } from 'koa';
import { createAjv } from '../../../definitions/index.js';
import type { Principal } from './principal.js';
import { ApiError } from './errors.js';

export type JsonSchema = Record<string, unknown>;

export interface ApiContext<D> {
  koa: Context;
  deps: D;
  principal: Principal;
  params: Record<string, string>;
  /** Already checked against the route's `body` schema; the handler reads the fields that schema names. */
  // biome-ignore lint/suspicious/noExplicitAny: its shape is the route's JSON schema, which TypeScript cannot see here
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
  /** A file upload: the multipart/form-data body it takes, for the OpenAPI document (the handler parses it). */
  upload?: JsonSchema;
  query?: JsonSchema;
  /** Schemas of path parameters; by default `:id` is an id and any other parameter a key. */
  params?: Record<string, JsonSchema>;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** The answer's JSON Schema (`contentMediaType` for an answer that is not JSON); the contract tests check real answers against it. */
  response?: JsonSchema;
  handler(ctx: ApiContext<D>): Promise<unknown>;
}

const ajv = createAjv();

/** Path parameters: ids are generated (`newId()`, `id-n`) or chosen from a small alphabet; keys are BPMN/form ids. */
export const PATH_ID_SCHEMA: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$' };
export const PATH_KEY_SCHEMA: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  pattern: '^[^\\u0000-\\u001f]+$',
};
/** How deeply a request body may nest (variables included): deeper input is refused before anything reads it. */
export const MAX_BODY_DEPTH = 32;

const paramNames = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const paramSchema = <D>(spec: RouteSpec<D>, name: string) =>
  spec.params?.[name] ?? (name === 'id' ? PATH_ID_SCHEMA : PATH_KEY_SCHEMA);
const bodyRequired = (schema: JsonSchema | undefined) =>
  Array.isArray(schema?.required) && (schema.required as unknown[]).length > 0;

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
      // Unknown query parameters are refused too: a misspelt filter must not silently widen a list.
      const validateQuery = spec.query
        ? ajv.compile({ type: 'object', additionalProperties: false, ...spec.query })
        : undefined;
      const names = paramNames(spec.path);
      const validateParams =
        names.length > 0
          ? ajv.compile({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, paramSchema(spec, n)])) })
          : undefined;
      router[spec.method](spec.path, async (koa) => {
        // A public route ignores a stale token (a client logging in again may still send its old one).
        const principal = spec.public ? await authenticate(koa).catch(() => undefined) : await authenticate(koa);
        if (!principal && !spec.public)
          throw new ApiError(
            401,
            'UNAUTHENTICATED',
            'send "Authorization: Bearer <token>" (POST /api/auth/login gives one)',
          );
        koa.state.principal = principal; // the audit trail's actor
        const params = { ...(koa.params as Record<string, string>) };
        if (validateParams) check(validateParams, params, 'params');
        // A body the JSON parser did not read (another content type) must not pass as an empty one.
        const sentBody = (koa.request.length ?? 0) > 0 || koa.get('transfer-encoding') !== '';
        if (spec.body && sentBody && !koa.request.is('json'))
          throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON (Content-Type: application/json)');
        const body = (koa.request as unknown as { body?: unknown }).body;
        const query = { ...(koa.query as Record<string, string>) };
        checkText(params, 'params');
        checkText(query, 'query');
        checkText(body, 'body');
        if (validateBody) check(validateBody, body === undefined ? {} : body, 'body');
        if (validateQuery) check(validateQuery, query, 'query');
        const result = await spec.handler({
          koa,
          deps,
          principal: principal as Principal,
          params,
          body: body ?? {},
          query,
          locale: /^en\b/i.test(koa.get('accept-language')) ? 'en' : 'zh-CN',
        });
        koa.status = spec.status ?? 200;
        if (result !== undefined) koa.body = result;
      });
    }
  }

  /** Every route as `METHOD /path` (the path in Koa form, `:id`). */
  list(): Array<{ method: string; path: string }> {
    return this.routes.map((r) => ({ method: r.method, path: r.path }));
  }

  openapi(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.path.replace(/:(\w+)/g, '{$1}');
      const params = paramNames(r.path).map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: paramSchema(r, name),
      }));
      const queryProps = (r.query?.properties ?? {}) as Record<string, JsonSchema>;
      const queryParams = Object.entries(queryProps).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema,
      }));
      (paths[path] ??= {})[r.method] = {
        operationId: operationId(r.method, r.path),
        summary: r.summary,
        tags: [r.tag],
        ...(r.public ? { security: [] } : {}),
        parameters: [...params, ...queryParams],
        ...(r.body
          ? { requestBody: { required: bodyRequired(r.body), content: { 'application/json': { schema: r.body } } } }
          : {}),
        ...(r.upload
          ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: r.upload } } } }
          : {}),
        responses: {
          [String(r.status ?? 200)]: {
            description: 'OK',
            ...(r.response ? { content: { [mediaTypeOf(r.response)]: { schema: r.response } } } : {}),
          },
          default: {
            description: 'Error',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
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
            properties: {
              error: {
                type: 'object',
                required: ['code', 'message'],
                properties: { code: { type: 'string' }, message: { type: 'string' }, problems: { type: 'array' } },
              },
            },
          },
        },
      },
      security: [{ bearer: [] }],
    };
  }
}

/** JSON unless the response schema names another media type (`contentMediaType`: XML, SVG). */
function mediaTypeOf(response: JsonSchema): string {
  return typeof response.contentMediaType === 'string' ? response.contentMediaType : 'application/json';
}

/** `post /api/tasks/:id/complete` → `postTasksIdComplete`. */
function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/**
 * Refuses what no schema can express: nesting deeper than MAX_BODY_DEPTH, and NUL characters in
 * any text (PostgreSQL cannot store them; they are never meaningful here).
 */
function checkText(value: unknown, where: string): void {
  const problems: Array<{ path: string; keyword: string; message: string }> = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (problems.length >= 10) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) problems.push({ path, keyword: 'noNul', message: 'must not contain NUL characters' });
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth > MAX_BODY_DEPTH) {
      problems.push({ path, keyword: 'maxDepth', message: `must not nest deeper than ${MAX_BODY_DEPTH} levels` });
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      const childPath = `${path}/${k}`;
      if (k.includes('\u0000'))
        problems.push({ path: childPath, keyword: 'noNul', message: 'names must not contain NUL characters' });
      walk(child, childPath, depth + 1);
    }
  };
  walk(value, where, 0);
  if (problems.length > 0)
    throw new ApiError(
      400,
      'REQUEST_INVALID',
      `the request ${where} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      problems,
    );
}

/** One ajv error as a problem whose path names the field at fault (a missing or an unknown one included). */
const problemOf = (where: string) => (e: ErrorObject) => {
  const field = e.params as { missingProperty?: string; additionalProperty?: string };
  if (e.keyword === 'required' && field.missingProperty)
    return { path: `${where}${e.instancePath}/${field.missingProperty}`, keyword: e.keyword, message: 'is required' };
  if (e.keyword === 'additionalProperties' && field.additionalProperty !== undefined) {
    return {
      path: `${where}${e.instancePath}/${field.additionalProperty}`,
      keyword: e.keyword,
      message: 'is not a known field',
    };
  }
  return { path: `${where}${e.instancePath}`, keyword: e.keyword, message: e.message ?? '' };
};

function check(validate: ValidateFunction, value: unknown, where: string): void {
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map(problemOf(where));
  throw new ApiError(
    400,
    'REQUEST_INVALID',
    `the request ${where} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    problems,
  );
}
