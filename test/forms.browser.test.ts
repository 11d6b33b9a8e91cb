// The form designer in a real headless Chromium: A镇 adds a field to the intake form it inherits
// from the city, sees it in the preview, deploys it; its public page asks for it, the city's not.
// Then its copy shows what it changed against the city's version, the city moving on, 同步市级更新
// (the city's change merged into the copy, deployed based on the city's new version), and 恢复继承.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('the form designer in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('a township adds a required field to its intake form and deploys it; the city’s form stays as it was', async () => {
    await signIn(page, rt.url, 'towna-admin');
    await page.getByRole('button', { name: '表单设计' }).click();
    await page.locator('[data-form="city-intake@city"]').click();
    const preview = page.getByLabel('预览');
    await preview.getByLabel('诉求人姓名').waitFor();

    await page.getByRole('button', { name: '添加字段' }).click();
    const row = page.locator('.field-row').last();
    await row.getByLabel('字段名称').fill('受影响户数');
    await row.getByLabel('字段编号').fill('people');
    await row.getByLabel('类型').selectOption('number');
    await row.getByLabel('必填').check();
    await preview.getByLabel('受影响户数').waitFor();

    await expect(page.getByTestId('form-target').inputValue()).resolves.toBe('town-a');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：表单「诉求登记」版本 1（A镇综治中心）').waitFor();
    await page.locator('[data-form="city-intake@town-a"]').waitFor();
    await page.getByTestId('form-base').getByText('基于市级 v1').waitFor(); // the township's copy records its base

    const townA = (await rt.request('GET', '/api/public/intake/town-a')).body.form.schema;
    expect(townA.properties.people).toEqual({ type: 'number', title: '受影响户数' });
    expect(townA.required).toContain('people');
    const copy = (await rt.request('GET', '/api/form-definitions', { token: await rt.login('towna-admin') })).body.find(
      (f: { key: string; tenant: string }) => f.key === 'city-intake' && f.tenant === 'town-a',
    );
    expect(
      (await rt.request('GET', `/api/form-definitions/${copy.id}`, { token: await rt.login('towna-admin') })).body.form
        .basedOn,
    ).toEqual({ tenant: 'city', key: 'city-intake', version: 1 });
    expect(townA.properties.phone.pattern).toBe('^1[3-9]\\d{9}$'); // what the designer does not edit stays
    expect((await rt.request('GET', '/api/public/intake/street-b')).body.form.schema.properties.people).toBeUndefined();
    // A township's new cases pin its own form: the window's intake task asks for the new field.
    const admin = await rt.login('admin');
    const c = (
      await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'city-appeal', tenant: 'town-a' },
      })
    ).body;
    const [task] = (await rt.request('GET', `/api/tasks?processInstanceId=${c.id}`, { token: admin })).body;
    expect(
      (await rt.request('GET', `/api/tasks/${task.id}/form`, { token: admin })).body.schema.properties.people,
    ).toBeDefined();
  });

  it('the township’s copy shows its changes against the city’s form, then the city moving on, 同步市级更新, and 恢复继承 goes back to the city’s form', async () => {
    const banner = page.getByTestId('form-base');
    const mine = banner.getByRole('region', { name: '与市级 v1 相比' });
    await mine.getByText('新增字段：受影响户数').waitFor();
    // Edits show before deploying.
    const name = page.locator('.field-row').getByLabel('字段名称').first();
    await expect(name.inputValue()).resolves.toBe('诉求人姓名');
    await name.fill('姓名');
    await mine.getByText('修改字段：姓名（名称 诉求人姓名 → 姓名）').waitFor();

    const cityAdmin = await rt.login('city-admin');
    const [city] = (
      await rt.request('GET', '/api/form-definitions?key=city-intake&tenant=city&latest=true', { token: cityAdmin })
    ).body;
    const source = (await rt.request('GET', `/api/form-definitions/${city.id}`, { token: cityAdmin })).body.form;
    source.schema.properties.category.enum.push('噪声扰民');
    const moved = await rt.request('POST', '/api/deployments', {
      token: cityAdmin,
      body: { tenant: 'city', resources: [{ name: 'city-intake.form.json', content: source }] },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: '表单设计' }).click();
    await page.locator('[data-form="city-intake@town-a"]').click();
    await banner.getByText('市级已更新到 v2').waitFor();
    await banner
      .getByRole('region', { name: '市级在 v1 之后的变化' })
      .getByText('修改字段：诉求类别（新增选项 噪声扰民）')
      .waitFor();

    // 放弃同步 puts the copy back as it was: the city's new choice gone again.
    const json = page.locator('.json-view textarea');
    await banner.getByRole('button', { name: '同步市级更新' }).click();
    await banner.getByText('同步市级 v2（合并结果，尚未部署）').waitFor();
    await expect.poll(() => json.inputValue()).toContain('噪声扰民');
    await banner.getByRole('button', { name: '放弃同步' }).click();
    await banner.getByRole('button', { name: '同步市级更新' }).waitFor();
    await expect.poll(() => banner.getByText('同步市级 v2（合并结果，尚未部署）').count()).toBe(0);
    await expect.poll(() => json.inputValue()).not.toContain('噪声扰民');

    // 同步市级更新: the city's new choice merged into A镇's copy, its own field kept; deployed, based on v2.
    await banner.getByRole('button', { name: '同步市级更新' }).click();
    await banner.getByText('同步市级 v2（合并结果，尚未部署）').waitFor();
    await banner.getByRole('region', { name: '已并入的市级改动' }).getByText('修改字段：诉求类别（选项）').waitFor();
    await banner.getByRole('region', { name: '没有冲突：市级的改动都已并入' }).waitFor();
    await page.getByLabel('预览').getByLabel('受影响户数').waitFor();
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：表单「诉求登记」版本 2（A镇综治中心）').waitFor();
    // The badge itself: the merge's hint (「新版本将记为基于市级 v2」) says it too until the list is read again.
    await banner.locator('.badge').getByText('基于市级 v2', { exact: true }).waitFor();
    await expect.poll(() => banner.getByText('市级已更新到').count()).toBe(0);
    const rebased = (await rt.request('GET', '/api/public/intake/town-a')).body.form.schema;
    expect(rebased.properties.people).toEqual({ type: 'number', title: '受影响户数' });
    expect(rebased.properties.category.enum).toContain('噪声扰民');

    page.once('dialog', (d) => void d.accept());
    await banner.getByRole('button', { name: '恢复继承' }).click();
    await page.getByRole('status').getByText('已恢复继承：新案件和新任务使用市级 v2 的表单').waitFor();
    await expect.poll(() => page.locator('[data-form="city-intake@town-a"]').count()).toBe(0);
    const townA = (await rt.request('GET', '/api/public/intake/town-a')).body.form.schema;
    expect(townA.properties.people).toBeUndefined();
    expect(townA.properties.category.enum).toContain('噪声扰民');
  });

  it('fields are reordered by dragging; a repeatable list’s buttons in the preview say what they do', async () => {
    await page.locator('[data-form="city-intake@city"]').click();
    const top = page.locator('.field-editor > .field-list > .field-row');
    await page.locator('[data-field="applicantName"]').waitFor();
    const order = () => top.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')));
    expect((await order()).slice(0, 2)).toEqual(['applicantName', 'phone']);
    await page.getByTestId('drag-phone').dragTo(page.locator('[data-field="applicantName"]'));
    await expect.poll(async () => (await order()).slice(0, 2)).toEqual(['phone', 'applicantName']);
    const preview = page.getByLabel('预览');
    const labels = () => preview.locator('label.control-label').allInnerTexts();
    await expect.poll(async () => (await labels())[0]).toMatch(/^联系电话/);
    // The buttons for keyboards stay: 上移 puts it back.
    await top.nth(1).getByRole('button', { name: '上移' }).click();
    await expect.poll(async () => (await order()).slice(0, 2)).toEqual(['applicantName', 'phone']);

    await page.getByRole('button', { name: '添加字段' }).click();
    const list = top.last();
    await list.getByLabel('字段名称').first().fill('当事人');
    await list.getByLabel('类型').first().selectOption('list');
    await list.getByRole('button', { name: '在“当事人”中添加字段' }).click();
    await list.locator('.nested-fields .field-row').getByLabel('字段名称').fill('姓名');
    const add = preview.getByRole('button', { name: '添加一项' });
    await expect(add.textContent()).resolves.toBe('添加一项');
    await add.click();
    await add.click();
    const remove = preview.getByRole('button', { name: '删除' });
    await expect(remove.count()).resolves.toBe(2);
    await expect(remove.first().textContent()).resolves.toBe('删除');
    await expect(preview.getByRole('button', { name: '下移' }).first().textContent()).resolves.toBe('下移');
    await expect(preview.getByRole('button', { name: '上移' }).last().textContent()).resolves.toBe('上移');
    await page.screenshot({ path: '/tmp/forms/list-buttons.png', fullPage: true });
    await remove.first().click();
    await expect(remove.count()).resolves.toBe(1);
  });
});
