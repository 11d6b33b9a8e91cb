import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { PURPOSES, intakeUrl, type EnterpriseRow } from './model.js';
import { unusableFont, type PdfFont } from './pdf-font.js';
import { CREDIT_CODE_LABEL, SHEET_HINT } from './print.js';

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 18 * MM;
const WIDTH = PAGE.width - 2 * MARGIN;
const INK = '#111111';
const MUTED = '#444444';
const BLUE = '#1565c0';
const QR_SIDE = 95 * MM;
const FONT = 'cjk';

type Doc = PDFKit.PDFDocument;

/** Centred text across the printable width at `y`; answers where the next line may start. */
function centred(doc: Doc, text: string, size: number, color: string, y: number): number {
  doc.fontSize(size).fillColor(color).text(text, MARGIN, y, { width: WIDTH, align: 'center' });
  return doc.y;
}

/** The largest size (26pt down to 14pt) at which a long name still fits in two lines, else 14pt. */
function nameSize(doc: Doc, name: string): number {
  let size = 26;
  while (size > 14 && doc.fontSize(size).heightOfString(name, { width: WIDTH }) > size * 2.6) size -= 2;
  return size;
}

/** The QR code as vector squares (one per dark module, a one-module quiet zone), crisp at any print size. */
function qrCode(doc: Doc, url: string, y: number): number {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const cell = QR_SIDE / (modules.size + 2);
  const x0 = (PAGE.width - QR_SIDE) / 2 + cell;
  const y0 = y + cell;
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++)
      if (modules.get(row, col)) doc.rect(x0 + col * cell, y0 + row * cell, cell, cell);
  doc.fill(INK);
  return y + QR_SIDE;
}

/** The three purposes in outlined boxes, side by side, centred. */
function purposes(doc: Doc, y: number): number {
  const size = 16;
  const pad = { x: 6 * MM, y: 3 * MM };
  const gap = 8 * MM;
  const labels = Object.values(PURPOSES);
  doc.fontSize(size);
  const widths = labels.map((p) => doc.widthOfString(p) + 2 * pad.x);
  const height = doc.currentLineHeight() + 2 * pad.y;
  let x = (PAGE.width - widths.reduce((a, w) => a + w, 0) - gap * (labels.length - 1)) / 2;
  labels.forEach((label, i) => {
    doc
      .roundedRect(x, y, widths[i]!, height, 3 * MM)
      .lineWidth(1.5)
      .stroke(BLUE);
    doc.fillColor(BLUE).text(label, x + pad.x, y + pad.y, { lineBreak: false });
    x += widths[i]! + gap;
  });
  return y + height;
}

function sheet(doc: Doc, e: EnterpriseRow, unit: string, url: string): void {
  doc.addPage();
  doc.font(FONT);
  let y = MARGIN + 6 * MM;
  if (unit) y = centred(doc, unit, 14, MUTED, y) + 6 * MM;
  y = centred(doc, e.name, nameSize(doc, e.name), INK, y) + 6 * MM;
  if (e.credit_code) y = centred(doc, `${CREDIT_CODE_LABEL}${e.credit_code}`, 13, INK, y) + 6 * MM;
  y = qrCode(doc, url, y) + 6 * MM;
  y = purposes(doc, y) + 6 * MM;
  doc
    .fontSize(12)
    .fillColor(MUTED)
    .text(SHEET_HINT, (PAGE.width - 165 * MM) / 2, y, { width: 165 * MM, align: 'center' });
}

/**
 * The A4 sheets of `printSheets` as one PDF (一企一码 张贴单), one page per enterprise, set in a
 * Chinese font (only the characters used are embedded).
 */
export async function pdfSheets(
  rows: EnterpriseRow[],
  tenantNames: Map<string, string>,
  origin: string,
  font: PdfFont,
  now: string,
  locale: 'zh-CN' | 'en',
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: '一企一码', Creator: 'civicflow', CreationDate: new Date(now) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  try {
    doc.registerFont(FONT, font.data, font.name as string);
    doc.font(FONT);
  } catch (err) {
    throw unusableFont(font, (err as Error).message, locale);
  }
  for (const [i, e] of rows.entries()) {
    sheet(doc, e, tenantNames.get(e.tenant_id) ?? '', intakeUrl(origin, e));
    // A park's batch is hundreds of pages: let other requests in between.
    if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
