// The form designer builds a new form alone: a section, a repeatable parties list, an ID-card field and a
// field shown only when 是否群体性 = 是; the preview at phone width speaks plain Chinese; a duplicate key is
// refused; deployed, the township's public page asks for it.
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('building a new form in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let browser: Browser;

  useBrowserApp((app) => {
    ({ rt, page, browser } = app);
  });

  /** Adds a field at the end of `list` (the form, or a section's or list's fields) and returns its row. */
  const addField = async (list: Locator, button: string, title: string, kind: string): Promise<Locator> => {
    await list.getByRole('button', { name: button, exact: true }).last().click();
    const row = list.locator(':scope > .field-row').last();
    await row.getByLabel('字段名称').first().fill(title);
    await row.getByLabel('类型').first().selectOption({ label: kind });
    return row;
  };

  it('creates a form with a section, a parties list, an ID card and a conditional field; the preview checks them in Chinese; deploys', async () => {
    await signIn(page, rt.url, 'towna-admin');
    await page.getByRole('button', { name: '表单设计' }).click();
    await page.getByRole('button', { name: '新建表单' }).click();
    await page.getByLabel('新表单名称').fill('调解申请');
    await page.getByRole('button', { name: '创建' }).click();
    // Titled by its name, and named so in the message once deployed (its key, tiaoJieShenQing, is the name's pinyin).
    await page.locator('.form-designer .toolbar .title').getByText('调解申请', { exact: true }).waitFor();

    const form = page.getByRole('group', { name: '表单' });
    const name = await addField(form, '添加字段', '申请人姓名', '单行文本');
    await name.getByLabel('必填').first().check();
    await expect(name.getByLabel('字段编号').first().inputValue()).resolves.toBe('shenQingRenXingMing'); // pinyin, readable ASCII
    const id = await addField(form, '添加字段', '身份证号码', '身份证号码');
    await id.getByLabel('必填').first().check();

    const section = await addField(form, '添加字段', '联系方式', '分组');
    const phone = await addField(
      section.getByRole('group', { name: '“联系方式”的字段' }),
      '在“联系方式”中添加字段',
      '联系电话',
      '手机号码',
    );
    await phone.getByText('更多设置').click();
    await phone.getByLabel('出错时提示').fill('请填写11位手机号码');

    const parties = await addField(form, '添加字段', '当事人', '可重复列表');
    await parties.getByLabel('必填').first().check();
    const partyFields = parties.getByRole('group', { name: '“当事人”的字段' });
    const partyName = await addField(partyFields, '在“当事人”中添加字段', '姓名', '单行文本');
    await partyName.getByLabel('必填').check();
    await addField(partyFields, '在“当事人”中添加字段', '当事人身份证号', '身份证号码');
    const role = await addField(partyFields, '在“当事人”中添加字段', '角色', '单选');
    await role.getByLabel('选项（每行一个）').fill('申请人\n被申请人');

    await addField(form, '添加字段', '是否群体性', '是/否');
    const count = await addField(form, '添加字段', '涉及人数', '数字');
    await count.getByLabel('必填').first().check();
    await count.getByLabel('显示条件').selectOption({ label: '当“是否群体性”为“是”' });

    // A key given twice is refused, never silently replacing the first field.
    const dup = await addField(form, '添加字段', '姓名', '单行文本');
    await dup.getByLabel('字段编号').fill('shenQingRenXingMing');
    await dup.getByRole('alert').getByText('字段编号“shenQingRenXingMing”已被“申请人姓名”使用，请换一个').waitFor();
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);
    await dup.getByRole('button', { name: '删除' }).last().click();
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(false);

    // The preview at phone width, checked with the server's words.
    const preview = page.getByLabel('预览');
    await preview.getByLabel('按手机宽度显示').check();
    expect((await preview.boundingBox())!.width).toBeLessThanOrEqual(400);
    await expect.poll(() => preview.getByLabel('涉及人数').count()).toBe(0);
    await preview.getByLabel('身份证号码').first().fill('110105194912310021');
    await preview.getByLabel('联系电话').fill('1380000');
    await preview.getByRole('radio', { name: '是' }).check();
    await preview.getByLabel('涉及人数').waitFor(); // shown once 是否群体性 = 是
    await preview.getByRole('button', { name: '提交' }).click();
    await preview.getByText('请填写申请人姓名').waitFor();
    await preview.getByText('身份证号码不是有效的18位身份证号码，请核对出生日期和最后一位校验码').waitFor();
    await preview.getByText('请填写11位手机号码').waitFor();
    await preview.getByText('请填写涉及人数').waitFor();
    await preview.getByText('请填写当事人第1项的姓名').waitFor(); // the required list starts with one entry
    expect(await preview.textContent()).not.toMatch(/应当|must|\^|pattern|shenQing/);

    await expect(page.getByTestId('form-target').inputValue()).resolves.toBe('town-a');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：表单「调解申请」版本 1（A镇综治中心）').waitFor();
    await page.locator('[data-form="tiaoJieShenQing@town-a"]').waitFor();

    const deployed = (
      await rt.request('GET', '/api/forms/tiaoJieShenQing?tenant=town-a', { token: await rt.login('admin') })
    ).body;
    expect(deployed.schema?.allOf ?? deployed.form?.schema?.allOf).toBeDefined();
  }, 120_000);

  it('the township’s public page asks for the new form once its web channel uses it', async () => {
    const admin = await rt.login('admin');
    const current = (await rt.request('GET', '/api/tenants/town-a/channels', { token: admin })).body.channels.find(
      (c: { channel: string }) => c.channel === 'web',
    );
    const set = await rt.request('PUT', '/api/tenants/town-a/channels', {
      token: admin,
      body: { channels: { web: { processKey: current.processKey, formKey: 'tiaoJieShenQing' } } },
    });
    expect(set.status).toBe(200);
    const citizen = await browser.newPage({ viewport: { width: 390, height: 900 }, locale: 'zh-CN' }); // a phone
    const loaded: string[] = [];
    citizen.on('request', (r) => loaded.push(new URL(r.url()).pathname));
    await citizen.goto(`${rt.url}/#/intake/town-a`);
    await citizen.getByLabel('申请人姓名').waitFor();
    // Sections, lists and conditions are not the public page's light renderer's: it loads rjsf for them.
    expect(loaded.filter((p) => /^\/assets\/form-island-[A-Z0-9]+\.js$/.test(p))).toHaveLength(1);
    await citizen.getByLabel('身份证号码').first().fill('110105194912310021');
    await citizen.getByRole('button', { name: '提交' }).click();
    await citizen.getByText('身份证号码不是有效的18位身份证号码，请核对出生日期和最后一位校验码').waitFor();
    await citizen.close();
  });
});
