import { describe, expect, it } from 'vitest';
import { loadPdfFont, parsePdfFontSetting } from './pdf-font.js';
import { pdfSheets } from './pdf.js';

const WQY = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const row = {
  id: 'e1',
  tenant_id: 'park',
  name: '园区企业',
  credit_code: null,
  contact: null,
  created_at: '2026-12-01T00:00:00.000Z',
  code: 'abc',
  active: true,
  updated_at: null,
};
const sheets = async (setting: string) =>
  pdfSheets([row], new Map(), 'http://localhost', await loadPdfFont(setting, 'zh-CN'), row.created_at, 'zh-CN');

describe('the PDF font setting (CIVICFLOW_PDF_FONT)', () => {
  it('reads a path, or a collection path with the face after a comma', () => {
    expect(parsePdfFontSetting('/fonts/simhei.ttf')).toEqual({ path: '/fonts/simhei.ttf' });
    expect(parsePdfFontSetting(` ${WQY} , WenQuanYiMicroHei `)).toEqual({ path: WQY, name: 'WenQuanYiMicroHei' });
  });

  it('sets the sheets in the configured face of a collection', async () => {
    expect((await sheets(`${WQY},WenQuanYiMicroHeiMono`)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a collection without a face, a face it does not hold, and a file that is no font, with what to set', async () => {
    await expect(loadPdfFont(WQY, 'zh-CN')).rejects.toMatchObject({
      status: 503,
      code: 'PDF_FONT_UNUSABLE',
      message: expect.stringContaining('字体名'),
    });
    await expect(sheets(`${WQY},NoSuchFace`)).rejects.toMatchObject({ code: 'PDF_FONT_UNUSABLE' });
    await expect(sheets('package.json')).rejects.toMatchObject({
      code: 'PDF_FONT_UNUSABLE',
      message: expect.stringContaining('CIVICFLOW_PDF_FONT'),
    });
  });

  it('a missing configured font says so in Chinese or English', async () => {
    await expect(loadPdfFont('/nowhere/font.otf', 'zh-CN')).rejects.toMatchObject({
      code: 'PDF_FONT_MISSING',
      message: expect.stringContaining('找不到'),
    });
    await expect(loadPdfFont('/nowhere/font.otf', 'en')).rejects.toMatchObject({
      code: 'PDF_FONT_MISSING',
      message: expect.stringContaining('does not exist'),
    });
  });
});
