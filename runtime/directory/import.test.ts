import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

async function workbook(sheets: Record<string, string[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

describe.each(dialects)('importing departments and users on %s', (dialect) => {
  let rt: TestRuntime;
  let towna: string;
  const importFile = (body: Record<string, unknown>) =>
    rt.request('POST', '/api/directory/import', { token: towna, body });
  const count = async (table: string) => Number((await rt.deps.db.knex(table).count({ n: '*' }))[0]!.n);

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    towna = await rt.login('towna-admin');
  });
  afterAll(async () => rt?.stop());

  it('a CSV with bad rows is reported row by row in Chinese and writes nothing', async () => {
    const [users, groups, events] = [await count('users'), await count('groups'), await count('account_events')];
    const csv = [
      '用户名,姓名,所属单位,部门,角色,初始密码',
      'ok-user,调解员 甲,town-a,,工作人员,lantern-river-58',
      'bad user,调解员 乙,town-a,,,',
      'b-user,B街道 丙,street-b,,,',
      'dup-name,A镇管理员 周涛,town-a,,,',
      'weak-pw,调解员 丁,town-a,window,系统管理员,1234567890',
      'ok-user,调解员 戊,town-a,,,',
    ].join('\n');
    const r = await importFile({ format: 'csv', kind: 'users', content: csv, dryRun: false });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: false, written: false });
    const byRow = Object.fromEntries(
      r.body.rows.map((x: { row: number; problems: string[] }) => [x.row, x.problems.join(' | ')]),
    );
    expect(byRow[2]).toBe('');
    expect(byRow[3]).toContain('用户名只能用字母');
    expect(byRow[4]).toContain('所属单位 street-b 不存在或不在您的管辖范围内');
    expect(byRow[5]).toContain('本单位已有人叫“A镇管理员 周涛”');
    expect(byRow[6]).toMatch(/部门 window 不存在.*只有系统管理员可以授予.*初始密码只有数字/);
    expect(byRow[7]).toContain('用户名 ok-user 已存在');
    expect([await count('users'), await count('groups'), await count('account_events')]).toEqual([
      users,
      groups,
      events,
    ]);
  });

  it('an Excel workbook with a department sheet and a user sheet: dry run first, then written (users must change their password)', async () => {
    const content = await workbook({
      部门: [
        ['部门编号', '部门名称', '所属单位'],
        ['ta-petition', 'A镇信访办', 'town-a'],
        ['tae-office', '东村办公室', 'town-a-east'],
      ],
      用户: [
        ['用户名', '姓名', '所属单位', '部门', '角色', '初始密码'],
        ['xf-clerk', '信访员 钱七', 'town-a', 'ta-petition', '工作人员、督办', 'petition-maple-31'],
        ['east-clerk', '东村 孙八', 'town-a-east', 'tae-office', '', ''],
      ],
    });
    const users = await count('users');
    const dry = await importFile({ format: 'xlsx', content });
    expect(dry.body).toMatchObject({ dryRun: true, ok: true, written: false, departments: 2, users: 2 });
    expect(await count('users')).toBe(users);

    const real = await importFile({ format: 'xlsx', content, dryRun: false });
    expect(real.body).toMatchObject({ ok: true, written: true });
    expect(Object.keys(real.body.temporaryPasswords)).toEqual(['east-clerk']);
    expect(
      (await rt.request('POST', '/api/auth/login', { body: { username: 'xf-clerk', password: 'petition-maple-31' } }))
        .body.error.code,
    ).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await rt.request('POST', '/api/auth/password', {
      body: {
        username: 'east-clerk',
        password: real.body.temporaryPasswords['east-clerk'],
        newPassword: 'village-heron-64',
      },
    });
    expect(changed.status).toBe(200);
    expect((await rt.request('GET', '/api/me', { token: changed.body.token })).body).toMatchObject({
      tenant: 'town-a-east',
      groups: ['tae-office'],
    });
    expect((await rt.request('GET', '/api/users/xf-clerk', { token: towna })).body).toMatchObject({
      roles: ['staff', 'supervisor'],
      groups: ['ta-petition'],
    });
    // Importing the same file again: every row already exists, nothing changes.
    const again = await importFile({ format: 'xlsx', content, dryRun: false });
    expect(again.body).toMatchObject({ ok: false, written: false });
  });

  it('an unreadable file is a clear 400', async () => {
    const r = await importFile({ format: 'xlsx', content: Buffer.from('not a workbook').toString('base64') });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('IMPORT_UNREADABLE');
  });
});
