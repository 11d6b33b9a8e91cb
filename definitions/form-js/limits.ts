/** Bounds on one form-js schema, so one tenant's form cannot slow the compiler, the server or a browser. */
export const FORM_JS_LIMITS = {
  /** Characters of the `.form` JSON text. */
  maxChars: 500_000,
  /** Components, all levels together (display components count too). */
  maxComponents: 400,
  /** Groups and dynamic lists inside each other. */
  maxDepth: 8,
  /** Static options of one select, radio, checklist or taglist. */
  maxOptions: 500,
  /** Characters of one text, html or FEEL expression. */
  maxTextChars: 20_000,
} as const;
