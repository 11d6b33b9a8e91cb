import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../server.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const PURPOSES = ['反映诉求', '申请调解', '法律咨询'];
// Valid unified social credit codes (check character included).
const CODE_1 = '91320500MA1AAAA01E';
const CODE_2 = '91320581MA1W8K3X22';

interface Enterprise {
  id: string;
  name: string;
  creditCode: string | null;
  intakeUrl: string;
}

/** Each page's text (pdf.js joins nothing, so the items are concatenated) and its drawn squares. */
async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocument({ data: bytes }).promise;
  const pages: Array<{ text: string; squares: number[][] }> = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    const ops = await page.getOperatorList();
    const squares: number[][] = [];
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.constructPath) return;
      const [kinds, coords] = ops.argsArray[i] as [number[], number[]];
      let at = 0;
      for (const kind of kinds) {
        if (kind === OPS.rectangle) squares.push(coords.slice(at, at + 4));
        at += { [OPS.rectangle]: 4, [OPS.moveTo]: 2, [OPS.lineTo]: 2, [OPS.curveTo]: 6 }[kind] ?? 4;
      }
    });
    pages.push({ text, squares });
  }
  await pdf.destroy();
  return { pages, count: pdf.numPages };
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

/** The dark modules of a QR code as "row,col" — from the code itself, or from the squares a page draws. */
const modulesOf = (url: string) => {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const dark: string[] = [];
  for (let r = 0; r < modules.size; r++)
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) dark.push(`${r},${c}`);
  return dark.sort();
};
const modulesDrawn = (squares: number[][]) => {
  const cell = squares[0]![2]!;
  const x0 = Math.min(...squares.map((s) => s[0]!));
  const y0 = Math.min(...squares.map((s) => s[1]!));
  return squares.map(([x, y]) => `${Math.round((y! - y0) / cell)},${Math.round((x! - x0) / cell)}`).sort();
};

describe.each(dialects)('enterprise sheets as PDF on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let towna: string;
  const mine: Enterprise[] = [];

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    towna = await rt.login('towna-admin');
    for (const [name, creditCode] of [
      ['园区甲化工有限公司', CODE_1],
      ['园区乙物流有限公司', CODE_2],
      ['园区丙新材料科技有限公司', undefined],
    ] as const) {
      const r = await rt.request('POST', '/api/enterprises', {
        token: admin,
        body: { name, tenantId: 'park', ...(creditCode ? { creditCode } : {}) },
      });
      expect(r.status).toBe(201);
      mine.push(r.body as Enterprise);
    }
    // A deactivated enterprise is not printed.
    const gone = await rt.request('POST', '/api/enterprises', {
      token: admin,
      body: { name: '已停用企业', tenantId: 'park' },
    });
    await rt.request('POST', `/api/enterprises/${gone.body.id}/deactivate`, { token: admin, body: {} });
  });
  afterAll(async () => rt?.stop());

  const download = (token: string, query: string) =>
    fetch(`${rt.url}/api/enterprises/print.pdf?${query}`, { headers: { authorization: `Bearer ${token}` } });

  it("a park's PDF: one A4 page per active enterprise with its name, credit code, QR code and the three purposes", async () => {
    const res = await download(admin, 'tenant=park');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; .*\.pdf/);
    const { pages, count } = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(count).toBe(mine.length);

    const byName = [...mine].sort((a, b) => (a.name < b.name ? -1 : 1));
    byName.forEach((e, i) => {
      const page = pages[i]!;
      expect(page.text).toContain(e.name);
      if (e.creditCode) expect(page.text).toContain(`统一社会信用代码：${e.creditCode}`);
      for (const p of PURPOSES) expect(page.text).toContain(p);
      expect(page.text).toContain('扫一扫');
      // The squares drawn are exactly this enterprise's QR code to the intake form.
      expect(modulesDrawn(page.squares)).toEqual(modulesOf(e.intakeUrl));
    });
    expect(pages.map((p) => p.text).join('')).not.toContain('已停用企业');
    expect(pages[0]!.text).toContain('化工园区'); // the unit's name heads the sheet
  });

  it('one enterprise as a one-page PDF; a new code prints the new QR', async () => {
    const e = mine[0]!;
    const reissued = (await rt.request('POST', `/api/enterprises/${e.id}/reissue`, { token: admin, body: {} })).body;
    const res = await download(admin, `id=${e.id}`);
    expect(res.status).toBe(200);
    const { pages, count } = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(count).toBe(1);
    expect(pages[0]!.text).toContain(e.name);
    expect(modulesDrawn(pages[0]!.squares)).toEqual(modulesOf(reissued.intakeUrl));
    expect(modulesDrawn(pages[0]!.squares)).not.toEqual(modulesOf(e.intakeUrl));
  });

  it("another township's park or enterprise answers 404; nothing to print or no choice is a clear error", async () => {
    expect((await download(towna, 'tenant=park')).status).toBe(404);
    expect((await download(towna, `id=${mine[1]!.id}`)).status).toBe(404);
    const empty = await download(towna, 'tenant=town-a');
    expect(empty.status).toBe(400);
    expect(await errorOf(empty)).toMatchObject({ code: 'PRINT_EMPTY', message: expect.stringContaining('企业') });
    expect((await errorOf(await download(admin, ''))).code).toBe('PRINT_WHAT');
  });

  it('a unit with more than 500 active enterprises is refused with what to do instead', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    const rows = Array.from({ length: 501 }, (_, i) => ({
      id: `bulk-${i}`,
      tenant_id: 'street-b',
      name: `批量企业${i}`,
      credit_code: null,
      contact: null,
      created_at: now,
      code: `bulk-${i}`,
      active: true,
      updated_at: null,
    }));
    await rt.deps.db.knex.batchInsert('enterprises', rows, 100);
    const res = await download(admin, 'tenant=street-b');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({
      code: 'PRINT_TOO_LARGE',
      message: expect.stringContaining('500'),
    });
  });

  it('without the Chinese font (CIVICFLOW_PDF_FONT pointing nowhere) answers 503 PDF_FONT_MISSING saying what to set', async () => {
    const missing = '/nonexistent/fonts/simhei.ttf';
    const bare = await startTestRuntime(dialect, { pdfFont: configFromEnv({ CIVICFLOW_PDF_FONT: missing }).pdfFont! });
    try {
      const token = await bare.login('admin');
      const e = await bare.request('POST', '/api/enterprises', { token, body: { name: '某企业', tenantId: 'city' } });
      expect(e.status).toBe(201);
      const res = await fetch(`${bare.url}/api/enterprises/print.pdf?id=${e.body.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(503);
      const error = await errorOf(res);
      expect(error.code).toBe('PDF_FONT_MISSING');
      expect(error.message).toContain('CIVICFLOW_PDF_FONT');
      expect(error.message).toContain(missing);
      // The HTML sheet needs no font on the server.
      expect((await bare.request('GET', `/api/enterprises/print?id=${e.body.id}`, { token })).status).toBe(200);
    } finally {
      await bare.stop();
    }
  });
});
