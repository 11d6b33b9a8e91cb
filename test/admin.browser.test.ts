// The administration screen in a real headless Chromium: an administrator creates a department
// and a user in it; the user signs in and must replace the initial password first.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('administration in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('an administrator creates a department and a user; the user signs in, forced to change the password first', async () => {
    await signIn(page, rt.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('button', { name: '系统管理' }).click();

    await page.getByRole('button', { name: '部门', exact: true }).click();
    const newDepartment = page.getByRole('form', { name: '新建部门' });
    await newDepartment.getByLabel('部门编号').fill('ta-mediation');
    await newDepartment.getByLabel('部门名称').fill('A镇调解室');
    await newDepartment.getByLabel('所属单位').selectOption({ label: 'A镇综治中心' });
    await newDepartment.getByRole('button', { name: '创建部门' }).click();
    await page.getByRole('status').filter({ hasText: '已创建部门：A镇调解室' }).waitFor();
    await page.locator('[data-group="ta-mediation"]').waitFor();

    await page.getByRole('button', { name: '用户', exact: true }).click();
    const newUser = page.getByRole('form', { name: '新建用户' });
    await newUser.getByLabel('用户名').fill('mediator1');
    await newUser.getByLabel('姓名').fill('调解员 孙丽');
    await newUser.getByLabel('所属单位').selectOption({ label: 'A镇综治中心' });
    // The same policy as the server, explained as it is typed.
    await newUser.getByLabel('初始密码').fill('1234567890');
    await newUser.getByText('只有数字：请加入字母或符号').waitFor();
    await newUser.getByLabel('初始密码').fill('lantern-river-58');
    await newUser.getByText('只有数字').waitFor({ state: 'detached' });
    await newUser.getByRole('group', { name: '部门' }).getByLabel('A镇调解室').check();
    await newUser.getByRole('button', { name: '创建用户' }).click();
    await page.getByRole('status').filter({ hasText: '已创建用户：调解员 孙丽' }).waitFor();
    await expect(page.locator('tr[data-user="mediator1"] td').allTextContents()).resolves.toEqual([
      'mediator1',
      '调解员 孙丽',
      'A镇综治中心',
      '工作人员',
      'A镇调解室',
      '待修改密码',
      expect.any(String),
    ]);

    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'mediator1', 'lantern-river-58');
    await page.getByRole('heading', { name: '修改密码' }).waitFor();
    await page.getByLabel('新密码', { exact: true }).fill('mediation-autumn-73');
    await page.getByLabel('再次输入新密码').fill('mediation-autumn-73');
    await page.getByRole('button', { name: '修改密码并登录' }).click();
    await page.locator('.who').filter({ hasText: '调解员 孙丽' }).waitFor();
    await page.getByRole('button', { name: '待办' }).waitFor();

    // The initial password is gone; the new one signs in directly.
    expect(
      (await rt.request('POST', '/api/auth/login', { body: { username: 'mediator1', password: 'lantern-river-58' } }))
        .status,
    ).toBe(401);
    expect(
      (
        await rt.request('POST', '/api/auth/login', {
          body: { username: 'mediator1', password: 'mediation-autumn-73' },
        })
      ).status,
    ).toBe(200);
    const me = await rt.request('GET', '/api/me', { token: await rt.login('mediator1', 'mediation-autumn-73') });
    expect(me.body).toMatchObject({ tenant: 'town-a', groups: ['ta-mediation'] });
  });

  it('imports users from a CSV file: checked first, bad rows named, then imported', async () => {
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('button', { name: '系统管理' }).click();
    const section = page.getByRole('region', { name: '从 Excel 或 CSV 导入部门和用户' });
    await section.getByText('未选择文件', { exact: true }).waitFor();
    const csv = (rows: string[]) => ({
      name: 'users.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['用户名,姓名,所属单位,部门,角色,初始密码', ...rows].join('\n')),
    });
    await section
      .getByLabel('选择文件')
      .setInputFiles(csv(['east-1,东村 网格员甲,town-a-east,,,', 'east-2,东村 网格员乙,no-such-unit,,,']));
    await section.getByText('users.csv', { exact: true }).waitFor(); // the chosen file, in our words, not the browser's
    await section.getByRole('button', { name: '检查' }).click();
    await section.getByText('用户第 3 行：所属单位 no-such-unit 不存在或不在您的管辖范围内').waitFor();
    await expect(section.getByRole('button', { name: '导入' }).isDisabled()).resolves.toBe(true);
    await section
      .getByLabel('选择文件')
      .setInputFiles(csv(['east-1,东村 网格员甲,town-a-east,,,', 'east-2,东村 网格员乙,town-a-east,,督办,']));
    await section.getByRole('button', { name: '检查' }).click();
    await section.getByText('全部正确：0 个部门，2 个用户').waitFor();
    expect(await rt.deps.db.knex('users').whereIn('username', ['east-1', 'east-2'])).toEqual([]);
    await section.getByRole('button', { name: '导入' }).click();
    await page.locator('tr[data-user="east-2"]').waitFor();
    await expect(page.locator('tr[data-user="east-2"] td').nth(3).textContent()).resolves.toBe('督办');
    await section.getByText('east-1 的临时密码').waitFor();
  });

  it('edits a deadline policy through the screen: a township sets its own caps, its village inherits them', async () => {
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'towna-admin');
    await page.getByRole('button', { name: '系统管理' }).click();
    await page.getByRole('button', { name: '时限规则' }).click();
    const rules = page.getByRole('region', { name: '时限规则' });
    await rules.getByRole('combobox').first().selectOption({ label: 'A镇综治中心' });
    const row = (label: string) =>
      rules.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    await row('每个环节最多可延期次数').getByText('1（系统默认）').waitFor();
    // A department of the city, out of the township's own lists, still by its name.
    await row('可催办的部门').getByText('分流派单（系统默认）').waitFor();
    const warning = row('环节未设预警时，何时亮黄灯并自动催办');
    await warning.getByText('时限用去80%时，按小时计的时限剩余25%时（系统默认）').waitFor();
    await warning.getByLabel('沿用上级单位').uncheck();
    await warning.getByLabel('预警方式').selectOption({ label: '个工作日（剩余）' });
    await warning.getByLabel('环节未设预警时，何时亮黄灯并自动催办').fill('2');
    await row('每个环节最多可延期次数').getByLabel('沿用上级单位').uncheck();
    await row('每个环节最多可延期次数').getByLabel('每个环节最多可延期次数').fill('3');
    await row('督办单办理时限').getByLabel('沿用上级单位').uncheck();
    await row('督办单办理时限').getByLabel('督办单办理时限').fill('5');
    await row('督办单办理时限').getByLabel('时间单位').selectOption({ label: '个工作小时' });
    await row('可审批延期的角色').getByLabel('沿用上级单位').uncheck();
    await row('可审批延期的角色').getByLabel('单位管理员').check();
    await rules.getByRole('button', { name: '保存时限规则' }).click();
    await page.getByRole('status').filter({ hasText: '已保存A镇综治中心的时限规则' }).waitFor();

    const admin = await rt.login('admin');
    expect((await rt.request('GET', '/api/deadline-policies/town-a', { token: admin })).body.own).toEqual({
      warning: '2 workDay',
      maxExtensions: 3,
      supervisionDeadline: '5 workHour',
      extensionApproverRoles: ['supervisor', 'tenant-admin'],
    });
    // The village below shows the township's values as inherited, in words.
    await rules.getByRole('combobox').first().selectOption({ label: '东村村综治中心' });
    await row('督办单办理时限').getByText('5 个工作小时（来自A镇综治中心）').waitFor();
    await row('环节未设预警时，何时亮黄灯并自动催办').getByText('剩余2个工作日时（来自A镇综治中心）').waitFor();
    await row('可审批延期的角色').getByText('督办、单位管理员（来自A镇综治中心）').waitFor();
  });

  it('sets which process a channel starts by picking it by name', async () => {
    await page.getByRole('button', { name: '受理渠道' }).click();
    const channels = page.getByRole('region', { name: '受理渠道' });
    await channels.getByRole('combobox').first().selectOption({ label: '东村村综治中心' });
    // The village inherits the township's channels, said in words.
    await channels.locator('tr[data-channel="web"]').getByText('来自A镇综治中心').waitFor();
    const qr = channels.locator('tr[data-channel="enterprise-qr"]');
    await qr.getByLabel('沿用上级单位').uncheck();
    await qr.getByLabel('一企一码启动的流程').selectOption({ label: '诉求分类转办（派单目录）' });
    await qr.getByLabel('一企一码的登记表单').selectOption({ label: '诉求受理登记（派单目录）' });
    await channels.getByRole('button', { name: '保存受理渠道' }).click();
    await page.getByRole('status').filter({ hasText: '已保存东村村综治中心的受理渠道' }).waitFor();
    const admin = await rt.login('admin');
    const settings = (await rt.request('GET', '/api/tenants/town-a-east/channels', { token: admin })).body
      .channels as Array<{ channel: string; processKey: string; formKey: string; inherited: boolean }>;
    expect(settings.find((c) => c.channel === 'enterprise-qr')).toMatchObject({
      processKey: 'appeal-referral',
      formKey: 'referral-intake',
      inherited: false,
    });
    expect(settings.find((c) => c.channel === 'web')?.inherited).toBe(true);
  });

  it('the app bar keeps its eleven tabs on one line at 1,400 px, in Chinese and in English', async () => {
    const oneLine = async () => {
      const tabs = page.locator('.topbar .tab');
      await expect(tabs.count()).resolves.toBe(11);
      // The line boxes of each label: one each.
      const lines = await tabs.evaluateAll((els) =>
        els.map((e) => {
          const range = e.ownerDocument.createRange();
          range.selectNodeContents(e);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        }),
      );
      expect(lines).toEqual(Array(11).fill(1));
      const nav = await page
        .locator('.topbar .tabs')
        .evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
      expect(nav.scroll).toBeLessThanOrEqual(nav.client);
    };
    await oneLine();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Admin', exact: true }).waitFor();
    await oneLine();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '系统管理' }).waitFor();
  });
});
