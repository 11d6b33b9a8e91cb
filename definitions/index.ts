// The shared language of civicflow: what a deployable definition is, and how it is checked.
export * from './model/index.js';
export { compile } from './compile.js';
export { sharedFormKeyProblems } from './checks/shared-form-keys.js';
export { compileBpmn } from './bpmn/compile-bpmn.js';
export { compileDmn, readTestCases, TEST_CASE_NAMESPACE } from './dmn/index.js';
export { outputTypeError, unaryTestsTypeError } from './dmn/entry-types.js';
export { civicDescriptor, zeebeDescriptor } from './bpmn/parse.js';
export { staticTimerError, timerCycleTooShort, workDurationError } from './bpmn/expression-checks.js';
export { feelExpressionError, feelUnaryTestsError } from './feel/syntax.js';
export { createAjv, extendFormAjv, TENANT_SCHEMA_OPTIONS } from './forms/ajv.js';
export {
  ATTACHMENT_FORMAT,
  CIVIC_FORMATS,
  fileFieldsOf,
  isChineseIdCard,
  isCivicFormat,
  isUnifiedSocialCreditCode,
  type CivicFormat,
} from './forms/formats.js';
export { errorFieldPath, fieldAt, formErrorMessage, isEchoError, type RawFormError } from './forms/messages.js';
export {
  compileLinear,
  linearExtract,
  linearMatches,
  linearPatternError,
  linearRegExp,
  linearReplace,
  linearSplit,
  InvalidPatternError,
  UnsupportedPatternError,
} from './regex/linear.js';
export { compileForm } from './forms/form-resource.js';
export * from './overlays/index.js';
export { validateFormData, type FieldProblem, type FormFeel, type Locale } from './forms/validate.js';
export {
  compileFormJs,
  feelNames,
  withResolvedOptions,
  FEEL_CONTEXT_KEY,
  hiddenPointers,
  isUnderHidden,
  HIDE_RULES_KEY,
  COMPUTED_LIMITS_KEY,
  FORM_JS_LIMITS,
  type FeelEvaluator,
  type HideRule,
} from './form-js/index.js';
export * from './accounts/index.js';
export {
  CAMUNDA_FUNCTIONS,
  FEELIN_FUNCTIONS,
  FUNCTION_PARSE_CONTEXT,
  KNOWN_FUNCTIONS,
  REFUSED_FUNCTIONS,
} from './feel/functions.js';
export { feelCallErrors } from './feel/calls.js';
export { CRON_ZONE, cronError, isCronCycle, nextCronRun } from './bpmn/cron.js';
export { SUPPORTED_BPMN, isSupportedBpmn } from './bpmn/supported.js';
export { feelFacts, type FeelFacts, type StaticType } from './feel/analysis.js';
