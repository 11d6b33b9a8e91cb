// Camunda Forms (form-js `.form` schemas) compiled to civicflow's JSON Schema + uiSchema forms.
export { compileFormJs, isFormJsSchema, NEWEST_SCHEMA_VERSION } from './compile-form-js.js';
export {
  computedLimitViolations,
  hiddenPointers,
  hideRulesOf,
  isUnderHidden,
  COMPUTED_LIMITS_KEY,
  HIDE_RULES_KEY,
  type ComputedLimitRule,
  type FeelEvaluator,
  type HideRule,
  type LimitViolation,
} from './hide-rules.js';
export { FORM_JS_LIMITS } from './limits.js';
export { feelNames, FEEL_CONTEXT_KEY } from './feel-names.js';
export { hasOptionSources, withResolvedOptions } from './option-sources.js';
