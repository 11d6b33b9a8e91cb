import ExcelJS from 'exceljs';
import type { Bulletin } from './bulletin.js';
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
  return tableOf(DIMENSION_NAMES[report.by], report.rows, report.total);
}

/** Figure rows as a table headed by `first` (what the rows are), with the total last when given. */
export function tableOf(
  first: string,
  rows: Array<Figures & { name: string }>,
  total?: Figures,
  extra: Array<[string, (r: Figures & { name: string }) => string | number]> = [],
): { headings: string[]; rows: Array<Array<string | number>> } {
  const cells = (name: string, f: Figures, total = false) => [
    ...extra.map(([, value]) => (total ? '' : value({ ...f, name }))),
    name,
    ...FIGURE_COLUMNS.map(([key]) => (RATES.has(key) ? percent(f[key] as number | null) : (f[key] as number))),
  ];
  return {
    headings: [...extra.map(([heading]) => heading), first, ...FIGURE_COLUMNS.map(([, heading]) => heading)],
    rows: [...rows.map((r) => cells(r.name, r)), ...(total ? [cells('合计', total, true)] : [])],
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

export const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** The 通报 as a workbook: one sheet per table, Chinese headings, the title on each sheet. */
export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = (name: string, table: { headings: string[]; rows: Array<Array<string | number>> }, total = true) => {
    const s = book.addWorksheet(name);
    s.addRow([b.title]).font = { bold: true, size: 14 };
    s.addRow([`${name}（统计范围：${b.unit.name}，${b.month.slice(0, 4)}年${Number(b.month.slice(5))}月受理的诉求）`]);
    s.addRow(table.headings).font = { bold: true };
    for (const r of table.rows) s.addRow(r);
    if (total) s.getRow(s.rowCount).font = { bold: true };
    s.columns.forEach((c, i) => {
      c.width = i < 2 ? 22 : 12;
    });
  };
  sheet('分层级', tableOf('层级', b.byLevel, b.total));
  sheet('分渠道', tableOf('来源渠道', b.byChannel, b.total));
  const levels = ['市级', '乡镇（街道）级', '村（社区）级'];
  sheet('渠道与层级', {
    headings: ['来源渠道', ...levels, '合计'],
    rows: [
      ...b.channelByLevel.map((r) => [r.name, ...r.levels, r.total]),
      ['合计', ...levels.map((_, i) => b.channelByLevel.reduce((n, r) => n + r.levels[i]!, 0)), b.total.received],
    ],
  });
  sheet('分类别', tableOf('诉求类别', b.byCategory, b.total));
  sheet('分部门', tableOf('承办部门', b.byDepartment, b.total));
  sheet('部门排名', tableOf('承办部门', b.departmentRanking, undefined, [['名次', (r) => rankOf(r)]]), false);
  sheet('单位排名', tableOf('单位', b.unitRanking, undefined, [['名次', (r) => rankOf(r)]]), false);
  sheet(
    '超期案件',
    {
      headings: ['受理编号', '单位', '诉求类别', '承办部门', '状态', '是否督办'],
      rows: b.overdueCases.map((c) => [
        c.trackingNo ?? '',
        c.unit,
        c.category,
        c.department,
        c.status === 'active' ? '办理中' : c.status === 'completed' ? '已办结' : '已终止',
        c.supervised ? '已督办' : '',
      ]),
    },
    false,
  );
  sheet(
    '逾期督办单',
    {
      headings: ['案件', '单位', '督办人', '督办期限'],
      rows: b.overdueOrders.orders.map((o) => [o.caseTitle ?? '', o.unit, o.owner ?? '', shanghaiText(o.dueAt)]),
    },
    false,
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** An instant as Beijing time, `YYYY-MM-DD HH:mm` (staff never read UTC). */
const shanghaiText = (iso: string | null) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
const rankOf = (r: object) => (r as { rank?: number }).rank ?? '';
