// The case file (一案一卷) in a real headless Chromium: the labour department's handler sees what
// the window registered above its own form (the phone masked), opens the case page with the
// diagram and a Chinese timeline, writes an opinion, saves a draft and completes it later, and
// prints the case record.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const TRACKING_NO = 'SQ20261207-0042';

describe.skipIf(!browserAvailable())('the case file in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let browser: Browser;
  let admin: string;
  let caseId: string;

  useBrowserApp(async (app) => {
    ({ rt, page, browser } = app);
    admin = await rt.login('admin');
    caseId = (
      await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'appeal-loop', tenant: 'city', businessKey: TRACKING_NO },
      })
    ).body.id;
    const window1 = await rt.login('window1');
    const receive = (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: window1 })).body[0];
    const intake = {
      applicantName: '张三',
      phone: '13812341234',
      category: '劳动纠纷',
      description: '工地拖欠三个月工资未发放',
    };
    expect(
      (await rt.request('POST', `/api/tasks/${receive.id}/complete`, { token: window1, body: { variables: intake } }))
        .status,
    ).toBe(200);
  });

  const handleTask = async () =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}&status=open`, { token: admin })).body[0] as {
      id: string;
      elementId: string;
    };

  it('rs1 sees the appellant, the masked phone, the category and the appeal above the form', async () => {
    await signIn(page, rt.url, 'rs1');
    await page.locator('[data-task="Task_HandleLabour"]').click();
    const intake = page.locator('[data-step="Task_Receive"]');
    await intake.getByText('受理登记').waitFor();
    for (const text of [
      '诉求人姓名',
      '张三',
      '联系电话',
      '138****1234',
      '诉求类别',
      '劳动纠纷',
      '诉求内容',
      '工地拖欠三个月工资未发放',
    ])
      await intake.getByText(text, { exact: true }).waitFor();
    await expect.poll(() => page.getByText('13812341234').count()).toBe(0);
    const dataBox = (await intake.boundingBox())!;
    const formBox = (await page.getByLabel('办理结果').boundingBox())!;
    expect(dataBox.y + dataBox.height).toBeLessThanOrEqual(formBox.y);
  });

  it('claims the task and saves the form unfinished (暂存)', async () => {
    await page.getByRole('button', { name: '签收', exact: true }).click();
    await page.getByRole('button', { name: '暂存' }).waitFor();
    await page.getByLabel('办理结果').fill('正在与企业协商');
    await page.getByRole('button', { name: '暂存' }).click();
    await page.getByRole('status').getByText('已暂存').waitFor();
    const task = await handleTask();
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: admin })).body.status).toBe('open');
  });

  it('opens the case page: the diagram marks the current step, the timeline reads in Chinese', async () => {
    await page.getByRole('link', { name: '查看案件' }).click();
    await page.getByTestId('case-title').getByText(`案件 ${TRACKING_NO}`).waitFor();
    await page.locator('.case-diagram [data-element-id="Task_HandleLabour"].case-active').waitFor();
    await page.locator('.case-diagram [data-element-id="Task_Receive"].case-completed').waitFor();
    const timeline = page.getByRole('region', { name: '办理过程' });
    await timeline.getByText('窗口受理员 王芳').first().waitFor();
    await timeline.getByText('办结「受理登记」').waitFor();
    await timeline.getByText('签收「人社局办理」').waitFor();
    const text = await timeline.innerText();
    expect(text).not.toMatch(/Task_|Gateway_|StartEvent|\{|T\d\d:\d\d:\d\d/);
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
  });

  it("the case page's attachment box offers the kinds and says the limits of the unit's attachment policy", async () => {
    const box = page.getByRole('region', { name: '附件', exact: true });
    // The server's defaults first; then the city narrows them and the box follows.
    const defaults = (await rt.request('GET', '/api/attachment-policies/city', { token: admin })).body.effective;
    expect(defaults.kinds).toEqual(['photo', 'pdf', 'office']);
    await box.getByText('可上传照片、PDF、Office 文档，单个文件不超过 20 MB').waitFor();
    expect(
      (
        await rt.request('PUT', '/api/attachment-policies/city', {
          token: admin,
          body: { kinds: ['photo', 'pdf'], maxFileBytes: 5 * 1024 * 1024, maxPerCase: 8 },
        })
      ).status,
    ).toBe(200);
    await page.reload();
    await box.getByText('可上传照片、PDF，单个文件不超过 5 MB，每案最多 8 个').waitFor();
    expect(await box.locator('input[type=file]').getAttribute('accept')).toBe('image/*,.heic,.pdf');
    expect(await box.textContent()).not.toMatch(/20 MB|Office|photo|pdf\b/);
    expect((await rt.request('PUT', '/api/attachment-policies/city', { token: admin, body: {} })).status).toBe(200);
  });

  it('writes an opinion on the case page', async () => {
    await page.getByLabel('意见', { exact: true }).fill('已约谈企业负责人');
    await page.getByRole('button', { name: '填写意见' }).click();
    await page.locator('.opinions').getByText('已约谈企业负责人').waitFor();
    await page.getByRole('region', { name: '办理过程' }).getByText('填写意见：已约谈企业负责人').waitFor();
  });

  it('prints the case record: the PDF has the tracking number in its title, the record every step', async () => {
    const html = (await rt.request('GET', `/api/cases/${caseId}/print`, { token: await rt.login('rs1') }))
      .body as string;
    for (const text of [TRACKING_NO, '市综治中心', '受理登记', '人社局办理', '已约谈企业负责人', '人社局 张敏'])
      expect(html).toContain(text);
    const printPage = await browser.newPage();
    await printPage.setContent(html);
    const pdf = await printPage.pdf({ format: 'A4' });
    await printPage.close();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfTitle(pdf)).toContain(TRACKING_NO);
    const onScreen = await page.pdf({ format: 'A4' }); // the case page's own print stylesheet
    expect(onScreen.length).toBeGreaterThan(1000);
  });

  it('comes back to the task later: the draft is restored, and the completion carries an opinion', async () => {
    await page.getByRole('button', { name: '待办' }).click();
    await page.locator('[data-task="Task_HandleLabour"]').click();
    await expect.poll(() => page.getByLabel('办理结果').inputValue()).toBe('正在与企业协商');
    await page.getByLabel('办理结果').fill('企业已补发全部工资');
    await page.getByLabel('是否已解决').check();
    await page.getByLabel('办理意见（随提交保存）').fill('建议回访确认');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('status').getByText('已提交：人社局办理').waitFor();
    const file = (await rt.request('GET', `/api/cases/${caseId}`, { token: admin })).body;
    expect(file.opinions.map((o: { body: string }) => o.body)).toEqual(['已约谈企业负责人', '建议回访确认']);
    expect(file.data.find((s: { elementId: string }) => s.elementId === 'Task_HandleLabour').fields).toContainEqual({
      key: 'result',
      label: '办理结果',
      value: '企业已补发全部工资',
    });
  });

  it('finds the case on 案件查询 by the last digits of the phone and opens it from the result', async () => {
    await page.getByRole('button', { name: '案件查询' }).click();
    await page.getByLabel('查询', { exact: true }).fill('1234');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByText('共 1 件').waitFor();
    await page.getByRole('row').getByText('张三 · 劳动纠纷 · 市综治中心').waitFor();
    await page.getByRole('link', { name: TRACKING_NO }).click();
    await page.getByTestId('case-title').getByText(`案件 ${TRACKING_NO}`).waitFor();
    await page.locator('.case-diagram [data-element-id="Task_FollowUp"].case-active').waitFor();
  });
});

/** The document title Chromium writes into the PDF's info dictionary (UTF-16BE hex or a literal string). */
function pdfTitle(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const hex = /\/Title\s*<([0-9A-Fa-f]+)>/.exec(text);
  if (hex) {
    const bytes = Buffer.from(hex[1]!, 'hex');
    return bytes[0] === 0xfe && bytes[1] === 0xff
      ? bytes.subarray(2).swap16().toString('utf16le')
      : bytes.toString('latin1');
  }
  const literal = /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(text);
  if (!literal) return '';
  const raw = Buffer.from(literal[1]!.replace(/\\([()\\])/g, '$1'), 'latin1');
  return raw[0] === 0xfe && raw[1] === 0xff ? raw.subarray(2).swap16().toString('utf16le') : raw.toString('latin1');
}
