// Driving the designer's properties panel (bpmn.io, with the civic groups) in the browser tests.
import type { Locator, Page } from 'playwright-core';

/** The panel beside the canvas. */
export function propertiesPanel(page: Page): Locator {
  return page.getByRole('complementary', { name: '属性' });
}

/** Selects an element on the canvas by clicking it (a flow: its label). */
export async function selectElement(page: Page, elementId: string): Promise<void> {
  const element = page.locator(`.djs-element[data-element-id="${elementId}"]`).first();
  const selected = page.locator(`.djs-element.selected[data-element-id="${elementId}"]`).first();
  // On a busy machine a click can land while the canvas still settles the previous edit and be lost: click again.
  for (let attempt = 1; ; attempt++) {
    await deselect(page);
    await element.click();
    try {
      await selected.waitFor({ timeout: 4_000 });
      return;
    } catch (err) {
      if (attempt === 4) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** Opens a group of the panel by its visible title (a no-op when open) and answers it. */
export async function openGroup(page: Page, title: string): Promise<Locator> {
  const group = propertiesPanel(page)
    .locator('.bio-properties-panel-group')
    .filter({
      has: page.locator('.bio-properties-panel-group-header-title', { hasText: new RegExp(`^${title}$`) }),
    });
  const header = group.locator('.bio-properties-panel-group-header');
  await header.waitFor();
  if (!((await header.getAttribute('class')) ?? '').includes('open')) await header.click();
  await group.locator('.bio-properties-panel-group-entries.open').waitFor();
  return group;
}

/**
 * Clears the selection with a click on the canvas's empty top right corner (the diagram is framed
 * clear of the edges): the context pad of the element selected before may cover a neighbour.
 */
async function deselect(page: Page): Promise<void> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.click(canvas.x + canvas.width - 6, canvas.y + 6);
}
