import type { FormDefinition, Problem } from '../model/index.js';
import { feelExpressionError } from '../feel/syntax.js';
import { DISPLAY_TYPES, displayText } from './display-text.js';
import { FIELD_TYPES, fieldOf } from './fields.js';
import { COMPUTED_LIMITS_KEY, HIDE_RULES_KEY, type ComputedLimitRule, type HideRule } from './hide-rules.js';
import { FORM_JS_LIMITS } from './limits.js';
import { FormProblems, type Component } from './problems.js';
import type { JsonSchema } from './validate-rules.js';

/** The newest form-js `schemaVersion` this compiler knows (Camunda Modeler 5.3x / Web Modeler 8.7 write 18–19). */
export const NEWEST_SCHEMA_VERSION = 19;

const FORM_ID = /^[A-Za-z_][\w.-]{0,127}$/;
const KEY_SEGMENT = /^[A-Za-z_$][\w$-]{0,127}$/;

/** An object level of the compiled schema, with its uiSchema, its data path and the hide conditions over it. */
interface Scope {
  schema: JsonSchema & { properties: Record<string, JsonSchema>; required?: string[] };
  ui: Record<string, unknown>;
  path: string[];
  hideWhen: string[];
  depth: number;
}

/** True for a form-js schema (a `.form` file), as opposed to civicflow's own `{ id, schema, uiSchema }`. */
export function isFormJsSchema(raw: unknown): raw is Record<string, unknown> {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    !Array.isArray(raw) &&
    Array.isArray((raw as Record<string, unknown>).components) &&
    !('schema' in raw)
  );
}

/**
 * Compiles a form-js schema to the JSON Schema + uiSchema civicflow renders with rjsf and checks with
 * ajv. Display components become descriptions, groups with a `path` and keys like `a.b` nested
 * objects, dynamic lists arrays of objects; `conditional.hide` becomes a hide rule kept in the
 * uiSchema (FEEL, evaluated in the browser and on the server). What cannot be mapped is a problem.
 */
export function compileFormJs(
  resource: string,
  raw: Record<string, unknown>,
  idOverride?: string,
): { form?: FormDefinition; problems: Problem[] } {
  const problems = new FormProblems(resource);
  const id = idOverride ?? raw.id;
  if (typeof id !== 'string' || !FORM_ID.test(id)) {
    problems.form('FORM_INVALID', 'Camunda 表单需要一个由字母、数字、“_”“-”“.”组成的 id（最多 128 个字符）');
    return { problems: problems.list };
  }
  const version = raw.schemaVersion;
  if (version !== undefined && (typeof version !== 'number' || version > NEWEST_SCHEMA_VERSION)) {
    problems.form(
      'FORM_UNSUPPORTED',
      `Camunda 表单的版本（schemaVersion ${String(version)}）高于支持的 ${NEWEST_SCHEMA_VERSION}，请用较早版本的建模器导出`,
      id,
    );
    return { problems: problems.list };
  }
  const root: Scope = { schema: { type: 'object', properties: {} }, ui: {}, path: [], hideWhen: [], depth: 0 };
  const state: WalkState = { count: 0, pendingText: [], hideRules: [], computedLimits: [], problems, tooLarge: false };
  walk(raw.components as unknown[], root, state);
  if (state.tooLarge)
    problems.form(
      'FORM_TOO_LARGE',
      `Camunda 表单的组件超过 ${FORM_JS_LIMITS.maxComponents} 个或嵌套超过 ${FORM_JS_LIMITS.maxDepth} 层，请拆分表单`,
      id,
    );
  if (problems.list.length > 0) return { problems: problems.list };
  if (state.pendingText.length > 0) {
    // Text after the last field: shown under the form's heading, as nothing follows it.
    const before = typeof root.ui['ui:description'] === 'string' ? `${root.ui['ui:description']}\n\n` : '';
    root.ui['ui:description'] = before + state.pendingText.join('\n\n');
  }
  if (state.hideRules.length > 0) root.ui[HIDE_RULES_KEY] = state.hideRules;
  if (state.computedLimits.length > 0) root.ui[COMPUTED_LIMITS_KEY] = state.computedLimits;
  const form: FormDefinition = { id, schema: root.schema, uiSchema: root.ui, source: 'form-js' };
  if (typeof raw.name === 'string' && raw.name.trim() !== '') form.name = raw.name.trim();
  return { form, problems: [] };
}

interface WalkState {
  count: number;
  pendingText: string[];
  hideRules: HideRule[];
  computedLimits: ComputedLimitRule[];
  problems: FormProblems;
  tooLarge: boolean;
}

function walk(components: unknown[], scope: Scope, state: WalkState): void {
  if (scope.depth > FORM_JS_LIMITS.maxDepth) {
    state.tooLarge = true;
    return;
  }
  for (const item of components) {
    if (++state.count > FORM_JS_LIMITS.maxComponents) {
      state.tooLarge = true;
      return;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      state.problems.form('FORM_INVALID', 'Camunda 表单的组件列表中有一项不是对象');
      continue;
    }
    component(item as Component, scope, state);
  }
}

function component(c: Component, scope: Scope, state: WalkState): void {
  const type = typeof c.type === 'string' ? c.type : '';
  const hide = hideCondition(c, state.problems);
  const hideWhen = hide ? [...scope.hideWhen, hide] : scope.hideWhen;
  if (DISPLAY_TYPES.has(type)) {
    const text = displayText(c);
    if (text.length > FORM_JS_LIMITS.maxTextChars)
      state.problems.component(c, 'FORM_TOO_LARGE', `的文字超过 ${FORM_JS_LIMITS.maxTextChars} 个字符`);
    else if (text !== '') state.pendingText.push(text);
    return;
  }
  if (type === 'group' || type === 'dynamiclist') {
    if (!Array.isArray(c.components)) {
      state.problems.component(c, 'FORM_COMPONENT_INVALID', '没有子组件列表（components）');
      return;
    }
    const path = typeof c.path === 'string' && c.path.trim() !== '' ? keySegments(c.path, c, state.problems) : [];
    if (path === undefined) return;
    if (type === 'dynamiclist' && path.length === 0) {
      state.problems.component(c, 'FORM_COMPONENT_INVALID', '是动态列表，需要填写数据路径（path）');
      return;
    }
    if (path.length === 0) {
      walk(c.components, { ...scope, hideWhen, depth: scope.depth + 1 }, state);
      return;
    }
    const at = place(scope, path, c, state.problems);
    if (!at) return;
    const title = typeof c.label === 'string' && c.label.trim() !== '' ? c.label.trim() : undefined;
    let inner: Scope;
    if (type === 'group') {
      const schema = { type: 'object', properties: {}, ...(title ? { title } : {}) };
      at.parent.properties[at.name] = schema;
      inner = { schema, ui: at.ui, path: [...scope.path, ...path], hideWhen, depth: scope.depth + 1 };
    } else {
      const items = { type: 'object', properties: {} };
      const list: JsonSchema = { type: 'array', items, ...(title ? { title } : {}) };
      at.parent.properties[at.name] = list;
      const itemsUi: Record<string, unknown> = {};
      at.ui.items = itemsUi;
      if (c.allowAddRemove === false) at.ui['ui:options'] = { addable: false, removable: false, orderable: false };
      else at.ui['ui:options'] = { orderable: false };
      inner = { schema: items, ui: itemsUi, path: [...scope.path, ...path, '*'], hideWhen, depth: scope.depth + 1 };
    }
    if (hideWhen.length > 0) state.hideRules.push({ path: [...scope.path, ...path], when: hideWhen });
    walk(c.components, inner, state);
    return;
  }
  if (!FIELD_TYPES.has(type)) {
    state.problems.component(
      c,
      'FORM_COMPONENT_UNSUPPORTED',
      type === '' ? '没有类型（type）' : '无法转换为 civicflow 表单，请删除或换用支持的组件',
    );
    return;
  }
  if (typeof c.key !== 'string' || c.key.trim() === '') {
    state.problems.component(c, 'FORM_COMPONENT_INVALID', '没有数据键（key）');
    return;
  }
  const segments = keySegments(c.key, c, state.problems);
  if (!segments) return;
  const field = fieldOf(c, state.problems);
  if (!field) return;
  const at = place(scope, segments, c, state.problems);
  if (!at) return;
  at.parent.properties[at.name] = field.schema;
  if (field.required) at.parent.required = [...(at.parent.required ?? []), at.name];
  Object.assign(at.ui, field.ui);
  if (state.pendingText.length > 0) {
    const own = typeof field.schema.description === 'string' ? [field.schema.description] : [];
    at.ui['ui:description'] = [...state.pendingText, ...own].join('\n\n');
    state.pendingText = [];
  }
  if (hideWhen.length > 0) state.hideRules.push({ path: [...scope.path, ...segments], when: hideWhen });
  for (const limit of field.computed) state.computedLimits.push({ path: [...scope.path, ...segments], ...limit });
}

/** Makes the objects a key path `a.b.c` goes through and returns where its last segment goes (undefined: a clash, reported). */
function place(
  scope: Scope,
  segments: string[],
  c: Component,
  problems: FormProblems,
): { parent: Scope['schema']; name: string; ui: Record<string, unknown> } | undefined {
  let parent = scope.schema;
  let ui = scope.ui;
  for (const segment of segments.slice(0, -1)) {
    const existing = parent.properties[segment];
    if (existing === undefined) parent.properties[segment] = { type: 'object', properties: {} };
    else if (existing.type !== 'object' || typeof existing.properties !== 'object') {
      problems.component(c, 'FORM_COMPONENT_INVALID', `的数据路径与另一个字段「${segment}」冲突`);
      return undefined;
    }
    parent = parent.properties[segment] as Scope['schema'];
    ui = (ui[segment] ??= {}) as Record<string, unknown>;
  }
  const name = segments.at(-1)!;
  if (name in parent.properties) {
    problems.component(c, 'FORM_COMPONENT_INVALID', `的数据键「${segments.join('.')}」已被另一个字段使用`);
    return undefined;
  }
  return { parent, name, ui: (ui[name] ??= {}) as Record<string, unknown> };
}

function keySegments(key: string, c: Component, problems: FormProblems): string[] | undefined {
  const segments = key.trim().split('.');
  if (segments.every((s) => KEY_SEGMENT.test(s))) return segments;
  problems.component(c, 'FORM_COMPONENT_INVALID', `的数据键「${key}」应由字母、数字和“_”组成，可用“.”分层`);
  return undefined;
}

/** The FEEL of `conditional.hide`, checked; undefined when there is none (or it is wrong, reported). */
function hideCondition(c: Component, problems: FormProblems): string | undefined {
  const conditional = c.conditional as { hide?: unknown } | undefined;
  const raw = conditional?.hide;
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'boolean') return raw ? 'true' : undefined;
  if (typeof raw !== 'string') {
    problems.component(c, 'FORM_COMPONENT_INVALID', '的隐藏条件不是 FEEL 表达式');
    return undefined;
  }
  const feel = raw.trim().replace(/^=/, '').trim();
  if (feel === '') return undefined;
  const error = feel.length > FORM_JS_LIMITS.maxTextChars ? '过长' : feelExpressionError(feel);
  if (error) {
    problems.component(c, 'FEEL_SYNTAX', `的隐藏条件「${raw.trim()}」有误：${error}`);
    return undefined;
  }
  return feel;
}
