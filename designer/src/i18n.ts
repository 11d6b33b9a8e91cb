// The designer's texts: Simplified Chinese by default, English kept complete (a test checks both
// locales have the same keys).
export type Locale = 'zh-CN' | 'en';

const zh = {
  appTitle: 'civicflow 流程设计器',
  loginTitle: '登录',
  username: '用户名',
  password: '密码',
  loginButton: '登录',
  loginFailed: '用户名或密码不正确',
  logout: '退出',
  language: 'English',
  processes: '流程',
  noProcesses: '还没有可见的流程',
  newProcess: '新建流程',
  importFile: '导入 BPMN 文件',
  version: '版本 {version}',
  ownedBy: '归属：{tenant}',
  inherited: '继承自 {tenant}',
  deployTo: '部署到',
  deploy: '部署',
  deploying: '正在部署…',
  downloadXml: '下载 BPMN',
  deployed: '已部署：{key} 版本 {version}（{tenant}）',
  deployFailed: '部署失败：发现 {count} 个问题',
  requestFailed: '请求失败：{message}',
  problems: '问题',
  noProblems: '没有问题',
  openedFrom: '编辑：{key} 版本 {version}（{tenant}）',
  newDiagram: '新流程（未部署）',
  importFailed: '无法读取该文件：{message}',
  element: '元素 {id}',
  selectHint: '从左侧选择一个流程，或新建流程',
  townshipHint: '部署到乡镇后，该乡镇使用自己的版本，其它乡镇仍沿用上级版本。',
  properties: '属性',
  noSelection: '在画布上选择一个元素以编辑它的属性',
  name: '名称',
  candidateGroups: '办理部门（候选组）',
  formId: '表单编号',
  deadline: '办理时限',
  warning: '到期前预警',
  durationInvalid: '时限写法有误，例如：5 workDay、5个工作日、72 hour',
  condition: '分支条件（FEEL，以 = 开头）',
  conditionInvalid: '条件表达式有误：{reason}',
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  appTitle: 'civicflow process designer',
  loginTitle: 'Sign in',
  username: 'User name',
  password: 'Password',
  loginButton: 'Sign in',
  loginFailed: 'Wrong user name or password',
  logout: 'Sign out',
  language: '中文',
  processes: 'Processes',
  noProcesses: 'No process is visible yet',
  newProcess: 'New process',
  importFile: 'Import a BPMN file',
  version: 'version {version}',
  ownedBy: 'owned by {tenant}',
  inherited: 'inherited from {tenant}',
  deployTo: 'Deploy to',
  deploy: 'Deploy',
  deploying: 'Deploying…',
  downloadXml: 'Download BPMN',
  deployed: 'Deployed: {key} version {version} ({tenant})',
  deployFailed: 'Deployment failed: {count} problem(s)',
  requestFailed: 'Request failed: {message}',
  problems: 'Problems',
  noProblems: 'No problems',
  openedFrom: 'Editing: {key} version {version} ({tenant})',
  newDiagram: 'New process (not deployed)',
  importFailed: 'Cannot read this file: {message}',
  element: 'element {id}',
  selectHint: 'Pick a process on the left, or create a new one',
  townshipHint: 'Deployed to a township, the township uses its own version; the others keep the inherited one.',
  properties: 'Properties',
  noSelection: 'Select an element on the canvas to edit its properties',
  name: 'Name',
  candidateGroups: 'Handling departments (candidate groups)',
  formId: 'Form id',
  deadline: 'Deadline',
  warning: 'Warn before the deadline',
  durationInvalid: 'Not a duration, e.g. 5 workDay, 5个工作日, 72 hour',
  condition: 'Branch condition (FEEL, starting with =)',
  conditionInvalid: 'Condition expression is invalid: {reason}',
};

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

export function translate(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function initialLocale(): Locale {
  const storage = (globalThis as { localStorage?: { getItem(key: string): string | null } }).localStorage;
  const saved = storage?.getItem('civicflow.locale');
  return saved === 'en' ? 'en' : 'zh-CN';
}
