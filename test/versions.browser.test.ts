// Issue 15 §4–5 in Chromium: as A镇's administrator, compare two versions of the city's appeal
// loop on the canvas, see what A镇's own copy changed against the city's v1 and that it is behind the
// city's v2 with the upstream changes listed, rebase it (同步市级更新: the city's change merged, a
// conflict decided), deploy it based on v2; as the city's administrator, remove B街道's override (恢复继承).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  archiveToEnforceLane,
  cityAddsPhotoStep,
  STREET_INSPECTION,
  townRectifiesOnSite,
  townWithoutEnforceLane,
} from './fixtures/street-inspection-edits.js';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const CITY_V1 = readFileSync(join(import.meta.dirname, '..', 'examples', 'appeal', 'appeal-loop.bpmn'), 'utf8');
// The city renames 受理登记 (A镇 did not touch it) and 回访 (A镇 renamed it too: a conflict).
const CITY_V2 = CITY_V1.replace('name="受理登记"', 'name="受理登记并核实"').replace('name="回访"', 'name="电话回访"');
const TOWN_COPY = CITY_V1.replace('name="人社局办理"', 'name="镇劳动保障所办理"').replace(
  'name="回访"',
  'name="镇村干部回访"',
);

/** The diagram's shapes not wholly in view on the canvas, or partly under its palette (as [left, right, top, bottom]). */
async function outsideFrame(page: Page): Promise<number[][]> {
  const palette = (await page.locator('.djs-palette').boundingBox())!;
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const shapes = await page
    .locator('.djs-shape')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right, r.top, r.bottom]));
  return shapes.filter(
    ([left, right, top, bottom]) =>
      left! < palette.x + palette.width + 8 ||
      right! > canvas.x + canvas.width ||
      top! < canvas.y ||
      bottom! > canvas.y + canvas.height,
  );
}

describe.skipIf(!browserAvailable())('versions and township overlays, in Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let page: Page;

  const deploy = async (
    username: string,
    tenant: string,
    content: string,
    comment: string,
    name = 'appeal-loop.bpmn',
  ) => {
    const token = await rt.login(username);
    const r = await rt.request('POST', '/api/deployments', {
      token,
      body: { tenant, comment, resources: [{ name, content }] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };

  useBrowserApp(async (app) => {
    ({ rt, page, browser } = app);
    page.setDefaultTimeout(15_000);
  });
  // The versions deployed and the sign-in, in a hook of their own (the app's start alone may take long under load).
  beforeAll(async () => {
    await deploy('towna-admin', 'town-a', TOWN_COPY, 'A镇劳动纠纷由劳动保障所办理');
    await deploy('admin', 'street-b', TOWN_COPY, 'B街道的版本');
    await deploy('city-admin', 'city', CITY_V2, '受理时核实诉求人信息');
    await signIn(page, rt.url, 'towna-admin');
    await page.locator('[data-process="appeal-loop@city"]').waitFor();
  }, 90_000);

  it('compares v1 and v2 of the city’s process: the changed step coloured on the canvas and listed by name', async () => {
    await page.locator('[data-process="appeal-loop@city"]').click();
    const history = page.getByRole('region', { name: '版本历史' });
    await history.getByText('受理时核实诉求人信息').waitFor();
    // A freshly opened diagram is framed whole, clear of the palette.
    await page.locator('.djs-element[data-element-id="StartEvent_Appeal"]').waitFor();
    await expect.poll(() => outsideFrame(page)).toEqual([]);
    // Who deployed, in words: the city's administrator by name, the examples loader as the system.
    const cityAdmin = await rt.deps.db.knex('users').where({ username: 'city-admin' }).first();
    await history.getByText(`v2 · ${cityAdmin.display_name} ·`).waitFor();
    await history.getByText('v1 · 系统（示例载入） ·').waitFor();
    await expect.poll(() => history.getByText('system:examples').count()).toBe(0);
    await history.getByRole('checkbox', { name: '选择 v1 比较' }).check();
    await history.getByRole('checkbox', { name: '选择 v2 比较' }).check();
    await history.getByRole('button', { name: '比较所选两个版本' }).click();
    const changes = page.getByRole('region', { name: 'v1 → v2 的变化' });
    await changes.getByText('受理登记并核实').waitFor();
    await expect(changes.locator('li.diff-changed').first().textContent()).resolves.toContain('改动：名称');
    await expect(changes.locator('li').count()).resolves.toBe(2);
    await page.locator('.djs-element.diff-changed[data-element-id="Task_Receive"]').waitFor();
    await page.getByText('正在只读查看 v2（市级），不能部署').waitFor();
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);
  });

  it('opens a past version truly read-only: no palette, context pad or properties to edit, deploy off; and back', async () => {
    const history = page.getByRole('region', { name: '版本历史' });
    await history.getByRole('button', { name: '查看 v1' }).click();
    await page.getByTestId('readonly-banner').getByText('正在只读查看 v1（市级），不能部署，也不能修改。').waitFor();
    await page.getByTestId('readonly-note').getByText('这是只读查看的历史版本，属性不能修改。').waitFor();
    await page.locator('.djs-element[data-element-id="Task_Receive"]').first().click();
    await expect.poll(() => page.locator('.djs-palette').count()).toBe(0);
    await expect.poll(() => page.locator('.djs-context-pad.open').count()).toBe(0);
    await expect.poll(() => page.locator('.properties-host .bio-properties-panel').count()).toBe(0);
    await page.locator('.djs-element[data-element-id="Task_Receive"]').first().dblclick();
    await expect.poll(() => page.locator('.djs-direct-editing-parent:visible').count()).toBe(0);
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: '模拟运行' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('部署说明（可选）').isDisabled()).resolves.toBe(true);
    // Back to the version in force: editable again.
    await page.getByTestId('readonly-banner').getByRole('button', { name: '返回当前版本' }).click();
    await page.getByTestId('opened').getByText('编辑：诉求受理闭环 版本 2（市级）').waitFor();
    await page.getByTestId('readonly-banner').waitFor({ state: 'detached' });
    await page.locator('.djs-palette').waitFor();
    await page.locator('.properties-host .bio-properties-panel').waitFor();
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(false);
  });

  it('shows A镇’s copy based on the city’s v1 and behind v2, with the upstream change listed', async () => {
    await page.locator('[data-process="appeal-loop@town-a"]').click();
    const banner = page.getByTestId('overlay-banner');
    await banner.getByText('基于市级 v1').waitFor();
    await banner.getByText('市级已更新到 v2').waitFor();
    // The words and the buttons after them keep apart.
    const boxes = await Promise.all(
      [
        banner.getByText('基于市级 v1'),
        banner.getByText('市级已更新到 v2'),
        banner.getByRole('button', { name: '同步市级更新' }),
        banner.getByRole('button', { name: '恢复继承' }),
      ].map(async (l) => (await l.boundingBox())!),
    );
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i]!.x - (boxes[i - 1]!.x + boxes[i - 1]!.width), `gap before item ${i + 1}`).toBeGreaterThanOrEqual(
        6,
      );
    const upstream = banner.getByRole('region', { name: '市级在 v1 之后的变化' });
    await upstream.getByText('受理登记并核实').waitFor();
    await upstream.getByText('电话回访').waitFor();
    await expect(upstream.locator('li').count()).resolves.toBe(2);
    await page.getByRole('region', { name: '版本历史' }).getByText('A镇劳动纠纷由劳动保障所办理').waitFor();
    // What A镇 changed against the city's v1: listed by name, coloured on the canvas.
    const own = banner.getByRole('region', { name: '本单位相对市级 v1 的改动' });
    await own.getByText('镇劳动保障所办理').waitFor();
    await own.getByText('镇村干部回访').waitFor();
    await expect(own.locator('li').count()).resolves.toBe(2);
    // Opened (and framed again as the banner above it grew), the whole diagram is in view, none of it
    // under the palette.
    await expect.poll(() => outsideFrame(page)).toEqual([]);
    await expect(own.locator('li').first().textContent()).resolves.toContain('改动：名称');
    await page.locator('.djs-element.diff-changed[data-element-id="Task_HandleLabour"]').waitFor();
    await page.locator('.djs-element.diff-changed[data-element-id="Task_FollowUp"]').waitFor();
  });

  it('rebases A镇’s copy onto the city’s v2: the city’s change merged, the conflict decided, deployed based on v2', async () => {
    const banner = page.getByTestId('overlay-banner');
    await banner.getByRole('button', { name: '同步市级更新' }).click();
    await banner.getByText('同步市级 v2（合并结果，尚未部署）').waitFor();
    const applied = banner.getByRole('region', { name: '已并入的市级改动' });
    await applied.getByText('受理登记并核实').waitFor();
    await expect(applied.locator('li').count()).resolves.toBe(1);
    const conflicts = banner.getByRole('region', { name: '冲突（1）：双方改了同一处，请逐项选择' });
    await conflicts.getByText('双方都改了：名称').waitFor();
    // The merge is on the canvas: the city's change coloured, the conflict marked, A镇's own name kept by default.
    await page.locator('.djs-element.diff-changed[data-element-id="Task_Receive"]').waitFor();
    await page.locator('.djs-element.diff-conflict[data-element-id="Task_FollowUp"]').waitFor();
    await page.locator('[data-element-id="Task_FollowUp"]').getByText('镇村干部回访').waitFor();
    await page.locator('[data-element-id="Task_Receive"]').getByText('受理登记并核实').waitFor();
    // Taking the city's side for the conflict merges again (the choice shows once the server's merge is back:
    // a click, not check(), which reads the radio right after clicking it).
    await conflicts.getByRole('radio', { name: '采用市级的' }).click();
    await page.locator('[data-element-id="Task_FollowUp"]').getByText('电话回访').waitFor();
    await expect(conflicts.getByRole('radio', { name: '采用市级的' }).isChecked()).resolves.toBe(true);
    await page.getByRole('textbox', { name: '部署说明（可选）' }).fill('同步市级 v2');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByText('已部署：流程「诉求受理闭环」版本 2（A镇综治中心）').waitFor();

    const token = await rt.login('towna-admin');
    const listed = await rt.request('GET', '/api/process-definitions?tenant=town-a&key=appeal-loop&latest=true', {
      token,
    });
    const mine = listed.body.find((d: { tenant: string }) => d.tenant === 'town-a');
    expect(mine).toMatchObject({ version: 2, basedOn: { tenant: 'city', version: 2 }, behind: false });
    const xml = (await rt.request('GET', `/api/process-definitions/${mine.id}/xml`, { token })).body as string;
    expect(xml).toContain('name="镇劳动保障所办理"');
    expect(xml).toContain('name="受理登记并核实"');
    expect(xml).toContain('name="电话回访"');

    // Opened again: based on the city's v2, no longer behind, A镇's own change still listed against v2.
    await page.locator('[data-process="appeal-loop@town-a"]').click();
    await banner.getByText('基于市级 v2').waitFor();
    await expect.poll(() => banner.getByText('市级已更新到').count()).toBe(0);
    await expect.poll(() => banner.getByRole('button', { name: '同步市级更新' }).count()).toBe(0);
    const own = banner.getByRole('region', { name: '本单位相对市级 v2 的改动' });
    await own.getByText('镇劳动保障所办理').waitFor();
    await expect(own.locator('li').count()).resolves.toBe(1);
  });

  it('names, in words, what the city added inside a sub-process A镇 deleted, and brings it back on request', async () => {
    const name = 'street-inspection.bpmn';
    await deploy('city-admin', 'city', STREET_INSPECTION, '占道经营整治', name);
    await deploy('towna-admin', 'town-a', townRectifiesOnSite(STREET_INSPECTION), 'A镇现场整改', name);
    await deploy('city-admin', 'city', cityAddsPhotoStep(STREET_INSPECTION), '整改先拍照取证', name);
    await page.reload();
    await page.locator('[data-process="street-inspection@town-a"]').click();
    const banner = page.getByTestId('overlay-banner');
    await banner.getByRole('button', { name: '同步市级更新' }).click();
    const conflicts = banner.getByRole('region', { name: '冲突（1）：双方改了同一处，请逐项选择' });
    await conflicts.getByText('整改处置', { exact: true }).waitFor();
    await conflicts
      .getByText(
        '本单位删除了它，市级在其中新增了拍照取证、未命名的连线、未命名的边界事件；保留本单位的，这些新增一并舍弃；采用市级的，它连同新增内容一起恢复',
      )
      .waitFor();
    expect(await conflicts.textContent()).not.toMatch(/SubProcess_|Task_|Flow_|Timer_/);
    await expect.poll(() => page.locator('[data-element-id="Task_Photo"]').count()).toBe(0);
    await conflicts.getByRole('radio', { name: '采用市级的' }).click();
    await page.locator('[data-element-id="Task_Photo"]').getByText('拍照取证').waitFor();
    await page.locator('.djs-element.diff-conflict[data-element-id="SubProcess_Rectify"]').waitFor();
    await banner.getByRole('button', { name: '放弃同步' }).click();
    await expect.poll(() => page.locator('[data-element-id="Task_Photo"]').count()).toBe(0);
  });

  it('names, in words, what the city moved into a lane A镇 deleted, and moves it in on request', async () => {
    // Its own key, so the street inspection above is left alone.
    const lanes = (xml: string) => xml.replaceAll('"street-inspection"', '"street-lanes"');
    const name = 'street-lanes.bpmn';
    await deploy('city-admin', 'city', lanes(STREET_INSPECTION), '占道经营整治', name);
    await deploy('towna-admin', 'town-a', lanes(townWithoutEnforceLane(STREET_INSPECTION)), 'A镇不设执法中队', name);
    await deploy('city-admin', 'city', lanes(archiveToEnforceLane(STREET_INSPECTION)), '执法中队归档', name);
    await page.reload();
    await page.locator('[data-process="street-lanes@town-a"]').click();
    const banner = page.getByTestId('overlay-banner');
    await banner.getByRole('button', { name: '同步市级更新' }).click();
    const conflicts = banner.getByRole('region', { name: '冲突（1）：双方改了同一处，请逐项选择' });
    await conflicts.getByText('执法中队', { exact: true }).waitFor();
    await conflicts
      .getByText(
        '本单位删除了它，市级把结案归档移到了其中；保留本单位的，结案归档留在原处；采用市级的，它恢复，结案归档随之移入',
      )
      .waitFor();
    expect(await conflicts.textContent()).not.toMatch(/Lane_|Task_/);
    await expect.poll(() => page.locator('[data-element-id="Lane_Enforce"]').count()).toBe(0);
    await conflicts.getByRole('radio', { name: '采用市级的' }).click();
    await page.locator('.djs-element.diff-conflict[data-element-id="Lane_Enforce"]').waitFor();
    await banner.getByRole('button', { name: '放弃同步' }).click();
    await expect.poll(() => page.locator('[data-element-id="Lane_Enforce"]').count()).toBe(0);
  });

  it('as the city, removes B街道’s override so it inherits the city’s process again', async () => {
    const city = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    city.setDefaultTimeout(15_000);
    await signIn(city, rt.url, 'city-admin');
    await city.locator('[data-process="appeal-loop@street-b"]').click();
    const banner = city.getByTestId('overlay-banner');
    await banner.getByText('市级已更新到 v2').waitFor();
    city.once('dialog', (d) => void d.accept());
    await banner.getByRole('button', { name: '恢复继承' }).click();
    await city.getByText('已恢复继承：新案件按市级 v2 办理').waitFor();
    await city.locator('[data-process="appeal-loop@street-b"]').waitFor({ state: 'detached' });
    const token = await rt.login('city-admin');
    const seen = await rt.request('GET', '/api/process-definitions?tenant=street-b&key=appeal-loop&latest=true', {
      token,
    });
    expect(seen.body.map((d: { tenant: string; version: number }) => [d.tenant, d.version])).toEqual([['city', 2]]);
    await city.close();
  });
});
