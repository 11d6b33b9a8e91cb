/** The custom rjsf field a hidden Camunda form field is drawn with: nothing (form-conditions.ts hides fields with it). */
export const HIDDEN_FIELD = 'civicHiddenByCondition';
export const hiddenField = () => null;
