// Importing a ZIP of a Camunda 8 project (`.bpmn` + `.dmn` + Camunda `.form`) in the process designer,
// in real headless Chromium: the archive is unpacked in the browser, its files open and deploy together;
// an archive past the bounds (a zip bomb) is refused in Chinese before anything is inflated.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import * as b from '../runtime/testing/bpmn.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const CAMUNDA_FORM = JSON.stringify({
  executionPlatform: 'Camunda Cloud',
  schemaVersion: 18,
  id: 'zip-review',
  type: 'default',
  components: [{ type: 'textfield', id: 'Field_1', key: 'opinion', label: '审核意见', validate: { required: true } }],
});

/** The chain with the diagram interchange Camunda Modeler writes (shapes in a row, edges between them), so it draws. */
function drawn(xml: string, processId: string, ids: string[]): string {
  const shapes = ids.map(
    (id, i) =>
      `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${100 + i * 160}" y="80" width="${/^(Start|End)$/.test(id) ? 36 : 100}" height="${/^(Start|End)$/.test(id) ? 36 : 80}" /></bpmndi:BPMNShape>`,
  );
  const edges = ids
    .slice(1)
    .map(
      (_, i) =>
        `<bpmndi:BPMNEdge id="Flow_${i + 1}_di" bpmnElement="Flow_${i + 1}"><di:waypoint x="${200 + i * 160}" y="100" /><di:waypoint x="${260 + i * 160}" y="100" /></bpmndi:BPMNEdge>`,
    );
  const di =
    '<bpmndi:BPMNDiagram id="BPMNDiagram_1" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI">' +
    `<bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">${shapes.join('')}${edges.join('')}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`;
  return xml.replace('</bpmn:definitions>', `${di}</bpmn:definitions>`);
}

const DIAGRAM = drawn(
  b.chainProcess(
    'zip-import',
    [
      b.start(),
      b.businessRuleTask('Task_Decide', 'zip-decide', 'route'),
      b.userTask('Task_Review', 'window', { formId: 'zip-review' }),
      b.end(),
    ],
    { name: '窗口审核' },
  ),
  'zip-import',
  ['Start', 'Task_Decide', 'Task_Review', 'End'],
);

describe.skipIf(!browserAvailable())('importing a ZIP in the process designer', () => {
  let rt: TestRuntime;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'civicflow-zip-'));
  const write = (name: string, files: Record<string, Uint8Array>) => {
    const path = join(dir, name);
    writeFileSync(path, zipSync(files, { level: 9 }));
    return path;
  };

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
  });

  it('opens the diagram of a ZIP with its decision table and form, and deploys them together', async () => {
    const zip = write('zip-import.zip', {
      'zip-import/zip-import.bpmn': strToU8(DIAGRAM),
      'zip-import/zip-decide.dmn': strToU8(b.decisionTable('zip-decide', '"window"')),
      'zip-import/zip-review.form': strToU8(CAMUNDA_FORM),
      '__MACOSX/zip-import/._zip-import.bpmn': strToU8('resource fork'),
    });
    await signIn(page, rt.url, 'towna-admin');
    await page.locator('[data-process="appeal-loop@city"]').waitFor();
    await page.getByTestId('import-file').setInputFiles(zip);
    await page.getByText('将随流程一起部署：').waitFor();
    await page
      .getByText(/zip-decide\.dmn/)
      .first()
      .waitFor();
    await page.locator('.djs-element[data-element-id="Task_Review"]').first().waitFor();
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：流程「窗口审核」版本 1（A镇综治中心）').waitFor();
    const admin = await rt.login('admin');
    const forms = (await rt.request('GET', '/api/form-definitions?tenant=town-a', { token: admin })).body as Array<{
      key: string;
      tenant: string;
    }>;
    expect(forms.filter((f) => f.tenant === 'town-a').map((f) => f.key)).toContain('zip-review');
    const decisions = (await rt.request('GET', '/api/decision-definitions?tenant=town-a', { token: admin }))
      .body as Array<{ key: string; tenant: string }>;
    expect(decisions.filter((d) => d.tenant === 'town-a').map((d) => d.key)).toContain('zip-decide');
  });

  it('refuses a zip bomb, a ZIP with a file it cannot import, and a broken ZIP, in Chinese', async () => {
    const bomb = write('bomb.zip', { 'bomb.bpmn': new Uint8Array(12 * 1024 * 1024) });
    await page.getByTestId('import-file').setInputFiles(bomb);
    await page.getByRole('alert').getByText('压缩包中的 bomb.zip/bomb.bpmn 太大：单个文件不能超过 10 MB').waitFor();

    const odd = write('odd.zip', { 'zip-import.bpmn': strToU8(DIAGRAM), 'notes.txt': strToU8('x') });
    await page.getByTestId('import-file').setInputFiles(odd);
    await page
      .getByRole('alert')
      .getByText('无法导入 notes.txt：只能导入 .bpmn、.dmn、.form 文件及其 .zip 压缩包')
      .waitFor();

    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, 'this is not a zip');
    await page.getByTestId('import-file').setInputFiles(broken);
    await page
      .getByRole('alert')
      .getByText(/^无法读取压缩包 broken\.zip：它不是有效的 ZIP 文件/)
      .waitFor();
  });
});
