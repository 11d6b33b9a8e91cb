// The decision table in the rules designer, as the browser tests reach it: a cell by rule and column id,
// what the cell shows when not being edited, and the simple editor dmn-js opens beside a selected cell.
import type { Page } from 'playwright-core';

export const cell = (page: Page, rule: string, column: string) =>
  page.locator(`.rules-editor td[data-row-id="${rule}"][data-col-id="${column}"]`);

/** What the table shows in a cell that is not being edited. */
export const shown = (page: Page, rule: string, column: string) =>
  cell(page, rule, column).locator('.feel-editor > .content-editable').textContent();

/** Selects the cell and opens its simple editor (the ✎ button dmn-js shows beside the selection). */
export async function openTemporalEditor(page: Page, rule: string, column: string) {
  await cell(page, rule, column).click();
  await page.keyboard.press('Escape');
  await page.locator('.simple-mode-button').click();
  const editor = page.locator('.context-menu .civic-temporal-edit');
  await editor.waitFor();
  return editor;
}
