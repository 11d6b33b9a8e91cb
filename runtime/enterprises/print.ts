import QRCode from 'qrcode';
import { PURPOSES, intakeUrl, type EnterpriseRow } from './model.js';

/** How many sheets one batch prints (a park's enterprises), so one request stays small. */
export const MAX_PRINT_BATCH = 500;

/** The line under the three purposes on every sheet (HTML and PDF). */
export const SHEET_HINT = '企业有困难、有矛盾纠纷或法律问题，微信或手机扫一扫，在线提交，全程可查。';
export const CREDIT_CODE_LABEL = '统一社会信用代码：';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
@page { size: A4; margin: 18mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 0; color: #111; }
.sheet { box-sizing: border-box; height: 257mm; display: flex; flex-direction: column; align-items: center; text-align: center; gap: 6mm; page-break-after: always; break-after: page; }
.sheet:last-child { page-break-after: auto; break-after: auto; }
.unit { font-size: 14pt; color: #444; margin-top: 6mm; }
h1 { font-size: 26pt; margin: 0; }
.code { font-size: 13pt; letter-spacing: 0.05em; }
.qr svg { width: 95mm; height: 95mm; }
.purposes { list-style: none; padding: 0; margin: 0; display: flex; gap: 8mm; font-size: 16pt; }
.purposes li { border: 1.5pt solid #1565c0; border-radius: 3mm; padding: 3mm 6mm; color: #1565c0; }
.hint { font-size: 12pt; color: #444; max-width: 150mm; }
@media screen { body { background: #eee; } .sheet { background: #fff; width: 210mm; height: auto; min-height: 297mm; margin: 10mm auto; padding: 18mm; } }
`;

/** One A4 sheet per enterprise (一企一码 张贴单): its unit, name, credit code, QR code and the three things the code offers. */
export async function printSheets(
  rows: EnterpriseRow[],
  tenantNames: Map<string, string>,
  origin: string,
): Promise<string> {
  const sheets = await Promise.all(
    rows.map(async (e) => {
      const svg = await QRCode.toString(intakeUrl(origin, e), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return `<section class="sheet" data-enterprise="${escapeHtml(e.id)}">
  <div class="unit">${escapeHtml(tenantNames.get(e.tenant_id) ?? '')}</div>
  <h1>${escapeHtml(e.name)}</h1>
  ${e.credit_code ? `<div class="code">${CREDIT_CODE_LABEL}${escapeHtml(e.credit_code)}</div>` : ''}
  <div class="qr">${svg}</div>
  <ul class="purposes">${Object.values(PURPOSES)
    .map((p) => `<li>${p}</li>`)
    .join('')}</ul>
  <p class="hint">${SHEET_HINT}</p>
</section>`;
    }),
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>一企一码</title><style>${STYLE}</style></head><body>${sheets.join('\n')}</body></html>`;
}
