import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../../definitions/index.js';
import type { ControlledClock } from '../clock.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../../testing/databases.js';
import type { JsonRequest } from '../../testing/json-request.js';
import { createApp } from '../../app.js';
import { INTAKE, linearBpmn, rowCounts, seedUsers, simpleForm } from '../../testing/http.js';

const dialects = await testDialects();
const PASSWORD = 'contract-pass-1';
/** A 1×1 PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const DMN = readFileSync(new URL('../../../engine/scenarios/activities-business-rule.dmn', import.meta.url), 'utf8');

/** A process with an external job, a message wait and a user task with a form. */
const WORK_XML = linearBpmn('contract-work', [
  { kind: 'service', id: 'Work', type: 'contract-job' },
  { kind: 'message', id: 'Wait', message: 'contract-go', correlationKey: '=caseNo' },
  { kind: 'user', id: 'Review', candidateGroups: 'window', formId: 'contract-form' },
]);

type Res = { status: number; body: any };
const expectError = (r: Res, status: number, code?: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(Object.keys(r.body)).toEqual(['error']);
  expect(typeof r.body.error.message).toBe('string');
  if (code) expect(r.body.error.code).toBe(code);
};

/** One documented operation: the status of its success and the schema its answer must meet (none for a 204). */
interface Operation {
  key: string;
  method: string;
  pattern: RegExp;
  /** Fixed path segments: where two templates match, Koa's first (the more specific) one wins. */
  fixed: number;
  status: number;
  validate: ValidateFunction | undefined;
}

const responseAjv = createAjv();

function operationsOf(doc: {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
}): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const [status, success] = Object.entries(op.responses).find(([code]) => /^2\d\d$/.test(code))!;
      const media = Object.values(success.content ?? {})[0];
      const segments = path.split('/');
      return {
        key: `${method} ${path}`,
        method: method.toUpperCase(),
        pattern: new RegExp(
          `^${segments.map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.]/g, '\\.'))).join('/')}$`,
        ),
        fixed: segments.filter((part) => !part.startsWith('{')).length,
        status: Number(status),
        validate: media ? responseAjv.compile(media.schema) : undefined,
      };
    }),
  );
}

/** The request helper, checking every successful answer against its route's published response schema. */
function checkingAnswers(request: JsonRequest, operations: Operation[], answered: Set<string>): JsonRequest {
  return async (method, url, options) => {
    const r = await request(method, url, options);
    if (r.status < 200 || r.status > 299) return r;
    const path = url.split('?')[0]!;
    const op = operations
      .filter((o) => o.method === method && o.pattern.test(path))
      .sort((a, b) => b.fixed - a.fixed)[0];
    if (!op) throw new Error(`${method} ${path} answered ${r.status} but is not described`);
    if (r.status !== op.status) throw new Error(`${op.key} answered ${r.status}; its description says ${op.status}`);
    if (op.validate && !op.validate(r.body)) {
      throw new Error(
        `${op.key}: the answer does not match its schema: ${responseAjv.errorsText(op.validate.errors)}\n${JSON.stringify(r.body).slice(0, 1500)}`,
      );
    }
    answered.add(op.key);
    return r;
  };
}

describe.each(dialects)('REST contract on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let staff: string;
  let operations: Operation[] = [];
  const answered = new Set<string>();
  const req = (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => rt.request(method, path, { token: admin, ...options });

  beforeAll(async () => {
    const started = await startTestRuntime(dialect, { loadExamples: true });
    operations = operationsOf((await started.request('GET', '/api/openapi.json')).body);
    rt = { ...started, request: checkingAnswers(started.request, operations, answered) };
    admin = await rt.login('admin');
    await seedUsers(rt.deps.db.knex, PASSWORD, [
      { username: 'c-staff', tenantId: 'city', roles: ['staff'], groups: ['window'] },
    ]);
    staff = await rt.login('c-staff', PASSWORD);
  });
  afterAll(async () => rt?.stop());

  describe('meta', () => {
    it('GET /api/health answers without a token', async () => {
      const r = await rt.request('GET', '/api/health');
      expect(r.status).toBe(200);
      // warnings: e.g. "calendar: next year missing" from November (it depends on the date the test runs).
      expect(r.body).toEqual({
        status: 'ok',
        now: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        warnings: expect.any(Array),
      });
    });

    it('unknown endpoints answer 404 in the error shape', async () => {
      expectError(await req('GET', '/api/nothing-here'), 404, 'NOT_FOUND');
    });

    it('GET /api/openapi.json is OpenAPI 3.1 and lists exactly the mounted routes', async () => {
      const r = await rt.request('GET', '/api/openapi.json');
      expect(r.status).toBe(200);
      const doc = r.body;
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info).toEqual({ title: expect.any(String), version: expect.any(String) });
      expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
      expect(doc.security).toEqual([{ bearer: [] }]);

      const router = createApp(rt.deps).router;
      const mounted = router.stack
        .flatMap((layer) =>
          layer.methods
            .filter((m) => m !== 'HEAD')
            .map((m) => `${m.toLowerCase()} ${String(layer.path).replace(/:(\w+)/g, '{$1}')}`),
        )
        .sort();
      const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
        .sort();
      expect(described).toEqual(mounted);
      expect(described.length).toBeGreaterThanOrEqual(38);
      for (const route of [
        'post /api/auth/login',
        'get /api/health',
        'get /api/openapi.json',
        'post /api/tasks/{id}/complete',
        'post /api/admin/clock',
        'get /api/cases/{id}',
        'get /api/cases/{id}/print',
        'post /api/tasks/{id}/comments',
        'put /api/tasks/{id}/draft',
      ])
        expect(described).toContain(route);

      const operationIds = new Set<string>();
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        expect(path).toMatch(/^\/api\//);
        for (const [method, op] of Object.entries(ops)) {
          expect(['get', 'post', 'put', 'delete']).toContain(method);
          expect(op.operationId).toMatch(/^[a-z]+[A-Za-z0-9]+$/);
          expect(operationIds.has(op.operationId)).toBe(false);
          operationIds.add(op.operationId);
          expect(op.summary.length).toBeGreaterThan(0);
          expect(Object.keys(op.responses)).toContain('default');
          expect(Object.keys(op.responses).some((code) => /^2\d\d$/.test(code))).toBe(true);
          const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
          expect(
            op.parameters
              .filter((p: { in: string }) => p.in === 'path')
              .map((p: { name: string; required: boolean }) => p.required && p.name),
          ).toEqual(pathParams);
          for (const p of op.parameters) expect(p.schema).toBeTypeOf('object');
          // A body is JSON, or a file upload's multipart form (its parts described as an object too).
          if (op.requestBody)
            expect(
              (op.requestBody.content['application/json'] ?? op.requestBody.content['multipart/form-data']).schema.type,
            ).toBe('object');
        }
      }
      expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
      expect(doc.paths['/api/health'].get.security).toEqual([]);
    });

    it('enforces the request schemas it publishes: every body schema refuses an unknown field and names each missing required one', async () => {
      const doc = (await rt.request('GET', '/api/openapi.json')).body;
      let checked = 0;
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        for (const [method, op] of Object.entries(ops)) {
          // File uploads (multipart) are refused by their own tests (attachments/attachments.test.ts).
          if (!op.requestBody?.content['application/json']) continue;
          const schema = op.requestBody.content['application/json'].schema;
          expect(schema.additionalProperties, `${method} ${path}`).toBe(false);
          const r = await req(method.toUpperCase(), path.replace(/\{\w+\}/g, 'x1'), { body: { zzUnknown: 1 } });
          expectError(r, 400, 'REQUEST_INVALID');
          const problems = r.body.error.problems as Array<{ path: string; keyword: string; message: string }>;
          expect(problems, `${method} ${path}`).toContainEqual({
            path: 'body/zzUnknown',
            keyword: 'additionalProperties',
            message: 'is not a known field',
          });
          for (const field of (schema.required ?? []) as string[]) {
            expect(problems, `${method} ${path} requires ${field}`).toContainEqual({
              path: `body/${field}`,
              keyword: 'required',
              message: 'is required',
            });
          }
          expect(problems).toHaveLength(1 + (schema.required ?? []).length);
          expect(op.requestBody.required).toBe((schema.required ?? []).length > 0);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(17);
    });

    it('enforces the published query schemas: unknown, malformed and repeated parameters are 400', async () => {
      const doc = (await rt.request('GET', '/api/openapi.json')).body;
      let checked = 0;
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        const op = ops.get;
        if (!op) continue;
        const query = op.parameters.filter((p: { in: string }) => p.in === 'query');
        if (query.length === 0) continue;
        const url = path.replace(/\{\w+\}/g, 'x1');
        expectError(await req('GET', `${url}?zzUnknown=1`), 400, 'REQUEST_INVALID');
        for (const p of query as Array<{ name: string; schema: Record<string, unknown> }>) {
          expectError(await req('GET', `${url}?${p.name}=a&${p.name}=b`), 400, 'REQUEST_INVALID');
          if (p.schema.enum || p.schema.pattern) {
            const r = await req('GET', `${url}?${p.name}=%20bad%20value%20`);
            expectError(r, 400, 'REQUEST_INVALID');
            expect(r.body.error.problems).toContainEqual(expect.objectContaining({ path: `query/${p.name}` }));
          }
        }
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(6);
    });

    it('validates path ids (400) before looking anything up', async () => {
      for (const id of ['..%2F..%2Fetc', 'a%00b', 'x'.repeat(81), '-leading-dash', '%E4%B8%AD']) {
        const r = await req('GET', `/api/process-instances/${id}`);
        expectError(r, 400, 'REQUEST_INVALID');
        expect(r.body.error.problems).toEqual([expect.objectContaining({ path: 'params/id', keyword: 'pattern' })]);
      }
    });
  });

  describe('auth', () => {
    it('POST /api/auth/login, GET /api/me, POST /api/auth/logout', async () => {
      const login = await rt.request('POST', '/api/auth/login', { body: { username: 'c-staff', password: PASSWORD } });
      expect(login.status).toBe(200);
      expect(login.body).toEqual({
        token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
        expiresAt: expect.any(String),
      });
      const me = await rt.request('GET', '/api/me', { token: login.body.token });
      expect(me.body).toEqual({
        username: 'c-staff',
        displayName: 'c-staff',
        tenant: 'city',
        roles: ['staff'],
        groups: ['window'],
      });
      expectError(
        await rt.request('POST', '/api/auth/login', { body: { username: 'c-staff', password: 'wrong-password' } }),
        401,
        'INVALID_CREDENTIALS',
      );
      expect((await rt.request('POST', '/api/auth/logout', { token: login.body.token })).status).toBe(204);
      expectError(await rt.request('GET', '/api/me', { token: login.body.token }), 401, 'UNAUTHENTICATED');
      expectError(await rt.request('GET', '/api/me'), 401, 'UNAUTHENTICATED');
    });

    it('a login ignores a stale bearer token the client still sends', async () => {
      const r = await rt.request('POST', '/api/auth/login', {
        token: 'stale-token',
        body: { username: 'c-staff', password: PASSWORD },
      });
      expect(r.status).toBe(200);
    });
  });

  describe('directory', () => {
    it('POST/GET /api/tenants', async () => {
      const created = await req('POST', '/api/tenants', {
        body: { id: 'contract-t', name: '测试镇', parentId: 'city' },
      });
      expect(created).toEqual({ status: 201, body: { id: 'contract-t', name: '测试镇', parentId: 'city' } });
      expectError(
        await req('POST', '/api/tenants', { body: { id: 'contract-t', name: 'again', parentId: 'city' } }),
        409,
        'TENANT_EXISTS',
      );
      expectError(await req('POST', '/api/tenants', { body: { id: 'x', name: 'x', parentId: 'no-such-parent' } }), 404);
      const bad = await req('POST', '/api/tenants', { body: { id: 'bad id!', name: '', parentId: 'city' } });
      expectError(bad, 400, 'REQUEST_INVALID');
      expect(bad.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual(['body/id', 'body/name']);
      const list = await req('GET', '/api/tenants');
      expect(list.body).toContainEqual({ id: 'contract-t', name: '测试镇', parentId: 'city' });
      expect(list.body).toContainEqual({ id: 'city', name: expect.any(String), parentId: null });
    });

    it('POST/GET /api/groups', async () => {
      expect(
        await req('POST', '/api/groups', { body: { id: 'contract-g', name: '测试组', tenantId: 'contract-t' } }),
      ).toEqual({ status: 201, body: { id: 'contract-g', name: '测试组', tenantId: 'contract-t' } });
      expectError(
        await req('POST', '/api/groups', { body: { id: 'contract-g', name: 'again', tenantId: 'city' } }),
        409,
        'GROUP_EXISTS',
      );
      expectError(
        await req('POST', '/api/groups', { body: { id: 'contract-g2', name: 'x', tenantId: 'no-such-tenant' } }),
        404,
      );
      expect((await req('GET', '/api/groups')).body).toContainEqual({
        id: 'contract-g',
        name: '测试组',
        tenantId: 'contract-t',
      });
    });

    it('POST/GET /api/users', async () => {
      const body = {
        username: 'contract-u',
        password: 'long-enough-1',
        displayName: '测试员',
        tenantId: 'contract-t',
        groups: ['contract-g'],
        roles: ['staff', 'supervisor'],
      };
      const created = await req('POST', '/api/users', { body });
      expect(created).toEqual({
        status: 201,
        body: {
          username: 'contract-u',
          displayName: '测试员',
          tenantId: 'contract-t',
          groups: ['contract-g'],
          roles: ['staff', 'supervisor'],
        },
      });
      expectError(await req('POST', '/api/users', { body }), 409, 'USER_EXISTS');
      expectError(
        await req('POST', '/api/users', { body: { ...body, username: 'contract-u2', groups: ['no-such-group'] } }),
        400,
        'GROUP_UNKNOWN',
      );
      const bad = await req('POST', '/api/users', {
        body: { ...body, username: 'contract-u3', roles: ['root'], groups: 'contract-g' },
      });
      expectError(bad, 400, 'REQUEST_INVALID');
      expect(bad.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
        'body/groups',
        'body/roles/0',
      ]);
      expect((await req('GET', '/api/users')).body).toContainEqual({
        username: 'contract-u',
        displayName: '测试员',
        tenantId: 'contract-t',
        roles: ['staff', 'supervisor'],
      });
      expectError(await rt.request('GET', '/api/users', { token: staff }), 403, 'FORBIDDEN');
      // Staff find the people they may hand work to by a part of the name: name, account and unit only.
      const people = await rt.request('GET', `/api/people?q=${encodeURIComponent('测试')}`, { token: staff });
      expect(people).toEqual({
        status: 200,
        body: [{ username: 'contract-u', displayName: '测试员', unit: '测试镇' }],
      });
      expect((await rt.request('GET', '/api/people?q=%25', { token: staff })).body).toEqual([]);
      expect(((await rt.request('GET', '/api/people?limit=2', { token: staff })).body as unknown[]).length).toBe(2);
    });
  });

  describe('definitions', () => {
    let deployment: any;

    beforeAll(async () => {
      const r = await req('POST', '/api/deployments', {
        body: {
          tenant: 'city',
          resources: [
            { name: 'contract-work.bpmn', content: WORK_XML },
            simpleForm('contract-form'),
            { name: 'routing.dmn', content: DMN },
          ],
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      deployment = r.body;
    });

    it('POST /api/deployments → 201 with processes, forms and decisions', async () => {
      expect(deployment).toEqual({
        id: expect.any(String),
        tenant: 'city',
        processes: [
          { id: expect.any(String), key: 'contract-work', version: 1, tenant: 'city', name: 'contract-work' },
        ],
        forms: [{ id: expect.any(String), key: 'contract-form', version: 1, tenant: 'city', name: 'contract-form' }],
        decisions: expect.arrayContaining([
          { id: expect.any(String), key: 'appeal_route', version: 1, tenant: 'city', name: '诉求分派' },
        ]),
      });
    });

    it('deploying the same resources again keeps the versions; a changed process gets the next one', async () => {
      const again = await req('POST', '/api/deployments', {
        body: { tenant: 'city', resources: [{ name: 'contract-work.bpmn', content: WORK_XML }] },
      });
      expect(again.status).toBe(201);
      expect(again.body.processes).toEqual([deployment.processes[0]]);
      const changed = await req('POST', '/api/deployments', {
        body: {
          tenant: 'city',
          resources: [{ name: 'contract-work.bpmn', content: WORK_XML.replace('name="contract-work"', 'name="v2"') }],
        },
      });
      expect(changed.body.processes).toEqual([
        { id: expect.any(String), key: 'contract-work', version: 2, tenant: 'city', name: 'v2' },
      ]);
      expect(changed.body.id).not.toBe(deployment.id);
    });

    it('422 lists every compile problem and writes nothing', async () => {
      const before = await rowCounts(rt.deps.db.knex);
      const broken = linearBpmn('broken', [{ kind: 'user', id: 'T', formId: 'no-such-form' }]).replace(
        'targetRef="End"',
        'targetRef="Nowhere"',
      );
      const r = await req('POST', '/api/deployments', {
        body: { tenant: 'city', resources: [{ name: 'broken.bpmn', content: broken }, simpleForm('ok-form')] },
      });
      expectError(r, 422, 'DEFINITION_INVALID');
      const codes = r.body.error.problems.map((p: { code: string; resource: string }) => `${p.resource}:${p.code}`);
      expect(codes).toEqual(expect.arrayContaining(['broken.bpmn:REFERENCE_MISSING', 'broken.bpmn:FORM_MISSING']));
      expect(
        r.body.error.problems.every(
          (p: { message: string; elementId?: string }) =>
            p.elementId === undefined || p.message.startsWith(`<${p.elementId}>`),
        ),
      ).toBe(true);
      expect(await rowCounts(rt.deps.db.knex)).toEqual(before);
    });

    it('400 for a bad resource list; 404 for an unknown tenant; 403 for staff', async () => {
      const bad = await req('POST', '/api/deployments', {
        body: { tenant: 'city', resources: [{ name: '../evil.bpmn', content: 1 }] },
      });
      expectError(bad, 400, 'REQUEST_INVALID');
      expect(bad.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
        'body/resources/0/content',
        'body/resources/0/name',
      ]);
      expectError(
        await req('POST', '/api/deployments', { body: { tenant: 'city', resources: [] } }),
        400,
        'REQUEST_INVALID',
      );
      expectError(
        await req('POST', '/api/deployments', {
          body: { tenant: 'no-such-tenant', resources: [{ name: 'a.bpmn', content: WORK_XML }] },
        }),
        404,
      );
      expectError(
        await rt.request('POST', '/api/deployments', {
          token: staff,
          body: { tenant: 'city', resources: [{ name: 'a.bpmn', content: WORK_XML }] },
        }),
        403,
        'FORBIDDEN',
      );
    });

    it('413 for a body over 2 MB, and nothing is written', async () => {
      const before = await rowCounts(rt.deps.db.knex);
      const padded = WORK_XML.replace('</bpmn:definitions>', `<!-- ${'x'.repeat(2_200_000)} --></bpmn:definitions>`);
      expectError(
        await req('POST', '/api/deployments', {
          body: { tenant: 'city', resources: [{ name: 'big.bpmn', content: padded }] },
        }),
        413,
        'BODY_TOO_LARGE',
      );
      expect(await rowCounts(rt.deps.db.knex)).toEqual(before);
    });

    it('GET /api/process-definitions (filters), /:id and /:id/xml', async () => {
      const all = await req('GET', '/api/process-definitions?key=contract-work');
      expect(all.body.map((d: { version: number }) => d.version)).toEqual([2, 1]);
      expect(all.body[0]).toEqual({
        id: expect.any(String),
        key: 'contract-work',
        version: 2,
        tenant: 'city',
        tenantName: expect.any(String),
        name: 'v2',
        deploymentId: expect.any(String),
        resourceName: 'contract-work.bpmn',
        createdAt: expect.any(String),
      });
      expect(
        (await req('GET', '/api/process-definitions?key=contract-work&latest=true')).body.map(
          (d: { version: number }) => d.version,
        ),
      ).toEqual([2]);
      const forTown = (await req('GET', '/api/process-definitions?tenant=town-a')).body.map(
        (d: { key: string }) => d.key,
      );
      expect(forTown).toEqual(expect.arrayContaining(['appeal-loop', 'contract-work']));
      const one = await req('GET', `/api/process-definitions/${deployment.processes[0].id}`);
      expect(one.body).toMatchObject({
        id: deployment.processes[0].id,
        key: 'contract-work',
        version: 1,
        compiled: { id: 'contract-work' },
      });
      const xml = await req('GET', `/api/process-definitions/${deployment.processes[0].id}/xml`);
      expect(xml.status).toBe(200);
      expect(xml.body).toBe(WORK_XML);
      expectError(await req('GET', '/api/process-definitions/no-such-id'), 404, 'NOT_FOUND');
      expectError(await req('GET', `/api/process-definitions/${deployment.forms[0].id}`), 404, 'NOT_FOUND');
    });

    it('GET /api/process-definitions/:key/versions and DELETE /:key/override (恢复继承)', async () => {
      const versions = await req('GET', '/api/process-definitions/contract-work/versions?tenant=city');
      expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(
        (
          await req('POST', '/api/deployments', {
            body: {
              tenant: 'town-a',
              comment: '镇里的版本',
              resources: [
                {
                  name: 'contract-work.bpmn',
                  content: WORK_XML.replace('</bpmn:definitions>', '<!-- 镇里的版本 --></bpmn:definitions>'),
                },
              ],
            },
          })
        ).status,
      ).toBe(201);
      const own = (await req('GET', '/api/process-definitions?tenant=town-a&key=contract-work&latest=true')).body.find(
        (d: { tenant: string }) => d.tenant === 'town-a',
      );
      expect(own).toMatchObject({ basedOn: { tenant: 'city', version: 2 }, behind: false });
      const reverted = await req('DELETE', '/api/process-definitions/contract-work/override?tenant=town-a');
      expect(reverted.body).toMatchObject({ tenant: 'town-a', inherits: { tenant: 'city', version: 2 } });
      expectError(
        await req('DELETE', '/api/process-definitions/contract-work/override?tenant=town-a'),
        404,
        'NOT_FOUND',
      );
    });

    it('POST /api/{process,form,decision}-definitions/:key/rebase (同步市级更新, a preview)', async () => {
      const cityXml = linearBpmn('contract-rebase', [{ kind: 'user', id: 'Task_A', name: '受理' }]);
      const deployAt = (tenant: string, content: string) =>
        req('POST', '/api/deployments', { body: { tenant, resources: [{ name: 'contract-rebase.bpmn', content }] } });
      expect((await deployAt('city', cityXml)).status).toBe(201);
      expect((await deployAt('town-a', cityXml.replace('name="受理"', 'name="镇受理"'))).status).toBe(201);
      expect((await deployAt('city', cityXml.replace('name="contract-rebase"', 'name="v2"'))).status).toBe(201);
      const preview = await req('POST', '/api/process-definitions/contract-rebase/rebase?tenant=town-a', { body: {} });
      expect(preview.body).toMatchObject({ onto: { version: 2 }, conflicts: [] });
      expectError(
        await req('POST', '/api/process-definitions/contract-rebase/rebase?tenant=city', { body: {} }),
        409,
        'NOT_AN_OVERLAY',
      );
      const form = { id: 'contract-rebase-form', schema: { type: 'object', properties: { a: { type: 'string' } } } };
      const deployForm = (tenant: string, content: unknown) =>
        req('POST', '/api/deployments', {
          body: { tenant, resources: [{ name: 'contract-rebase-form.form.json', content }] },
        });
      expect((await deployForm('city', form)).status).toBe(201);
      expect((await deployForm('town-a', { ...form, name: '镇表单' })).status).toBe(201);
      expect((await deployForm('city', { ...form, name: '市表单' })).status).toBe(201);
      const formPreview = await req('POST', '/api/form-definitions/contract-rebase-form/rebase?tenant=town-a', {
        body: {},
      });
      expect(formPreview.body).toMatchObject({ onto: { version: 2 }, conflicts: [{ id: '$form/name' }] });
      const dmn = (deadline: string, dept: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_contract_rebase" name="DRD" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="contract_rebase" name="分拨">
    <decisionTable id="Table_contract_rebase" hitPolicy="FIRST">
      <input id="Input_1" label="类别"><inputExpression id="InputExpression_1" typeRef="string"><text>category</text></inputExpression></input>
      <output id="Output_1" label="部门" name="dept" typeRef="string" />
      <output id="Output_2" label="时限" name="deadline" typeRef="string" />
      <rule id="Rule_1"><inputEntry id="UnaryTests_1"><text>-</text></inputEntry><outputEntry id="Out_1"><text>"${dept}"</text></outputEntry><outputEntry id="Out_2"><text>"${deadline}"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
      const deployDmn = (tenant: string, content: string) =>
        req('POST', '/api/deployments', { body: { tenant, resources: [{ name: 'contract_rebase.dmn', content }] } });
      expect((await deployDmn('city', dmn('5 workDay', 'dept-zz'))).status).toBe(201);
      expect((await deployDmn('town-a', dmn('5 workDay', 'town-a-sfs'))).status).toBe(201);
      expect((await deployDmn('city', dmn('3 workDay', 'dept-zz'))).status).toBe(201);
      const dmnPreview = await req('POST', '/api/decision-definitions/contract_rebase/rebase?tenant=town-a', {
        body: {},
      });
      expect(dmnPreview.body).toMatchObject({ onto: { version: 2 }, applied: [{ id: 'Rule_1' }], conflicts: [] });
    });

    it('GET /api/forms/:key?tenant=', async () => {
      const form = await req('GET', '/api/forms/contract-form?tenant=town-a');
      expect(form.body).toMatchObject({
        key: 'contract-form',
        version: 1,
        tenant: 'city',
        form: { id: 'contract-form', schema: { required: ['note'] } },
      });
      expectError(await req('GET', '/api/forms/no-such-form?tenant=city'), 404, 'NOT_FOUND');
      const missing = await req('GET', '/api/forms/contract-form');
      expectError(missing, 400, 'REQUEST_INVALID');
      expect(missing.body.error.problems).toEqual([
        { path: 'query/tenant', keyword: 'required', message: 'is required' },
      ]);
    });
  });

  describe('every other route, once: deadlines, supervision, notifications, dashboard, enterprises, the public pages, account administration', () => {
    const start = async (tenant = 'city') => {
      const c = (await req('POST', '/api/process-instances', { body: { processKey: 'appeal-loop', tenant } })).body;
      const [task] = (await req('GET', `/api/tasks?processInstanceId=${c.id}`)).body as Array<{ id: string }>;
      return { caseId: c.id as string, taskId: task!.id };
    };

    beforeAll(() => {
      (rt.deps.clock as ControlledClock).set('2026-03-02T02:00:00.000Z'); // a Monday, 10:00 in Shanghai
    });

    it('definitions of forms and decision tables', async () => {
      const [form] = (await req('GET', '/api/form-definitions?key=contract-form')).body;
      const source = (await req('GET', `/api/form-definitions/${form.id}`)).body.form;
      expect(source).toMatchObject({ id: 'contract-form' });
      // A township's copy of a form says its base, then "behind" once the city deploys again; 恢复继承 withdraws it.
      const deployForm = async (tenant: string, title: string) =>
        req('POST', '/api/deployments', {
          body: {
            tenant,
            resources: [
              { name: 'contract-form.form.json', content: { ...source, schema: { ...source.schema, title } } },
            ],
          },
        });
      expect((await deployForm('town-a', '镇里的版本')).status).toBe(201);
      const formCopy = async () =>
        (await req('GET', '/api/form-definitions?tenant=town-a&key=contract-form&latest=true')).body.find(
          (d: { tenant: string }) => d.tenant === 'town-a',
        );
      expect(await formCopy()).toMatchObject({
        basedOn: { tenant: form.tenant, key: 'contract-form', version: form.version, id: form.id },
        behind: false,
      });
      const cityAgain = await deployForm(form.tenant, '市级新版');
      expect(cityAgain.status).toBe(201);
      const [newer] = cityAgain.body.forms;
      expect(await formCopy()).toMatchObject({
        basedOn: { version: form.version },
        behind: true,
        upstream: { id: newer.id, version: newer.version },
      });
      const formReverted = await req('DELETE', '/api/form-definitions/contract-form/override?tenant=town-a');
      expect(formReverted.body).toMatchObject({ tenant: 'town-a', inherits: { id: newer.id, version: newer.version } });
      expect(await formCopy()).toBeUndefined();
      expect((await req('GET', '/api/forms/contract-form?tenant=town-a')).body).toMatchObject({ id: newer.id });
      expectError(await req('DELETE', '/api/form-definitions/contract-form/override?tenant=town-a'), 404, 'NOT_FOUND');
      const [decision] = (await req('GET', '/api/decision-definitions?latest=true&key=appeal_route')).body;
      const xml: string = (await req('GET', `/api/decision-definitions/${decision.id}/xml`)).body;
      expect(xml).toContain('<decision');
      // A township's own copy says its base; 恢复继承 withdraws it.
      const copy = await req('POST', '/api/deployments', {
        body: {
          tenant: 'town-a',
          resources: [
            {
              name: 'appeal_route.dmn',
              content: xml.replace(/<\/definitions>\s*$/, '<!-- 镇里的版本 --></definitions>'),
            },
          ],
        },
      });
      expect(copy.status, JSON.stringify(copy.body)).toBe(201);
      const own = (await req('GET', '/api/decision-definitions?tenant=town-a&key=appeal_route&latest=true')).body.find(
        (d: { tenant: string }) => d.tenant === 'town-a',
      );
      expect(own).toMatchObject({ basedOn: { tenant: decision.tenant, version: decision.version }, behind: false });
      const reverted = await req('DELETE', '/api/decision-definitions/appeal_route/override?tenant=town-a');
      expect(reverted.body).toMatchObject({ tenant: 'town-a', inherits: { id: decision.id } });
      expectError(
        await req('DELETE', '/api/decision-definitions/appeal_route/override?tenant=town-a'),
        404,
        'NOT_FOUND',
      );
      expect(
        (
          await req('POST', `/api/decision-definitions/${decision.id}/evaluate`, {
            body: { inputs: { category: '劳动纠纷' } },
          })
        ).body.ok,
      ).toBeDefined();
    });

    it('calendars and deadline policies', async () => {
      expect((await req('GET', '/api/calendars/city')).body.tenant).toBe('city');
      expect((await req('GET', '/api/calendars/city/days?from=2026-03-01&to=2026-03-03')).body.days).toHaveLength(3);
      expect((await req('GET', '/api/calendars/city/preview?duration=3%20workDay')).body.dueAt).toEqual(
        expect.any(String),
      );
      expect(
        (
          await req('PUT', '/api/calendars/contract-t/days', {
            body: { days: [{ date: '2026-03-07', kind: 'workday', name: '调休' }] },
          })
        ).body.updated,
      ).toBe(1);
      expect(
        (
          await req('PUT', '/api/calendars/contract-t/years/2031', {
            body: { holidays: { '2031-01-01': '元旦' }, source: '测试' },
          })
        ).body.year,
      ).toBe(2031);
      expect((await req('DELETE', '/api/calendars/contract-t/years/2031')).body.deleted).toBe(1);
      const notice = readFileSync(
        new URL('../../../engine/calendar/fixtures/notice-2027.test-fixture.txt', import.meta.url),
        'utf8',
      );
      expect(
        (await req('POST', '/api/calendars/contract-t/years/2027/notice', { body: { text: notice, dryRun: true } }))
          .body.saved,
      ).toBe(false);
      expect(
        (await req('POST', '/api/calendars/contract-t/years/2027/notice', { body: { text: notice } })).body.saved,
      ).toBe(true);
      expect((await req('GET', '/api/calendars/city/next-year')).body.nextYear).toEqual(expect.any(Number));
      expect((await req('GET', '/api/deadline-policies/city')).body.tenant).toBe('city');
      expect((await req('PUT', '/api/deadline-policies/contract-t', { body: { maxExtensions: 2 } })).body.own).toEqual({
        maxExtensions: 2,
      });
      expect(
        (await req('PUT', '/api/groups/contract-g/leaders', { body: { usernames: ['contract-u'] } })).body,
      ).toEqual({ group: 'contract-g', leaders: ['contract-u'] });
    });

    it("a task's deadline: urge, pause, resume, extensions asked, approved and rejected", async () => {
      const { taskId } = await start();
      expect((await req('POST', `/api/tasks/${taskId}/urge`, { body: { message: '请尽快办理' } })).body.count).toBe(1);
      expect((await req('GET', `/api/tasks/${taskId}/urges`)).body.count).toBe(1);
      expect((await req('POST', `/api/tasks/${taskId}/pause`, { body: { reason: '等待补充材料' } })).body.taskId).toBe(
        taskId,
      );
      expect((await req('POST', `/api/tasks/${taskId}/resume`)).body.taskId).toBe(taskId);
      const asked = await rt.request('POST', `/api/tasks/${taskId}/extension-requests`, {
        token: staff,
        body: { reason: '需要现场核实', extendBy: '1 workDay' },
      });
      expect(asked.body.status).toBe('pending');
      expect(
        (await req('GET', '/api/extension-requests?status=pending')).body.map((x: { id: string }) => x.id),
      ).toContain(asked.body.id);
      expect(
        (await req('POST', `/api/extension-requests/${asked.body.id}/approve`, { body: { note: '同意' } })).body.status,
      ).toBe('approved');
      const other = await start();
      const refused = await rt.request('POST', `/api/tasks/${other.taskId}/extension-requests`, {
        token: staff,
        body: { reason: '再等等', extendBy: '1 workDay' },
      });
      expect((await req('POST', `/api/extension-requests/${refused.body.id}/reject`, { body: {} })).body.status).toBe(
        'rejected',
      );
      expect((await req('GET', `/api/tasks/${taskId}/deadline`)).body).toMatchObject({ taskId, extensions: 1 });
    });

    it('supervision orders, the monthly circular and notifications', async () => {
      const { caseId, taskId } = await start();
      const order = await req('POST', '/api/supervision-orders', { body: { taskId, reason: '群众多次来电' } });
      expect(order.body).toMatchObject({ processInstanceId: caseId, status: 'open' });
      expect((await req('GET', `/api/supervision-orders?processInstanceId=${caseId}`)).body).toHaveLength(1);
      expect(
        (await req('POST', `/api/supervision-orders/${order.body.id}/close`, { body: { resolution: '已办结' } })).body
          .status,
      ).toBe('closed');
      // 整改反馈: answered (an administrator may answer for the unit), returned, answered again, accepted.
      const second = await req('POST', '/api/supervision-orders', { body: { taskId, reason: '请说明进展' } });
      expect((await req('GET', '/api/supervision-orders/inbox')).body).toMatchObject({
        toAnswer: [],
        toDecide: [],
        issued: [expect.objectContaining({ id: second.body.id })],
      });
      const reply = (body: string) =>
        req('POST', `/api/supervision-orders/${second.body.id}/reply`, { body: { body, attachmentIds: [] } });
      expect((await reply('已约谈')).body).toMatchObject({ status: 'answered', replies: [{ body: '已约谈' }] });
      expect(
        (await req('POST', `/api/supervision-orders/${second.body.id}/return`, { body: { note: '请附凭证' } })).body
          .status,
      ).toBe('open');
      await reply('凭证已补');
      expect((await req('POST', `/api/supervision-orders/${second.body.id}/accept`, { body: {} })).body.status).toBe(
        'closed',
      );
      expect(
        ((await req('GET', `/api/cases/${caseId}/supervision-orders`)).body as Array<{ status: string }>).map(
          (o) => o.status,
        ),
      ).toEqual(['closed', 'closed']);
      // 升级督办: a township's order goes one unit up its case's chain, to the city.
      const township = await start('contract-t');
      const local = await req('POST', '/api/supervision-orders', {
        body: { taskId: township.taskId, reason: '久拖未决' },
      });
      expect(
        (await req('POST', `/api/supervision-orders/${local.body.id}/escalate`, { body: { reason: '镇级督办无果' } }))
          .body,
      ).toMatchObject({ id: local.body.id, status: 'open', level: 1 });
      expect((await req('GET', '/api/circulars/2026-03')).body.month).toBe('2026-03');
      await req('POST', `/api/tasks/${taskId}/urge`, { body: {} });
      const notes = (await rt.request('GET', '/api/notifications?unread=true', { token: staff })).body;
      expect(notes.length).toBeGreaterThan(0);
      expect((await rt.request('POST', `/api/notifications/${notes[0].id}/read`, { token: staff })).body.readBy).toBe(
        'c-staff',
      );
      expect(
        (await rt.request('POST', '/api/notifications/read-all', { token: staff })).body.updated,
      ).toBeGreaterThanOrEqual(0);
    });

    it('the dashboard, enterprises and their QR codes', async () => {
      expect((await req('GET', '/api/dashboard')).body.tenant).toBe('city');
      const e = await req('POST', '/api/enterprises', { body: { name: '测试企业', tenantId: 'city' } });
      expect((await req('GET', '/api/enterprises')).body.map((x: { id: string }) => x.id)).toContain(e.body.id);
      expect((await req('GET', `/api/enterprises/${e.body.id}/qr.svg`)).body).toContain('<svg');
      expect((await req('PUT', `/api/enterprises/${e.body.id}`, { body: { contact: '王经理' } })).body.contact).toBe(
        '王经理',
      );
      expect((await req('POST', `/api/enterprises/${e.body.id}/deactivate`, { body: {} })).body.active).toBe(false);
      expect((await req('POST', `/api/enterprises/${e.body.id}/activate`, { body: {} })).body.active).toBe(true);
      expect((await req('POST', `/api/enterprises/${e.body.id}/reissue`, { body: {} })).body.intakeUrl).not.toBe(
        e.body.intakeUrl,
      );
      expect(
        (
          await req('POST', '/api/enterprises/import', {
            body: { format: 'csv', content: '企业名称\n导入企业', tenantId: 'city', dryRun: true },
          })
        ).body,
      ).toMatchObject({ ok: true, written: false, enterprises: 1 });
      expect((await req('GET', `/api/enterprises/print?id=${e.body.id}`)).body).toContain('测试企业');
      expect((await req('GET', `/api/enterprises/print.pdf?id=${e.body.id}`)).body).toMatch(/^%PDF-/);
    });

    it('the public intake form, submitting an appeal and following it', async () => {
      expect((await rt.request('GET', '/api/public/intake/city')).body.tenant.id).toBe('city');
      const sent = await rt.request('POST', '/api/public/intake/city', { body: { data: INTAKE } });
      expect(
        (await rt.request('GET', `/api/public/appeals/${sent.body.trackingNo}?phone=${INTAKE.phone}`)).body.status,
      ).toBe('active');
    });

    it("a tenant's channels, an appeal registered at the window, the figures and their export", async () => {
      const channels = await req('GET', '/api/tenants/city/channels');
      const web = channels.body.channels.find((c: { channel: string }) => c.channel === 'web');
      expect(web).toMatchObject({ setBy: 'city', inherited: false });
      const set = await req('PUT', '/api/tenants/contract-t/channels', {
        body: { channels: { web: { processKey: web.processKey, formKey: web.formKey } } },
      });
      expect(set.body.channels.find((c: { channel: string }) => c.channel === 'web')).toMatchObject({
        setBy: 'contract-t',
        inherited: false,
      });
      const window = await req('POST', '/api/tenants/city/appeals', { body: { channel: 'window', data: INTAKE } });
      expect(window.body).toMatchObject({ trackingNo: expect.stringMatching(/^SQ/), processKey: web.processKey });
      expect((await req('GET', '/api/dashboard/figures?by=channel')).body.total.received).toBeGreaterThan(0);
      expect((await req('GET', '/api/dashboard/export?format=csv')).body).toContain('合计');
      const bulletin = await req('GET', '/api/dashboard/bulletin');
      expect(bulletin.status).toBe(200);
      expect((await req('GET', `/api/dashboard/bulletin/export?month=${bulletin.body.month}`)).status).toBe(200);
      // 流程监控: the processes by name, and where one's cases stand, element by element.
      const processes = (await req('GET', '/api/process-statistics')).body as Array<{ key: string; open: number }>;
      expect(processes.find((p) => p.key === web.processKey)?.open).toBeGreaterThan(0);
      const map = await req('GET', `/api/process-definitions/${web.processKey}/statistics`);
      expect(map.body.totals.open).toBeGreaterThan(0);
      expectError(await req('GET', '/api/process-definitions/no-such-process/statistics'), 404, 'NOT_FOUND');
    });

    it("an account's lifecycle, group members, a tenant renamed, an import checked, the account events", async () => {
      const user = { username: 'contract-life', displayName: '周期员', tenantId: 'contract-t' };
      expect((await req('POST', '/api/users', { body: { ...user, password: 'correct-horse-9' } })).status).toBe(201);
      expect((await req('GET', '/api/users/contract-life')).body).toEqual({
        ...user,
        roles: ['staff'],
        groups: [],
        leads: [],
        disabled: false,
        mustChangePassword: false,
        demo: false,
        signInBlockedUntil: null,
      });
      const reset = await req('POST', '/api/users/contract-life/password-reset', { body: {} });
      expect(reset.body).toEqual({ temporaryPassword: expect.any(String) });
      const changed = await rt.request('POST', '/api/auth/password', {
        body: { username: 'contract-life', password: reset.body.temporaryPassword, newPassword: 'river-lantern-42' },
      });
      expect(changed.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
      const own = await rt.request('PUT', '/api/me/password', {
        token: changed.body.token,
        body: { password: 'river-lantern-42', newPassword: 'correct-horse-9' },
      });
      expect(own.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
      for (const action of ['disable', 'enable', 'unlock'])
        expect((await req('POST', `/api/users/contract-life/${action}`, { body: {} })).status).toBe(204);
      expect(
        (await req('PUT', '/api/users/contract-life/roles', { body: { roles: ['supervisor', 'staff'] } })).body,
      ).toEqual({ roles: ['staff', 'supervisor'] });
      expect((await req('PUT', '/api/users/contract-life/groups', { body: { groups: ['contract-g'] } })).body).toEqual({
        groups: ['contract-g'],
      });
      expect(
        (await req('PUT', '/api/users/contract-life/display-name', { body: { displayName: '周期员二' } })).body,
      ).toEqual({ displayName: '周期员二' });

      expect((await req('PUT', '/api/groups/contract-g', { body: { name: '测试二组' } })).body).toEqual({
        id: 'contract-g',
        name: '测试二组',
        tenantId: 'contract-t',
      });
      expect((await req('GET', '/api/groups/contract-g/members')).body).toEqual([
        { username: 'contract-life', displayName: '周期员二', leader: false },
        { username: 'contract-u', displayName: '测试员', leader: true },
      ]);
      expect(
        (await req('PUT', '/api/groups/contract-g/members', { body: { usernames: ['contract-u', 'contract-life'] } }))
          .body,
      ).toEqual({ group: 'contract-g', members: ['contract-life', 'contract-u'] });
      expect((await req('PUT', '/api/tenants/contract-t', { body: { name: '测试二镇' } })).body).toEqual({
        id: 'contract-t',
        name: '测试二镇',
        parentId: 'city',
      });

      const csv = [
        '用户名,姓名,所属单位,部门,角色,初始密码',
        'contract-csv,导入员,contract-t,contract-g,工作人员,lantern-river-58',
      ].join('\n');
      expect(
        (
          await req('POST', '/api/directory/import', {
            body: { format: 'csv', kind: 'users', content: csv, dryRun: true },
          })
        ).body,
      ).toEqual({
        dryRun: true,
        ok: true,
        written: false,
        departments: 0,
        users: 1,
        rows: [{ sheet: 'users', row: 2, id: 'contract-csv', problems: [] }],
      });

      const events = (await req('GET', '/api/account-events?subject=user:contract-life')).body;
      expect(events.map((e: { action: string }) => e.action)).toEqual([
        'account.displayName',
        'account.groups',
        'account.roles',
        'account.unlocked',
        'account.enabled',
        'account.disabled',
        'password.changed',
        'password.changed',
        'password.reset',
        'account.created',
      ]);
    });
  });

  describe('cases, tasks and operations', () => {
    const start = (body: Record<string, unknown>) =>
      req('POST', '/api/process-instances', { body: { processKey: 'appeal-loop', tenant: 'city', ...body } });
    const tasksOf = async (id: string) =>
      (await req('GET', `/api/tasks?processInstanceId=${id}`)).body as Array<{ id: string; elementId: string }>;

    it('POST /api/process-instances → 201 with the case view; unknown key 404; variables must be an object', async () => {
      const r = await start({ businessKey: 'C-1', variables: { source: '窗口' } });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({
        id: expect.any(String),
        processKey: 'appeal-loop',
        definitionId: expect.any(String),
        version: 1,
        tenant: 'city',
        businessKey: 'C-1',
        status: 'active',
        variables: { source: '窗口' },
        activeElementIds: ['Task_Receive'],
        incidents: [],
        parentId: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        endedAt: null,
      });
      expectError(await start({ processKey: 'no-such-process' }), 404, 'PROCESS_NOT_FOUND');
      for (const variables of [[1, 2], 'text', 7, null]) {
        const bad = await start({ variables });
        expectError(bad, 400, 'REQUEST_INVALID');
        expect(bad.body.error.problems).toContainEqual(
          expect.objectContaining({ path: 'body/variables', keyword: 'type' }),
        );
      }
    });

    it('GET /api/process-instances (filters), /:id, /:id/history', async () => {
      const { body: c } = await start({ businessKey: 'C-2' });
      const list = await req(
        'GET',
        '/api/process-instances?businessKey=C-2&status=active&processKey=appeal-loop&tenant=city&limit=5',
      );
      expect(list.body.map((x: { id: string }) => x.id)).toEqual([c.id]);
      expect((await req('GET', `/api/process-instances/${c.id}`)).body).toEqual(c);
      const history = await req('GET', `/api/process-instances/${c.id}/history`);
      expect(history.body.events.slice(0, 2)).toEqual([
        {
          type: 'instanceStarted',
          elementId: 'StartEvent_Appeal',
          at: expect.any(String),
          actor: 'admin',
          actorName: '系统管理员',
          data: null,
        },
        {
          type: 'elementActivated',
          elementId: 'StartEvent_Appeal',
          at: expect.any(String),
          actor: 'admin',
          actorName: '系统管理员',
          data: null,
        },
      ]);
      expect(history.body.events.map((e: { type: string }) => e.type)).toContain('taskCreated');
      expectError(await req('GET', '/api/process-instances/no-such-case'), 404, 'NOT_FOUND');
      expectError(await req('GET', '/api/process-instances/no-such-case/history'), 404, 'NOT_FOUND');
    });

    it('POST /api/process-instances/:id/move, /variables and /cancel; a cancelled case refuses further commands (409)', async () => {
      const { body: c } = await start({});
      const moved = await req('POST', `/api/process-instances/${c.id}/move`, {
        body: { cancel: ['Task_Receive'], activate: ['Task_FollowUp'], reason: '补录' },
      });
      expect(moved.status).toBe(200);
      expect(moved.body.activeElementIds).toEqual(['Task_FollowUp']);
      const badMove = await req('POST', `/api/process-instances/${c.id}/move`, {
        body: { cancel: ['Task_FollowUp'], activate: ['No_Such_Element'], reason: 'x' },
      });
      expect([400, 409]).toContain(badMove.status);
      expect(badMove.body.error.message).toContain('No_Such_Element');
      expect((await req('GET', `/api/process-instances/${c.id}`)).body.activeElementIds).toEqual(['Task_FollowUp']);
      const vars = await req('POST', `/api/process-instances/${c.id}/variables`, {
        body: { variables: { priority: 'high' } },
      });
      expect(vars.body.variables).toMatchObject({ priority: 'high' });
      expectError(
        await req('POST', `/api/process-instances/${c.id}/variables`, { body: { variables: ['x'] } }),
        400,
        'REQUEST_INVALID',
      );
      const cancelled = await req('POST', `/api/process-instances/${c.id}/cancel`, { body: { reason: '撤回' } });
      expect(cancelled.body).toMatchObject({ id: c.id, status: 'terminated', activeElementIds: [] });
      expect(
        (await req('GET', `/api/tasks?processInstanceId=${c.id}&status=cancelled`)).body
          .map((t: { elementId: string }) => t.elementId)
          .sort(),
      ).toEqual(['Task_FollowUp', 'Task_Receive']);
      expectError(await req('POST', `/api/process-instances/${c.id}/cancel`, { body: {} }), 409);
      expectError(
        await req('POST', `/api/process-instances/${c.id}/variables`, { body: { variables: { a: 1 } } }),
        409,
      );
      const notes = (await req('GET', `/api/process-instances/${c.id}/history`)).body.events.filter(
        (e: { type: string }) => e.type === 'note',
      );
      expect(notes.map((n: { data: { action: string; reason: string } }) => n.data)).toEqual([
        { action: 'move', reason: '补录' },
        { action: 'cancel', reason: '撤回' },
      ]);
    });

    it('GET /api/tasks, /:id, /:id/form; claim, unclaim, complete with 400/409 errors', async () => {
      const { body: c } = await start({ variables: { applicantName: '预填' } });
      const [task] = await tasksOf(c.id);
      const list = await req('GET', `/api/tasks?processInstanceId=${c.id}`);
      expect(list.body).toHaveLength(1);
      expect(list.body[0]).toMatchObject({
        id: task!.id,
        elementId: 'Task_Receive',
        name: '受理登记',
        processInstanceId: c.id,
        tenant: 'city',
        assignee: null,
        candidateGroups: ['window'],
        candidateUsers: [],
        dueAt: expect.any(String),
        followUpAt: null,
        priority: expect.any(Number),
        formId: 'appeal-intake',
        status: 'open',
        createdAt: expect.any(String),
        completedAt: null,
        completedBy: null,
        deadline: '1 workDay',
      });
      // One task adds what the task page needs: the operations the caller may use, a delegation, why it came back.
      expect((await req('GET', `/api/tasks/${task!.id}`)).body).toEqual({
        ...list.body[0],
        caseTitle: expect.stringContaining('预填'),
        allowedOperations: expect.arrayContaining(['transfer', 'delegate', 'cc']),
        countersign: null,
        delegation: null,
        sentBack: null,
      });
      expect(
        (await rt.request('GET', `/api/tasks?candidateGroup=window&tenant=city`, { token: staff })).body.map(
          (t: { id: string }) => t.id,
        ),
      ).toContain(task!.id);
      const form = await req('GET', `/api/tasks/${task!.id}/form`);
      expect(form.body).toMatchObject({
        formId: 'appeal-intake',
        schema: { type: 'object', required: expect.arrayContaining(['phone']) },
        uiSchema: expect.any(Object),
        data: { applicantName: '预填' },
      });

      const claimed = await rt.request('POST', `/api/tasks/${task!.id}/claim`, { token: staff });
      expect(claimed.status).toBe(200);
      expect(claimed.body).toMatchObject({ id: task!.id, assignee: 'c-staff' });
      const unclaimed = await rt.request('POST', `/api/tasks/${task!.id}/unclaim`, { token: staff });
      expect(unclaimed.body.assignee).toBeNull();

      const draft = await rt.request('PUT', `/api/tasks/${task!.id}/draft`, {
        token: staff,
        body: { data: { applicantName: '暂存' } },
      });
      expect(draft.body).toEqual({ data: { applicantName: '暂存' }, updatedAt: expect.any(String) });
      expect((await rt.request('GET', `/api/tasks/${task!.id}/draft`, { token: staff })).body).toEqual(draft.body);
      expect((await rt.request('GET', `/api/tasks/${task!.id}/form`, { token: staff })).body).toMatchObject({
        case: { id: c.id },
        draft: draft.body,
        caseData: expect.any(Array),
      });
      expect(
        (await rt.request('POST', `/api/tasks/${task!.id}/comments`, { token: staff, body: { body: '材料齐全' } }))
          .body,
      ).toMatchObject({ taskId: task!.id, body: '材料齐全' });
      expect((await req('POST', `/api/cases/${c.id}/opinions`, { body: { body: '同意' } })).body).toMatchObject({
        taskId: null,
        body: '同意',
      });
      const file = await req('GET', `/api/cases/${c.id}`);
      expect(file.body.opinions.map((o: { body: string }) => o.body)).toEqual(['材料齐全', '同意']);
      expect((await req('GET', `/api/cases/${c.id}/diagram`)).body).toContain('<bpmn:definitions');
      expect((await req('GET', `/api/cases/${c.id}/print`)).body).toContain('材料齐全');
      const upload = new FormData();
      upload.append('file', new Blob([Buffer.from(PNG_BASE64, 'base64')], { type: 'image/png' }), '现场照片.png');
      const attached = await rt.request('POST', `/api/tasks/${task!.id}/attachments`, { token: staff, body: upload });
      expect(attached.body).toMatchObject({ fileName: '现场照片.png', mediaType: 'image/png', stepName: '受理登记' });
      const again = new FormData();
      again.append('file', new Blob([Buffer.from(PNG_BASE64, 'base64')]), '平面图.png');
      expect((await req('POST', `/api/cases/${c.id}/attachments`, { body: again })).body).toMatchObject({
        fileName: '平面图.png',
        taskId: null,
      });
      expect(
        (await req('GET', `/api/cases/${c.id}/attachments`)).body.map((a: { fileName: string }) => a.fileName),
      ).toEqual(['现场照片.png', '平面图.png']);
      expect((await req('GET', `/api/attachments/${attached.body.id}`)).status).toBe(200);
      // 附件规则 of a unit, and a photo a citizen uploads before submitting an appeal.
      expect((await req('GET', '/api/attachment-policies/city')).body.effective.kinds).toEqual([
        'photo',
        'pdf',
        'office',
      ]);
      expect((await req('PUT', '/api/attachment-policies/city', { body: { publicMaxFiles: 3 } })).body.own).toEqual({
        publicMaxFiles: 3,
      });
      const photo = new FormData();
      photo.append('file', new Blob([Buffer.from(PNG_BASE64, 'base64')]), '现场.png');
      expect((await rt.request('POST', '/api/public/intake/city/attachments', { body: photo })).body).toMatchObject({
        fileName: '现场.png',
        mediaType: 'image/png',
      });
      expect((await req('GET', `/api/cases?q=${encodeURIComponent(c.businessKey ?? '预填')}`)).body).toMatchObject({
        page: 1,
        items: expect.any(Array),
      });
      // The dashboard's drills: a figure's cases, a department's refusals, a step's open cases, those closed lately.
      for (const query of [
        'figure=referred',
        'refusedBy=dept-sj',
        `openStep=${encodeURIComponent('受理登记')}&light=red`,
        'closedSince=2026-01-01T00:00:00.000Z',
        'process=appeal-loop&waitingAt=Task_Receive&light=red',
      ])
        expect((await req('GET', `/api/cases?${query}`)).body, query).toMatchObject({ total: expect.any(Number) });
      expectError(await req('GET', '/api/cases?figure=nothing'), 400, 'REQUEST_INVALID');
      expectError(await req('GET', '/api/cases/no-such-case'), 404, 'NOT_FOUND');
      const invalid = await rt.request('POST', `/api/tasks/${task!.id}/complete`, {
        token: staff,
        body: { variables: { phone: '123' } },
        headers: { 'accept-language': 'en' },
      });
      expectError(invalid, 400, 'FORM_INVALID');
      expect(invalid.body.error.problems.length).toBeGreaterThanOrEqual(4);
      expect((await req('GET', `/api/tasks/${task!.id}`)).body.status).toBe('open');
      const done = await rt.request('POST', `/api/tasks/${task!.id}/complete`, {
        token: staff,
        body: { variables: INTAKE },
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        id: task!.id,
        status: 'completed',
        completedBy: 'c-staff',
        completedAt: expect.any(String),
      });
      for (const action of ['complete', 'claim', 'unclaim']) {
        expectError(
          await rt.request('POST', `/api/tasks/${task!.id}/${action}`, {
            token: staff,
            body: action === 'complete' ? { variables: INTAKE } : {},
          }),
          409,
          'TASK_NOT_OPEN',
        );
      }
      expect(
        (await req('GET', `/api/tasks?processInstanceId=${c.id}&status=completed`)).body.map(
          (t: { id: string }) => t.id,
        ),
      ).toEqual([task!.id]);
      expect((await req('GET', `/api/tasks/${task!.id}`)).body).toEqual({
        ...done.body,
        caseTitle: expect.any(String),
        allowedOperations: [],
        countersign: null,
        delegation: null,
        sentBack: null,
      });
      expect((await req('GET', `/api/tasks/${task!.id}/form`)).body).toMatchObject({
        formId: 'appeal-intake',
        data: INTAKE,
      });
      expectError(await req('GET', '/api/tasks/no-such-task'), 404, 'NOT_FOUND');
      expectError(await req('GET', '/api/tasks/no-such-task/form'), 404, 'NOT_FOUND');
      expectError(await req('POST', '/api/tasks/no-such-task/complete', { body: {} }), 404, 'NOT_FOUND');
    });

    it('task operations: 退回, 退单, 撤回, 转办, 委派/办毕 answer the task; 抄送 the recipients', async () => {
      const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
        rt.request('POST', path, { token: await rt.login(user), body });
      const only = async (id: string) => {
        const tasks = await tasksOf(id);
        expect(tasks).toHaveLength(1);
        return tasks[0]!;
      };
      const referred = async () => {
        const { body: c } = await req('POST', '/api/process-instances', {
          body: { processKey: 'appeal-loop', tenant: 'town-a' },
        });
        const receive = await only(c.id);
        expect(
          (
            await post('window1', `/api/tasks/${receive.id}/complete`, {
              variables: { ...INTAKE, category: '物业纠纷' },
            })
          ).status,
        ).toBe(200);
        return { receive, handle: await only(c.id) };
      };
      const returned = await post('zj1', `/api/tasks/${(await referred()).handle.id}/return`, { reason: '材料不全' });
      expect(returned.body).toMatchObject({ elementId: 'Task_Receive', status: 'open' });
      expect(
        (await post('zj1', `/api/tasks/${(await referred()).handle.id}/refuse`, { reason: '不属于本部门' })).body,
      ).toMatchObject({ elementId: 'Task_Receive' });
      expect((await post('window1', `/api/tasks/${(await referred()).receive.id}/withdraw`)).body).toMatchObject({
        elementId: 'Task_Receive',
        status: 'open',
      });
      expect(
        (
          await post('zj1', `/api/tasks/${(await referred()).handle.id}/transfer`, {
            toGroup: 'dept-rs',
            reason: '由人社局办理',
          })
        ).body,
      ).toMatchObject({ candidateGroups: ['dept-rs'] });
      const { handle } = await referred();
      expect((await post('zj1', `/api/tasks/${handle.id}/claim`)).status).toBe(200);
      expect(
        (await post('zj1', `/api/tasks/${handle.id}/delegate`, { toUser: 'zz1', reason: '请协助核实' })).body,
      ).toMatchObject({ assignee: 'zz1' });
      expect((await post('zz1', `/api/tasks/${handle.id}/resolve`, { note: '情况属实' })).body).toMatchObject({
        assignee: 'zj1',
      });
      expect((await post('zj1', `/api/tasks/${handle.id}/cc`, { users: ['rs1'], note: '请知悉' })).body).toEqual({
        recipients: [{ kind: 'user', id: 'rs1' }],
      });
      // 加签 / 减签 on a countersign of 人社局 and 住建局.
      const sign = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="contract-sign" isExecutable="true">
    <bpmn:startEvent id="S" /><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T" />
    <bpmn:userTask id="T" name="会签">
      <bpmn:extensionElements><zeebe:assignmentDefinition assignee="=signer" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
        <zeebe:loopCharacteristics inputCollection="=[&#34;rs1&#34;, &#34;zj1&#34;]" inputElement="signer" />
      </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="E" /><bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;
      expect(
        (
          await req('POST', '/api/deployments', {
            body: { tenant: 'city', resources: [{ name: 'c.bpmn', content: sign }] },
          })
        ).status,
      ).toBe(201);
      const joint = await req('POST', '/api/process-instances', {
        body: { processKey: 'contract-sign', tenant: 'city' },
      });
      const [signTask] = await tasksOf(joint.body.id);
      expect(
        (await req('POST', `/api/tasks/${signTask!.id}/add-signers`, { body: { users: ['zz1'] } })).body,
      ).toMatchObject({ counts: { total: 3 }, rule: { kind: 'all' } });
      expect(
        (await req('POST', `/api/tasks/${signTask!.id}/remove-signers`, { body: { users: ['zz1'], reason: '无关' } }))
          .body,
      ).toMatchObject({ counts: { total: 2 } });
    });

    it('work lists: 已办, 我发起, 抄送我 with its read receipt, 我抄送的, counts', async () => {
      const { body: c } = await start({});
      const [task] = await tasksOf(c.id);
      expect(
        (await req('POST', `/api/tasks/${task!.id}/cc`, { body: { users: ['c-staff'], note: '请知悉' } })).status,
      ).toBe(200);
      const copies = (await rt.request('GET', '/api/worklists/cc', { token: staff })).body;
      expect(copies).toMatchObject({ total: 1, unread: 1, items: [{ caseId: c.id, note: '请知悉', readAt: null }] });
      expect(
        (await rt.request('POST', `/api/worklists/cc/${copies.items[0].id}/read`, { token: staff })).body,
      ).toMatchObject({ readBy: 'c-staff' });
      expect((await req('GET', '/api/worklists/cc-sent')).body.items[0]).toMatchObject({
        caseId: c.id,
        readBy: 'c-staff',
      });
      expect(
        (await req('GET', '/api/worklists/started?page=1')).body.items.map((i: { caseId: string }) => i.caseId),
      ).toContain(c.id);
      expect((await rt.request('GET', '/api/worklists/done', { token: staff })).body).toMatchObject({
        page: 1,
        items: expect.any(Array),
      });
      expect((await rt.request('GET', '/api/worklists/counts', { token: staff })).body).toMatchObject({ ccUnread: 0 });
    });

    it('离岗代理: status, set, list, cancel', async () => {
      const as = (method: string, path: string, body?: unknown) =>
        rt.request(method, path, { token: staff, ...(body ? { body } : {}) });
      const status = (await as('GET', '/api/leave-proxies/status')).body;
      expect(status).toMatchObject({ user: 'c-staff', current: null, openTasks: 0 });
      const set = await as('POST', '/api/leave-proxies', {
        proxy: 'window1',
        startsOn: status.today,
        endsOn: null,
        reason: '年休假',
      });
      expect(set.body).toMatchObject({ proxy: 'window1', state: 'active', handedOver: 0 });
      expect((await as('GET', '/api/leave-proxies')).body).toEqual([expect.objectContaining({ id: set.body.id })]);
      expect((await as('POST', `/api/leave-proxies/${set.body.id}/cancel`, {})).body).toMatchObject({
        state: 'cancelled',
      });
    });

    it('front desk: the intake form for a tenant and a phone appeal answer the receipt', async () => {
      const window1 = await rt.login('window1');
      expect((await rt.request('GET', '/api/front-desk/intake/town-a', { token: window1 })).body).toMatchObject({
        channels: ['窗口', '电话'],
      });
      const r = await rt.request('POST', '/api/front-desk/appeals', {
        token: window1,
        body: { tenant: 'town-a', channel: '电话', data: { ...INTAKE, category: '物业纠纷' } },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ channel: '电话', tenant: { id: 'town-a' } });
    });

    it('jobs: activate, fail (retry, incident), incidents list and retry, complete, throw-error; messages reach the waiting case', async () => {
      const c = (
        await req('POST', '/api/process-instances', {
          body: { processKey: 'contract-work', tenant: 'city', variables: { caseNo: 'K-9' } },
        })
      ).body;
      const activate = () =>
        req('POST', '/api/jobs/activate', {
          body: { type: 'contract-job', worker: 'w1', maxJobs: 10, lockDurationMs: 60_000 },
        });
      const jobs = (await activate()).body.filter((j: { processInstanceId: string }) => j.processInstanceId === c.id);
      expect(jobs).toEqual([
        {
          id: expect.any(String),
          type: 'contract-job',
          processInstanceId: c.id,
          elementId: 'Work',
          tenant: 'city',
          retries: 3,
          headers: {},
          variables: { caseNo: 'K-9' },
        },
      ]);
      const job = jobs[0];
      expect(
        (await activate()).body.filter((j: { processInstanceId: string }) => j.processInstanceId === c.id),
      ).toEqual([]);
      expectError(
        await req('POST', `/api/jobs/${job.id}/complete`, { body: { worker: 'someone-else' } }),
        409,
        'JOB_NOT_LOCKED',
      );
      expect(
        (
          await req('POST', `/api/jobs/${job.id}/fail`, {
            body: { worker: 'w1', retries: 2, errorMessage: 'busy', retryBackoffMs: 0 },
          })
        ).body,
      ).toEqual({ id: job.id, status: 'retrying' });
      const again = (await activate()).body.find((j: { processInstanceId: string }) => j.processInstanceId === c.id);
      expect(again).toMatchObject({ id: job.id, retries: 2 });
      expect(
        (await req('POST', `/api/jobs/${job.id}/fail`, { body: { worker: 'w1', retries: 0, errorMessage: 'down' } }))
          .body,
      ).toEqual({ id: job.id, status: 'incident' });

      const incidents = (await req('GET', `/api/incidents?processInstanceId=${c.id}`)).body;
      expect(incidents).toEqual([
        {
          id: expect.any(String),
          processInstanceId: c.id,
          tenant: 'city',
          elementId: 'Work',
          code: 'JOB_NO_RETRIES',
          message: expect.stringContaining('down'),
          status: 'open',
          createdAt: expect.any(String),
          resolvedAt: null,
        },
      ]);
      expect((await req('GET', `/api/process-instances/${c.id}`)).body.incidents).toEqual([
        expect.objectContaining({ code: 'JOB_NO_RETRIES', elementId: 'Work' }),
      ]);
      expect((await req('GET', `/api/incidents/${incidents[0].id}`)).body).toMatchObject({
        id: incidents[0].id,
        caseId: c.id,
        code: 'JOB_NO_RETRIES',
        title: '自动处理多次失败',
        status: 'open',
      });
      expect((await req('GET', `/api/incidents?processInstanceId=${c.id}&named=true`)).body).toEqual([
        expect.objectContaining({ id: incidents[0].id, title: '自动处理多次失败', stepName: expect.any(String) }),
      ]);
      expectError(
        await rt.request('POST', `/api/incidents/${incidents[0].id}/retry`, { token: staff, body: {} }),
        403,
        'FORBIDDEN',
      );
      expect((await req('POST', `/api/incidents/${incidents[0].id}/retry`, { body: { retries: 1 } })).body).toEqual({
        id: incidents[0].id,
        status: 'resolved',
      });
      expectError(await req('POST', `/api/incidents/${incidents[0].id}/retry`, { body: {} }), 409, 'INCIDENT_NOT_OPEN');
      expectError(await req('POST', '/api/incidents/no-such-incident/retry', { body: {} }), 404, 'NOT_FOUND');
      expect(
        (await req('GET', `/api/incidents?processInstanceId=${c.id}&status=resolved`)).body.map(
          (i: { id: string }) => i.id,
        ),
      ).toEqual([incidents[0].id]);

      const retried = (await activate()).body.find((j: { processInstanceId: string }) => j.processInstanceId === c.id);
      expect(
        (
          await req('POST', `/api/jobs/${retried.id}/complete`, {
            body: { worker: 'w1', variables: { checked: true } },
          })
        ).body,
      ).toEqual({ id: retried.id, status: 'completed' });
      expectError(await req('POST', `/api/jobs/${retried.id}/complete`, { body: { worker: 'w1' } }), 404, 'NOT_FOUND');
      expect((await req('GET', `/api/process-instances/${c.id}`)).body).toMatchObject({
        activeElementIds: ['Wait'],
        variables: { caseNo: 'K-9', checked: true },
      });

      const other = await req('POST', '/api/messages', {
        body: { name: 'contract-go', correlationKey: 'K-other', tenant: 'city' },
      });
      expect(other.body).toEqual({ correlated: [], started: [] });
      const msg = await req('POST', '/api/messages', {
        body: { name: 'contract-go', correlationKey: 'K-9', tenant: 'city', variables: { replied: true } },
      });
      expect(msg.body).toEqual({ correlated: [{ instanceId: c.id, elementId: 'Wait' }], started: [] });
      expect((await req('GET', `/api/process-instances/${c.id}`)).body).toMatchObject({
        activeElementIds: ['Review'],
        variables: { replied: true },
      });
      expect(
        (
          await req('POST', '/api/signals', {
            body: { signalName: 'contract-nobody-waits', tenant: 'city', variables: { level: 1 } },
          })
        ).body,
      ).toEqual({ caught: [], started: [] });
      expectError(
        await req('POST', '/api/signals', { body: { name: 'contract-nobody-waits', tenant: 'city' } }),
        400,
        'REQUEST_INVALID',
      );
      const badMsg = await req('POST', '/api/messages', { body: { correlationKey: 5, tenant: 'city' } });
      expectError(badMsg, 400, 'REQUEST_INVALID');
      expect(
        badMsg.body.error.problems.map((p: { path: string; keyword: string }) => `${p.path}:${p.keyword}`).sort(),
      ).toEqual(['body/correlationKey:type', 'body/name:required']);

      const c2 = (
        await req('POST', '/api/process-instances', {
          body: { processKey: 'contract-work', tenant: 'city', variables: { caseNo: 'K-10' } },
        })
      ).body;
      const j2 = (await activate()).body.find((j: { processInstanceId: string }) => j.processInstanceId === c2.id);
      const thrown = await req('POST', `/api/jobs/${j2.id}/throw-error`, {
        body: { worker: 'w1', errorCode: 'NO_DATA', errorMessage: '没有数据' },
      });
      expect(thrown.body).toEqual({ id: j2.id, status: 'error-thrown' });
      expect((await req('GET', `/api/process-instances/${c2.id}`)).body.incidents).toEqual([
        expect.objectContaining({ elementId: 'Work' }),
      ]);
    });

    it('GET /api/audit and /api/admin/audit/verify: the trail of the calls above, intact', async () => {
      expect((await req('GET', '/api/audit?limit=20')).body.length).toBeGreaterThan(0);
      expect((await req('GET', '/api/admin/audit/verify')).body).toMatchObject({ ok: true, broken: [] });
    });

    it('POST /api/admin/clock: set, advance, 400 for nonsense, 403 for non-admins', async () => {
      const set = await req('POST', '/api/admin/clock', { body: { now: '2030-01-02T03:04:05Z' } });
      expect(set.status).toBe(200);
      expect(Date.parse(set.body.now)).toBeGreaterThanOrEqual(Date.parse('2030-01-02T03:04:05Z'));
      const advanced = await req('POST', '/api/admin/clock', { body: { advance: 'P1D' } });
      expect(Date.parse(advanced.body.now)).toBeGreaterThanOrEqual(Date.parse('2030-01-03T03:04:05Z'));
      expectError(await req('POST', '/api/admin/clock', { body: { now: 'yesterday' } }), 400, 'CLOCK_INVALID');
      expectError(await req('POST', '/api/admin/clock', { body: { advance: '-P1D' } }), 400, 'CLOCK_INVALID');
      expectError(
        await rt.request('POST', '/api/admin/clock', { token: staff, body: { advance: 'P1D' } }),
        403,
        'FORBIDDEN',
      );
    });
  });

  it('every route was called above and answered as the response schema it publishes says', () => {
    const withoutSchema = operations.filter((op) => op.status !== 204 && !op.validate).map((op) => op.key);
    const neverAnswered = operations.map((op) => op.key).filter((key) => !answered.has(key));
    expect({ withoutSchema, neverAnswered }).toEqual({ withoutSchema: [], neverAnswered: [] });
  });

  it('POST /api/admin/clock answers 404 when the clock is not controlled', async () => {
    const plain = await startTestRuntime(dialect, { controlledClock: false, runJobs: false });
    try {
      const token = await plain.login('admin');
      expectError(
        await plain.request('POST', '/api/admin/clock', { token, body: { advance: 'P1D' } }),
        404,
        'NOT_FOUND',
      );
    } finally {
      await plain.stop();
    }
  });
});
