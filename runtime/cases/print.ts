import type { CaseFileView } from './case-view.js';

const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "2026-12-08 09:12", Beijing time: the time people at the centre read. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const parts = Object.fromEntries(TIME.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
}

/** A field's value as printed: 是/否, a list joined by 、, an entry of a repeatable list by its answers; never JSON. */
export function printedValue(v: unknown): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const parts = (values: unknown[]) => values.map(printedValue).filter((x) => x !== '');
  if (Array.isArray(v)) return parts(v).join(v.some((x) => typeof x === 'object' && x !== null) ? '；' : '、');
  if (typeof v === 'object') return parts(Object.values(v)).join('，');
  return String(v);
}

const STATUS: Record<string, string> = { active: '办理中', completed: '已办结', terminated: '已终止' };

/** The case record (办结单) as one HTML page for the browser's print: every step, opinion and name; page numbers in the margin. */
export function printHtml(c: CaseFileView, sections = ''): string {
  const steps = c.steps
    .map(
      (s) =>
        `<tr><td>${esc(s.name)}</td><td>${esc(s.departments.join('、'))}</td><td>${esc(s.handler ?? '')}</td><td>${esc(localTime(s.createdAt))}</td><td>${esc(s.status === 'open' ? '办理中' : localTime(s.completedAt))}</td></tr>`,
    )
    .join('');
  const data = c.data
    .map(
      (g) =>
        `<h3>${esc(g.name)}</h3><table class="kv">${g.fields.map((f) => `<tr><th>${esc(f.label)}</th><td>${esc(printedValue(f.value))}</td></tr>`).join('')}</table>`,
    )
    .join('');
  const opinions = c.opinions.length
    ? c.opinions
        .map(
          (o) =>
            `<tr><td>${esc(o.stepName ?? '')}</td><td>${esc(o.body)}</td><td class="sign">${esc(o.authorName)}</td><td>${esc(localTime(o.createdAt))}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="4">（无）</td></tr>';
  const events = c.timeline
    .map((e) => `<li><span class="at">${esc(localTime(e.at))}</span> ${esc(e.actor ?? '')} ${esc(e.text)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(c.tenant.name)} 案件办理单 ${esc(c.trackingNo ?? c.id)}</title>
<style>
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; } }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 11pt; color: #000; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 13pt; border-bottom: 1px solid #000; margin: 6mm 0 2mm; } h3 { font-size: 11pt; margin: 3mm 0 1mm; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; } tr { page-break-inside: avoid; }
td, th { border: 1px solid #444; padding: 1.5mm 2mm; text-align: left; vertical-align: top; } .kv th { width: 28%; font-weight: normal; background: #f2f2f2; }
.photos { display: flex; flex-wrap: wrap; gap: 3mm; } .photos figure { margin: 0; width: 80mm; page-break-inside: avoid; } .photos img { max-width: 80mm; max-height: 70mm; } .photos figcaption { font-size: 9pt; }
.meta td { border: none; padding: 0.5mm 0; } .sign { white-space: nowrap; } ol { padding-left: 5mm; } .at { font-variant-numeric: tabular-nums; }
</style></head><body>
<h1>${esc(c.tenant.name)}<br>案件办理单</h1>
<table class="meta"><tr><td>受理编号：${esc(c.trackingNo ?? c.id)}</td><td>状态：${esc(STATUS[c.status] ?? c.status)}</td></tr>
<tr><td>诉求人：${esc(c.appellant.name ?? '')}</td><td>联系电话：${esc(c.appellant.phone ?? '')}</td></tr>
<tr><td>诉求类别：${esc(c.category ?? '')}</td><td>来源渠道：${esc(c.channel ?? '')}${c.enterprise ? `（${esc(c.enterprise)}）` : ''}</td></tr>
<tr><td>登记时间：${esc(localTime(c.createdAt))}</td><td>办结时间：${esc(localTime(c.endedAt))}</td></tr></table>
<h2>案件信息</h2>${data}
<h2>办理环节</h2><table><tr><th>环节</th><th>承办单位</th><th>办理人</th><th>收到时间</th><th>办结时间</th></tr>${steps}</table>
<h2>办理意见</h2><table><tr><th>环节</th><th>意见</th><th>签名</th><th>时间</th></tr>${opinions}</table>
${sections}
<h2>办理过程</h2><ol>${events}</ol>
</body></html>`;
}
