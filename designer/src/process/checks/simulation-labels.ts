import { type Locale, translate } from '../../app/i18n/index.js';
import { scopeLabels } from './scope-labels.js';

/** bpmn-js-token-simulation writes its texts in English into the DOM; these are them in Chinese. */
const ZH: Record<string, string> = {
  'Token Simulation': '模拟运行',
  'Simulation Log': '模拟日志',
  'Toggle Simulation Log': '显示/隐藏模拟日志',
  'Play/Pause Simulation': '播放/暂停模拟',
  'Play Simulation': '继续模拟',
  'Pause Simulation': '暂停模拟',
  'Reset Simulation': '重置模拟',
  'Found unsupported elements': '发现不支持模拟的元素',
  'Not supported': '不支持',
  'Set Sequence Flow': '选择走这条连线',
  'Trigger Event': '触发事件',
  'Add pause point': '添加暂停点',
  'Remove pause point': '取消暂停点',
  'No Entries': '暂无记录',
  Finished: '已结束',
  Process: '流程',
  SubProcess: '子流程',
  Close: '关闭',
  'Service Task': '服务任务',
  'User Task': '人工任务',
  'Call Activity': '调用流程',
  'Script Task': '脚本任务',
  'Business Rule Task': '决策任务',
  'Manual Task': '手工任务',
  'Receive Task': '接收任务',
  'Send Task': '发送任务',
  Task: '任务',
  'Exclusive Gateway': '排他网关',
  'Parallel Gateway': '并行网关',
  'Inclusive Gateway': '包容网关',
  'Start Event': '开始事件',
  'Intermediate Event': '中间事件',
  'Boundary Event': '边界事件',
  'End Event': '结束事件',
};
/** The animation speeds it offers (SetAnimationSpeed.js: Slow, Normal, Fast). */
const SPEED: Record<string, string> = { Slow: '慢', Normal: '正常', Fast: '快' };

function translated(text: string): string | null {
  const trimmed = text.trim();
  const hit = ZH[trimmed];
  if (hit) return text.replace(trimmed, hit);
  const speed = /^Set animation speed = (.+)$/.exec(trimmed);
  if (speed) return `动画速度：${SPEED[speed[1]!] ?? speed[1]}`;
  const scope = /^(.+) (started|finished|canceled)$/.exec(trimmed);
  if (!scope) return null;
  const what = ZH[scope[1]!] ?? scope[1]!;
  return `${what}${scope[2] === 'started' ? '已开始' : scope[2] === 'finished' ? '已结束' : '已取消'}`;
}

/**
 * Keeps the token simulation's controls, notifications and log in Chinese while it draws them:
 * every text and title it adds under `root` is replaced, and its instances are named by number, not
 * by their random ids. Returns a function that stops watching.
 */
export function translateSimulation(root: HTMLElement, locale: Locale): () => void {
  const scopes = scopeLabels(locale);
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const next = locale === 'zh-CN' ? translated(node.textContent ?? '') : null;
      if (next !== null) node.textContent = next;
      return;
    }
    if (!(node instanceof HTMLElement) || node.closest('.djs-palette-entries, .djs-context-pad')) return;
    if (relabelScope(node, scopes.label, locale)) return;
    const title = node.getAttribute('title');
    const nextTitle = title === null || locale !== 'zh-CN' ? null : translated(title);
    if (nextTitle !== null) node.setAttribute('title', nextTitle);
    node.childNodes.forEach(visit);
  };
  const within = (node: Node) =>
    (node instanceof Element ? node : node.parentElement)?.closest('[class*="bts-"]') !== null;
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData' && within(r.target)) visit(r.target);
      for (const n of r.addedNodes) if (within(n)) visit(n);
    }
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  root.querySelectorAll('[class*="bts-"]').forEach(visit);
  return () => observer.disconnect();
}

/**
 * An instance's badge (a notice's or a log entry's: its text is the instance's id) or its button in the
 * instance bar (titled 'Focus process instance <id>', its text the token count), named by number.
 * True when `node` was one.
 */
function relabelScope(node: HTMLElement, label: (id: string) => string, locale: Locale): boolean {
  if (!node.classList.contains('bts-scope') || node.dataset.readable !== undefined) return false;
  const focus = /^Focus process instance (.+)$/.exec(node.getAttribute('title') ?? '');
  const id = node.dataset.scopeId ?? (focus ? focus[1]! : node.textContent?.trim());
  if (!id) return false;
  node.dataset.readable = '';
  if (focus) node.setAttribute('title', translate(locale, 'simFocusInstance', { instance: label(id) }));
  else node.textContent = label(id);
  return true;
}
