import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../../testing/databases.js';
import { INTAKE, linearBpmn, rowCounts, seedUsers, simpleForm } from '../../testing/http.js';

const dialects = await testDialects();
const PASSWORD = 'bad-input-pass-1';
const VALID_XML = linearBpmn('fuzz-target', [
  { kind: 'user', id: 'Check', candidateGroups: 'window', formId: 'fuzz-form' },
]);

/** A file whose content must never show up in any answer. */
const secretDir = mkdtempSync(join(tmpdir(), 'civicflow-secret-'));
const SECRET = `TOP-SECRET-${Date.now()}-marker`;
const SECRET_FILE = join(secretDir, 'secret.txt');
writeFileSync(SECRET_FILE, SECRET);

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '$where',
  '',
  ' ',
  '..',
  'a.b',
  '0',
];
const HOSTILE_TEXT = [
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file://' + SECRET_FILE + '">]>',
  '&e;',
  '<![CDATA[',
  ']]>',
  '=1/0',
  '=now()',
  '=string(x)',
  '${7*7}',
  "'; drop table tasks; --",
  '\uFFFF',
  '\uD800',
  '\u202E',
  'a\u0000b',
  '%00',
  '../../etc/passwd',
  'null',
  'true',
  '[]',
  '{}',
  '0x10',
  '-0',
  '1e309',
];

/** Text of a JSON document or of something that only looks like one. */
type Payload = { text: string; contentType?: string };

const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(...HOSTILE_TEXT),
  fc.constantFrom(...HOSTILE_KEYS),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;
/** Nesting far beyond anything sensible, as raw text (JSON.stringify itself would overflow first). */
const deepText = fc
  .tuple(fc.integer({ min: 30, max: 4_000 }), fc.constantFrom('[', '{"a":'))
  .map(([n, open]) => open.repeat(n) + '1' + (open === '[' ? ']' : '}').repeat(n));

/** Raw JSON text for an object whose fields come from `fields`, with hostile keys mixed in; or plain garbage. */
function payloads(fields: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Payload> {
  const extras = fc.oneof(
    { arbitrary: fc.constant({}), weight: 4 },
    { arbitrary: fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileValue, { minKeys: 1, maxKeys: 2 }), weight: 1 },
  );
  const jsonText = fc.tuple(fields, extras).map(([f, extra]) => {
    // Build the text by hand so "__proto__" stays an own key (an object literal would set the prototype).
    const entries = [...Object.entries(f), ...Object.entries(extra)].map(
      ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`,
    );
    return `{${entries.join(',')}}`;
  });
  return fc.oneof(
    { arbitrary: jsonText.map((text) => ({ text })), weight: 12 },
    { arbitrary: jsonText.map((text) => ({ text: text.slice(0, Math.max(1, text.length - 3)) })), weight: 1 }, // truncated
    { arbitrary: deepText.map((d) => ({ text: `{"variables":{"a":${d}},"tenant":${d}}` })), weight: 1 },
    { arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ text })), weight: 1 }, // not JSON at all
    {
      arbitrary: fc
        .constantFrom(
          'null',
          '[]',
          '"text"',
          '42',
          'true',
          '{"a":1,}',
          '\uFEFF{}',
          '{"a":NaN}',
          '{"__proto__":{"polluted":1}}',
          '{"constructor":{"prototype":{"polluted":1}}}',
        )
        .map((text) => ({ text })),
      weight: 1,
    },
    { arbitrary: jsonText.map((text) => ({ text, contentType: 'text/plain' })), weight: 1 },
  );
}

type Res = { status: number; body: any };

describe.each(dialects)('bad input on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let staff: string;
  const req = (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => rt.request(method, path, { token: admin, ...options });
  const expectRejected = (r: Res, status: number, code?: string) => {
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(status);
    if (code) expect(r.body.error.code).toBe(code);
  };
  const newIntakeTask = async () => {
    const c = await req('POST', '/api/process-instances', { body: { processKey: 'appeal-loop', tenant: 'city' } });
    return (await req('GET', `/api/tasks?processInstanceId=${c.body.id}`)).body[0].id as string;
  };
  const raw = async (method: string, path: string, payload: Payload, token: string): Promise<Res> => {
    const res = await fetch(rt.url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(payload.contentType !== undefined
          ? { 'content-type': payload.contentType }
          : { 'content-type': 'application/json' }),
      },
      body: payload.text,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  };

  beforeAll(async () => {
    // No job executor: nothing may change the tables between "before" and "after" but the request itself.
    rt = await startTestRuntime(dialect, { loadExamples: true, runJobs: false });
    admin = await rt.login('admin');
    await seedUsers(rt.deps.db.knex, PASSWORD, [
      { username: 'b-staff', tenantId: 'city', roles: ['staff'], groups: ['window'] },
    ]);
    staff = await rt.login('b-staff', PASSWORD);
    expect(
      (await req('POST', '/api/deployments', { body: { tenant: 'city', resources: [simpleForm('fuzz-form')] } }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => rt?.stop());

  describe('form problems follow Accept-Language', () => {
    it('zh-CN (and no header) gives Chinese problems, en gives English, the task stays open', async () => {
      const task = await newIntakeTask();
      const attempt = (headers: Record<string, string>) =>
        rt.request('POST', `/api/tasks/${task}/complete`, {
          token: staff,
          body: { variables: { applicantName: '张', phone: '123' } },
          headers,
        });
      const zh = await attempt({ 'accept-language': 'zh-CN' });
      expectRejected(zh, 400, 'FORM_INVALID');
      const zhMessages = zh.body.error.problems.map((p: { message: string }) => p.message);
      expect(zhMessages).toEqual(expect.arrayContaining(['请填写诉求类别', '请填写诉求内容']));
      expect(zhMessages.join('')).not.toMatch(/must|required/);
      expect(zh.body.error.message).toMatch(/^表单填写有误/);
      expect(zh.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
        '/applicantName',
        '/category',
        '/description',
        '/phone',
      ]);

      const en = await attempt({ 'accept-language': 'en-US,en;q=0.9' });
      expectRejected(en, 400, 'FORM_INVALID');
      const enMessages = en.body.error.problems.map((p: { message: string }) => p.message).join(' | ');
      expect(enMessages).toMatch(/Please fill in 诉求内容/);
      expect(enMessages).toMatch(/诉求人姓名 needs at least 2 characters/);
      expect(enMessages).not.toMatch(/请填写|不应少于/);
      expect(en.body.error.message).toMatch(/^form data is invalid/);

      expect(await attempt({})).toEqual(zh);
      expect(await attempt({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).toEqual(zh);
      expect((await req('GET', `/api/tasks/${task}`)).body.status).toBe('open');
    });
  });

  describe('variables must be JSON objects', () => {
    const notObjects: unknown[] = [[], [1, 2], 'text', '{"a":1}', 0, true, null];

    it('on start, complete, messages, set-variables, job completion and incident retry: 400 naming body/variables', async () => {
      const task = await newIntakeTask();
      const c = (await req('POST', '/api/process-instances', { body: { processKey: 'appeal-loop', tenant: 'city' } }))
        .body;
      const before = await rowCounts(rt.deps.db.knex);
      const targets: Array<[string, string, Record<string, unknown>]> = [
        ['POST', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'city' }],
        ['POST', `/api/tasks/${task}/complete`, {}],
        ['POST', '/api/messages', { name: 'm', tenant: 'city' }],
        ['POST', `/api/process-instances/${c.id}/variables`, {}],
        ['POST', `/api/jobs/${c.id}-99/complete`, { worker: 'w' }],
        ['POST', `/api/incidents/${c.id}-99/retry`, {}],
      ];
      for (const [method, path, base] of targets) {
        for (const variables of notObjects) {
          const r = await req(method, path, { body: { ...base, variables } });
          expectRejected(r, 400, 'REQUEST_INVALID');
          expect(r.body.error.problems, `${path} ${JSON.stringify(variables)}`).toContainEqual(
            expect.objectContaining({ path: 'body/variables', keyword: 'type' }),
          );
        }
      }
      expect(await rowCounts(rt.deps.db.knex)).toEqual(before);
      expect((await req('GET', `/api/tasks/${task}`)).body.status).toBe('open');
    });

    it('values that look like FEEL are stored as text, never evaluated', async () => {
      const variables = { note: '=1 + 1', when: '=now()', nested: { x: '=string(note)' } };
      const c = await req('POST', '/api/process-instances', {
        body: { processKey: 'appeal-loop', tenant: 'city', businessKey: '=now()', variables },
      });
      expect(c.status).toBe(201);
      expect(c.body.variables).toEqual(variables);
      expect(c.body.businessKey).toBe('=now()');
    });
  });

  describe('ids', () => {
    it('path ids with bad characters or lengths are 400 on every kind of resource', async () => {
      const bad = ['a%20b', 'a%2Fb', '.a', 'x'.repeat(81), '_x', 'a%0Ab', '%F0%9F%98%80'];
      const paths = [
        '/api/process-instances/$',
        '/api/process-instances/$/history',
        '/api/tasks/$',
        '/api/tasks/$/form',
        '/api/process-definitions/$',
        '/api/process-definitions/$/xml',
      ];
      const posts = [
        '/api/tasks/$/claim',
        '/api/tasks/$/complete',
        '/api/process-instances/$/cancel',
        '/api/incidents/$/retry',
        '/api/jobs/$/complete',
      ];
      for (const id of bad) {
        for (const p of paths) expect((await req('GET', p.replace('$', id))).status, `${p} ${id}`).toBe(400);
        for (const p of posts) {
          const r = await req('POST', p.replace('$', id), { body: {} });
          expect(r.status, `${p} ${id}`).toBe(400);
          expect(r.body.error.problems).toContainEqual(expect.objectContaining({ path: 'params/id' }));
        }
      }
    });

    it('ids inside bodies follow the id pattern', async () => {
      for (const tenant of ['', 'a b', 'a/b', '-a', 'x'.repeat(65), '城市']) {
        const r = await req('POST', '/api/process-instances', { body: { processKey: 'appeal-loop', tenant } });
        expectRejected(r, 400, 'REQUEST_INVALID');
        expect(r.body.error.problems).toEqual([expect.objectContaining({ path: 'body/tenant' })]);
      }
      const user = await req('POST', '/api/users', {
        body: {
          username: 'bad user',
          password: PASSWORD,
          displayName: 'x',
          tenantId: 'city',
          groups: ['ok', 'bad group'],
        },
      });
      expect(user.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
        'body/groups/1',
        'body/username',
      ]);
    });
  });

  describe('text', () => {
    it('NUL characters anywhere (path, query, body, keys) are 400, never reach the database', async () => {
      const before = await rowCounts(rt.deps.db.knex);
      const attempts: Array<[string, string, unknown, string]> = [
        ['GET', '/api/tasks?processInstanceId=a%00b', undefined, 'query/processInstanceId'],
        ['GET', '/api/forms/a%00b?tenant=city', undefined, 'params/key'],
        [
          'POST',
          '/api/process-instances',
          { processKey: 'appeal-loop', tenant: 'city', businessKey: 'A\u0000' },
          'body/businessKey',
        ],
        [
          'POST',
          '/api/process-instances',
          { processKey: 'appeal-loop', tenant: 'city', variables: { 'k\u0000': 1 } },
          'body/variables/k\u0000',
        ],
        ['POST', '/api/messages', { name: 'm\u0000', tenant: 'city' }, 'body/name'],
        ['POST', '/api/auth/login', { username: 'admin\u0000', password: 'x' }, 'body/username'],
      ];
      for (const [method, path, body, where] of attempts) {
        const r = await req(method, path, body === undefined ? {} : { body });
        expectRejected(r, 400, 'REQUEST_INVALID');
        expect(r.body.error.problems, path).toContainEqual(expect.objectContaining({ path: where }));
      }
      expect(await rowCounts(rt.deps.db.knex)).toEqual(before);
    });

    it('nesting deeper than 32 levels is 400 (it used to reach the engine and overflow its stack)', async () => {
      const deep = '['.repeat(5_000) + ']'.repeat(5_000);
      const r = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: `{"processKey":"appeal-loop","tenant":"city","variables":{"a":${deep}}}`,
      });
      expectRejected(r, 400, 'REQUEST_INVALID');
      expect(r.body.error.problems).toEqual([expect.objectContaining({ keyword: 'maxDepth' })]);
      const ok = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: {
          processKey: 'appeal-loop',
          tenant: 'city',
          variables: { a: JSON.parse('['.repeat(30) + ']'.repeat(30)) },
        },
      });
      expect(ok.status).toBe(201);
    });

    it('unparsable JSON, bare values and prototype keys are 400 with a clear message', async () => {
      for (const text of [
        '{"a":',
        'null',
        '"text"',
        '{"__proto__":{"polluted":1}}',
        '{"variables":{"__proto__":{"polluted":1}}}',
      ]) {
        const r = await rt.request('POST', '/api/process-instances', { token: admin, body: text });
        expectRejected(r, 400, 'REQUEST_INVALID');
        expect(r.body.error.message).toMatch(/not acceptable JSON/);
      }
      // "constructor" is an ordinary name: refused where unknown, kept as plain data in variables.
      const top = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: '{"constructor":{"prototype":{"polluted":1}}}',
      });
      expect(top.body.error.problems).toContainEqual({
        path: 'body/constructor',
        keyword: 'additionalProperties',
        message: 'is not a known field',
      });
      const inVars = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: '{"processKey":"appeal-loop","tenant":"city","variables":{"constructor":{"prototype":{"polluted":1}}}}',
      });
      expect(inVars.status).toBe(201);
      expect((await req('GET', `/api/process-instances/${inVars.body.id}`)).body.variables).toEqual({
        constructor: { prototype: { polluted: 1 } },
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  });

  describe('unknown fields', () => {
    it('are rejected at any depth, naming each one, and nothing is written', async () => {
      const before = await rowCounts(rt.deps.db.knex);
      const r = await req('POST', '/api/deployments', {
        body: { tenant: 'city', dryRun: true, resources: [{ name: 'a.bpmn', content: VALID_XML, encoding: 'utf8' }] },
      });
      expectRejected(r, 400, 'REQUEST_INVALID');
      expect(r.body.error.problems).toEqual([
        { path: 'body/dryRun', keyword: 'additionalProperties', message: 'is not a known field' },
        { path: 'body/resources/0/encoding', keyword: 'additionalProperties', message: 'is not a known field' },
      ]);
      const task = await newIntakeTask();
      const before2 = await rowCounts(rt.deps.db.knex);
      const c = await rt.request('POST', `/api/tasks/${task}/complete`, {
        token: staff,
        body: { variables: INTAKE, comment: '办结' },
      });
      expect(c.body.error.problems).toEqual([
        { path: 'body/comment', keyword: 'additionalProperties', message: 'is not a known field' },
      ]);
      const claim = await rt.request('POST', `/api/tasks/${task}/claim`, {
        token: staff,
        body: { assignee: 'someone-else' },
      });
      expectRejected(claim, 400, 'REQUEST_INVALID');
      expect(await rowCounts(rt.deps.db.knex)).toEqual(before2);
      expect(Object.values(before).every((n, i) => n <= Object.values(before2)[i]!)).toBe(true);
      expect((await req('GET', `/api/tasks/${task}`)).body).toMatchObject({ status: 'open', assignee: null });
    });

    it('a JSON body sent as another content type is 415, not an empty body', async () => {
      const task = await newIntakeTask();
      const r = await rt.request('POST', `/api/tasks/${task}/complete`, {
        token: staff,
        body: JSON.stringify({ variables: INTAKE }),
        headers: { 'content-type': 'text/plain' },
      });
      expectRejected(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect((await req('GET', `/api/tasks/${task}`)).body.status).toBe('open');
    });
  });

  describe('hostile XML', () => {
    const withDoctype = (doctype: string, use = '&xxe;') =>
      VALID_XML.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}`,
      ).replace('name="fuzz-target"', `name="${use}"`);

    it.each([
      ['an external entity', `<!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM "file://${SECRET_FILE}">]>`],
      [
        'an external parameter entity',
        `<!DOCTYPE bpmn:definitions [<!ENTITY % remote SYSTEM "file://${SECRET_FILE}"> %remote;]>`,
      ],
      ['a DOCTYPE pointing at the file', `<!DOCTYPE bpmn:definitions SYSTEM "file://${SECRET_FILE}">`],
      [
        'an entity bomb',
        '<!DOCTYPE bpmn:definitions [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY xxe "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
      ],
    ])('BPMN with %s is rejected (422) without reading the file, and writes nothing', async (_what, doctype) => {
      const before = await rowCounts(rt.deps.db.knex);
      const r = await req('POST', '/api/deployments', {
        body: { tenant: 'city', resources: [{ name: 'evil.bpmn', content: withDoctype(doctype) }] },
      });
      expectRejected(r, 422, 'DEFINITION_INVALID');
      expect(r.body.error.problems).toEqual([
        expect.objectContaining({
          resource: 'evil.bpmn',
          code: 'XML_INVALID',
          message: expect.stringMatching(/DOCTYPE/),
        }),
      ]);
      expect(JSON.stringify(r.body)).not.toContain(SECRET);
      expect(await rowCounts(rt.deps.db.knex)).toEqual(before);
    });

    it('DMN with an external entity is rejected the same way', async () => {
      const dmn = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file://${SECRET_FILE}">]>\n<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="&xxe;" namespace="x"><decision id="d1" name="&xxe;"/></definitions>`;
      const r = await req('POST', '/api/deployments', {
        body: { tenant: 'city', resources: [{ name: 'evil.dmn', content: dmn }] },
      });
      expectRejected(r, 422, 'DEFINITION_INVALID');
      expect(JSON.stringify(r.body)).not.toContain(SECRET);
    });

    it('an undeclared entity without a DOCTYPE is kept as literal text, never resolved', async () => {
      const r = await req('POST', '/api/deployments', {
        body: {
          tenant: 'city',
          resources: [
            {
              name: 'literal.bpmn',
              content: VALID_XML.replace('id="fuzz-target" name="fuzz-target"', 'id="literal-entity" name="&xxe;"'),
            },
          ],
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const def = await req('GET', `/api/process-definitions/${r.body.processes[0].id}`);
      expect(def.body.name).toBe('&xxe;');
      expect(JSON.stringify(def.body)).not.toContain(SECRET);
    });

    it('XML over the size limit: 400 when the text is too long, 413 when the body is, nothing written either way', async () => {
      const before = await rowCounts(rt.deps.db.knex);
      const pad = (n: number) =>
        VALID_XML.replace('</bpmn:definitions>', `<!--${'x'.repeat(n - VALID_XML.length - 7)}--></bpmn:definitions>`);
      const tooLong = pad(2_000_001);
      expect(tooLong.length).toBe(2_000_001);
      const r = await req('POST', '/api/deployments', {
        body: { tenant: 'city', resources: [{ name: 'big.bpmn', content: tooLong }] },
      });
      expectRejected(r, 400, 'REQUEST_INVALID');
      expect(r.body.error.problems).toEqual([
        expect.objectContaining({ path: 'body/resources/0/content', keyword: 'maxLength' }),
      ]);
      expectRejected(
        await req('POST', '/api/deployments', {
          body: { tenant: 'city', resources: [{ name: 'big.bpmn', content: pad(2_200_000) }] },
        }),
        413,
        'BODY_TOO_LARGE',
      );
      // Multi-byte text reaches the byte limit first.
      expectRejected(
        await req('POST', '/api/deployments', {
          body: {
            tenant: 'city',
            resources: [
              {
                name: 'big.bpmn',
                content: VALID_XML.replace('</bpmn:definitions>', `<!--${'诉'.repeat(800_000)}--></bpmn:definitions>`),
              },
            ],
          },
        }),
        413,
        'BODY_TOO_LARGE',
      );
      expect(await rowCounts(rt.deps.db.knex)).toEqual(before);
      expect((await rt.request('GET', '/api/health')).status).toBe(200);
    });
  });

  describe('fuzzing (fast-check)', () => {
    const objectPrototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

    const checkAnswer = async (r: Res, before: Record<string, number>, what: string) => {
      expect(r.status, `${what}: ${JSON.stringify(r.body).slice(0, 300)}`).toBeLessThan(500);
      if (r.status >= 400) {
        expect(r.body?.error?.code, what).toEqual(expect.any(String));
        expect(await rowCounts(rt.deps.db.knex), `${what}: rows changed by a rejected request`).toEqual(before);
      }
    };

    it('POST /api/deployments never answers 5xx, never half-writes, and the server stays up', async () => {
      const resource = fc.oneof(
        {
          arbitrary: fc.record({
            name: fc.constantFrom('a.bpmn', 'b.dmn', 'c.form.json', 'd.txt', '../e.bpmn', 'f.BPMN', ''),
            content: hostileValue,
          }),
          weight: 1,
        },
        {
          arbitrary: fc.record({
            name: fc.constantFrom('fuzz.bpmn', 'fuzz.dmn'),
            // The valid process with a slice cut out and a hostile snippet spliced in.
            content: fc
              .tuple(fc.nat({ max: VALID_XML.length }), fc.nat({ max: 40 }), fc.constantFrom('', ...HOSTILE_TEXT))
              .map(([at, cut, insert]) => VALID_XML.slice(0, at) + insert + VALID_XML.slice(at + cut)),
          }),
          weight: 4,
        },
        {
          arbitrary: fc.record({
            name: fc.constant('fuzz-form.form.json'),
            content: fc.oneof(
              hostileValue,
              fc.record({
                id: fc.oneof(fc.constant('fuzz-form'), hostileString),
                schema: fc.oneof(
                  hostileValue,
                  fc.record({ type: fc.constant('object'), properties: hostileValue, required: hostileValue }),
                ),
              }),
            ),
          }),
          weight: 2,
        },
      );
      const body = fc.oneof(
        {
          arbitrary: fc.record({
            tenant: fc.constantFrom('city', 'city', 'town-a', 'no-such'),
            resources: fc.array(resource, { minLength: 1, maxLength: 3 }),
          }),
          weight: 5,
        },
        {
          arbitrary: fc.record(
            {
              tenant: fc.oneof(hostileString, hostileValue),
              resources: fc.oneof(fc.array(resource, { maxLength: 3 }), hostileValue),
            },
            { requiredKeys: [] },
          ),
          weight: 1,
        },
      );
      let accepted = 0;
      const statuses: string[] = [];
      await fc.assert(
        fc.asyncProperty(payloads(body), async (payload) => {
          const before = await rowCounts(rt.deps.db.knex);
          const r = await raw('POST', '/api/deployments', payload, admin);
          await checkAnswer(r, before, `deploy ${payload.text.slice(0, 200)}`);
          if (process.env.FUZZ_STATS) statuses.push(`${r.status}:${r.body?.error?.code ?? ''}`);
          if (r.status < 300) accepted++;
        }),
        { numRuns: 100, seed: Number(process.env.FUZZ_SEED ?? 20_260_301), endOnFailure: true },
      );
      if (process.env.FUZZ_STATS)
        console.log(
          Object.entries(statuses.reduce<Record<string, number>>((a, x) => ({ ...a, [x]: (a[x] ?? 0) + 1 }), {})),
        );
      expect(accepted).toBeLessThan(100);
      expect((await rt.request('GET', '/api/health')).status).toBe(200);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectPrototypeKeys);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }, 60_000);

    it('POST /api/tasks/:id/complete never answers 5xx, never half-writes, and accepted data keeps the case readable', async () => {
      let task = await newIntakeTask();
      const intakeKeys = Object.keys(INTAKE) as Array<keyof typeof INTAKE>;
      const variables = fc.oneof(
        hostileValue,
        fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), hostileValue, {
          maxKeys: 5,
        }),
        // Intake data with one field replaced by something hostile: mostly FORM_INVALID.
        fc.tuple(fc.constantFrom(...intakeKeys), hostileValue).map(([k, v]) => ({ ...INTAKE, [k]: v })),
        // Valid intake data with hostile extra variables: these complete the task.
        fc
          .dictionary(fc.constantFrom(...HOSTILE_KEYS.filter((k) => k !== '__proto__')), hostileValue, { maxKeys: 3 })
          .map((extra) => ({ ...extra, ...INTAKE })),
      );
      const body = fc.record({ variables }, { requiredKeys: [] });
      let completed = 0;
      const statuses: string[] = [];
      await fc.assert(
        fc.asyncProperty(payloads(body), fc.boolean(), async (payload, asStaff) => {
          const before = await rowCounts(rt.deps.db.knex);
          const r = await raw('POST', `/api/tasks/${task}/complete`, payload, asStaff ? staff : admin);
          await checkAnswer(r, before, `complete ${payload.text.slice(0, 200)}`);
          if (process.env.FUZZ_STATS) statuses.push(`${r.status}:${r.body?.error?.code ?? ''}`);
          if (r.status < 300) {
            completed++;
            const instance = await req('GET', `/api/tasks/${task}`);
            const c = await req('GET', `/api/process-instances/${instance.body.processInstanceId}`);
            expect(c.status).toBe(200);
            expect(c.body.status).toBe('active');
            expect(c.body.incidents).toEqual([]);
            task = await newIntakeTask();
          } else {
            expect((await req('GET', `/api/tasks/${task}`)).body.status).toBe('open');
          }
        }),
        { numRuns: 100, seed: Number(process.env.FUZZ_SEED ?? 20_260_302), endOnFailure: true },
      );
      if (process.env.FUZZ_STATS)
        console.log(
          Object.entries(statuses.reduce<Record<string, number>>((a, x) => ({ ...a, [x]: (a[x] ?? 0) + 1 }), {})),
        );
      expect(completed).toBeGreaterThan(0);
      expect(completed).toBeLessThan(100);
      expect((await rt.request('GET', '/api/health')).status).toBe(200);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectPrototypeKeys);
    }, 60_000);
  });
});
