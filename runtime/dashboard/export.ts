import ExcelJS from 'exceljs';
import { FIGURE_COLUMNS, type Dimension, type FigureReport, type Figures } from './figures.js';

const DIMENSION_NAMES: Record<Dimension, string> = {
  level: '层级',
  tenant: '单位',
  category: '诉求类别',
  channel: '来源渠道',
  department: '承办部门',
  day: '日期',
  week: '周',
  month: '月份',
};
const RATES = new Set<keyof Figures>(['onTimeRate', 'satisfactionRate']);

/** The table as people read it: Chinese headings, one row per group, the total last; a rate with nothing to divide is "—". */
export function figureTable(report: FigureReport): { headings: string[]; rows: Array<Array<string | number>> } {
  const cells = (name: string, f: Figures) => [
    name,
    ...FIGURE_COLUMNS.map(([key]) => (RATES.has(key) ? percent(f[key] as number | null) : (f[key] as number))),
  ];
  return {
    headings: [DIMENSION_NAMES[report.by], ...FIGURE_COLUMNS.map(([, heading]) => heading)],
    rows: [...report.rows.map((r) => cells(r.name, r)), cells('合计', report.total)],
  };
}

export function toCsv(report: FigureReport): string {
  const { headings, rows } = figureTable(report);
  const line = (cells: Array<string | number>) =>
    cells
      .map((c) => (typeof c === 'number' ? String(c) : /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',');
  // The byte-order mark makes Excel read the file as UTF-8 (Chinese headings otherwise garble).
  return `\uFEFF${[headings, ...rows].map(line).join('\r\n')}\r\n`;
}

export async function toXlsx(report: FigureReport, title: string): Promise<Buffer> {
  const { headings, rows } = figureTable(report);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('诉求统计');
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow(headings).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.getRow(sheet.rowCount).font = { bold: true };
  sheet.columns.forEach((c, i) => {
    c.width = i === 0 ? 22 : 12;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
