// A Camunda form (form-js `.form`, deployed unchanged beside its `.bpmn`) in the staff inbox, in real
// headless Chromium: rjsf draws the compiled JSON Schema, the form's `conditional.hide` (FEEL) shows
// and hides a field as the clerk chooses, and only what is shown is checked and submitted.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import * as b from '../runtime/testing/bpmn.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const REVIEW_FORM = JSON.stringify({
  executionPlatform: 'Camunda Cloud',
  schemaVersion: 18,
  id: 'cf-browser-review',
  type: 'default',
  components: [
    { type: 'text', id: 'Field_T', text: '## 请核对申请后给出审核结果' },
    {
      type: 'radio',
      id: 'Field_O',
      key: 'outcome',
      label: '审核结果',
      values: [
        { label: '通过', value: 'approved' },
        { label: '退回', value: 'rejected' },
      ],
      validate: { required: true },
    },
    {
      type: 'textarea',
      id: 'Field_R',
      key: 'reason',
      label: '退回理由',
      conditional: { hide: '=outcome != "rejected"' },
      validate: { required: true, minLength: 4 },
    },
  ],
});

describe.skipIf(!browserAvailable())('a Camunda form in the staff inbox', () => {
  let rt: TestRuntime;
  let page: Page;
  let admin: string;
  let caseId: string;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    admin = await rt.login('admin');
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: {
        tenant: 'city',
        resources: [
          { name: 'review.form', content: REVIEW_FORM },
          {
            name: 'review.bpmn',
            content: b.chainProcess('cf-browser', [
              b.start(),
              b.userTask('Task_Review', 'window', { formId: 'cf-browser-review' }),
              b.end(),
            ]),
          },
        ],
      },
    });
    expect(deployed.status).toBe(201);
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'cf-browser', tenant: 'city' },
    });
    expect(started.status).toBe(201);
    caseId = started.body.id;
  });

  it('draws the form with its text; the reason is hidden until the clerk chooses 退回, then required', async () => {
    await signIn(page, rt.url, 'window1');
    await page.locator('[data-task="Task_Review"]').click();
    await page.getByText('请核对申请后给出审核结果').waitFor();
    await page.getByRole('radio', { name: '通过' }).waitFor();
    await expect.poll(() => page.getByLabel('退回理由').count()).toBe(0);
    await page.getByRole('button', { name: '签收', exact: true }).click();
    await page.getByRole('button', { name: '退回签收' }).waitFor();

    await page.getByRole('radio', { name: '退回' }).check();
    await page.getByLabel('退回理由').fill('缺');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('退回理由至少填写4个字').first().waitFor();

    // Approved after all: the reason disappears, and its short value neither blocks nor is submitted.
    await page.getByRole('radio', { name: '通过' }).check();
    await expect.poll(() => page.getByLabel('退回理由').count()).toBe(0);
    await page.getByRole('button', { name: '提交' }).click();
    await page
      .getByRole('status')
      .getByText(/已提交/)
      .waitFor();
    const instance = (await rt.request('GET', `/api/process-instances/${caseId}`, { token: admin })).body;
    expect(instance).toMatchObject({ status: 'completed', variables: { outcome: 'approved' } });
    expect(instance.variables).not.toHaveProperty('reason');
  });
});

// The shared interop corpus (third-party, read in place): beside the checkout, or beside the folder of worktrees.
const ROOT = resolve(import.meta.dirname, '..');
const CASES = [resolve(ROOT, '../shared/interop/cases'), resolve(ROOT, '../../shared/interop/cases')].find((d) =>
  existsSync(d),
);

describe.skipIf(!browserAvailable() || !CASES)(
  'importing a Camunda diagram with its forms in the process designer',
  () => {
    let rt: TestRuntime;
    let page: Page;

    useBrowserApp(async (app) => {
      ({ rt, page } = app);
    });

    it('takes the .bpmn and its .form files at once and deploys them together; a form it cannot map is named', async () => {
      const real = (name: string) => join(CASES!, `camunda__camunda-8-tutorials__${name}`);
      const files = [
        real('Quick_Start__Human_Tasks.bpmn'),
        real('DecideWhatsForDinner.form'),
        real('prepare-chicken.form'),
      ];
      // The salad form with an iframe added, written outside the repository.
      const salad = JSON.parse(readFileSync(real('prepare-salad.form'), 'utf8'));
      salad.components.push({ type: 'iframe', id: 'Field_Photo', key: 'photo', label: '成品照片' });
      const badSalad = join(mkdtempSync(join(tmpdir(), 'civicflow-camunda-')), 'prepare-salad.form');
      writeFileSync(badSalad, JSON.stringify(salad));

      await signIn(page, rt.url, 'towna-admin');
      await page.locator('[data-process="appeal-loop@city"]').waitFor();
      await page.getByTestId('import-file').setInputFiles([...files, badSalad]);
      await page.getByText('将随流程一起部署：').waitFor();
      // The imported forms are checked with the diagram as it is drawn: the iframe is named and deploying waits.
      await page
        .locator('.problems li[data-code="FORM_COMPONENT_UNSUPPORTED"]')
        .getByText('表单组件「成品照片」（iframe）无法转换')
        .waitFor();
      await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);

      await page.getByTestId('import-file').setInputFiles([...files, real('prepare-salad.form')]);
      await page.getByRole('button', { name: '部署', exact: true }).click();
      await page
        .getByRole('status')
        .getByText('已部署：流程「template-human-task-tutorial-074nxxb」版本 1（A镇综治中心）') // the tutorial's process has no name
        .waitFor();
      const admin = await rt.login('admin');
      const forms = (await rt.request('GET', '/api/form-definitions?tenant=town-a', { token: admin })).body as Array<{
        key: string;
        tenant: string;
      }>;
      expect(forms.filter((f) => f.tenant === 'town-a').map((f) => f.key)).toEqual(
        expect.arrayContaining(['DecideWhatsForDinner', 'prepare-chicken', 'prepare-salad']),
      );
    });
  },
);
