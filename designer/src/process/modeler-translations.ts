import type { Locale } from '../app/i18n/index.js';

/** bpmn-js palette, context pad and popup texts in Chinese (anything not listed stays English). */
const ZH: Record<string, string> = {
  'Activate hand tool': '抓手工具',
  'Activate lasso tool': '套索工具',
  'Activate create/remove space tool': '增删空间工具',
  'Activate global connect tool': '连线工具',
  'Create start event': '创建开始事件',
  'Create intermediate/boundary event': '创建中间/边界事件',
  'Create end event': '创建结束事件',
  'Create gateway': '创建网关',
  'Create task': '创建任务',
  'Create data object reference': '创建数据对象',
  'Create data store reference': '创建数据存储',
  'Create expanded sub-process': '创建子流程',
  'Create pool/participant': '创建泳池/参与者',
  'Create group': '创建分组',
  'Append end event': '追加结束事件',
  'Append gateway': '追加网关',
  'Append task': '追加任务',
  'Append intermediate/boundary event': '追加中间/边界事件',
  'Append text annotation': '追加注释',
  'Add text annotation': '添加注释',
  'Change element': '更改元素类型',
  'Change type': '更改类型',
  Delete: '删除',
  'Connect to other element': '连接到其它元素',
  'Connect using association': '用关联连接',
  'Connect using sequence/message flow or association': '用顺序流/消息流或关联连接',
  'Connect using data input association': '用数据输入关联连接',
  'Search in diagram': '在图中搜索',
  'User task': '用户任务',
  'Service task': '服务任务',
  'Business rule task': '业务规则任务',
  'Call activity': '调用活动',
  Task: '任务',
  'Exclusive gateway': '排他网关',
  'Parallel gateway': '并行网关',
  'Inclusive gateway': '包容网关',
  'Event-based gateway': '事件网关',
  'Start event': '开始事件',
  'End event': '结束事件',
  'Timer boundary event': '定时边界事件',
  'Message start event': '消息开始事件',
};

/** A diagram-js `translate` for the locale. */
export function modelerTranslate(locale: Locale) {
  return (template: string, replacements: Record<string, string> = {}): string => {
    const text = locale === 'zh-CN' ? (ZH[template] ?? template) : template;
    return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
  };
}
