import {
  arrayOf,
  booleanType,
  integerType,
  nullable,
  objectOf,
  stringOrNull,
  stringType,
} from '../platform/http/schemas.js';

/** A countersign's vote summary (会签情况), as the task and case pages show it. */
export const COUNTERSIGN_SCHEMA = objectOf({
  elementId: stringType,
  stepName: stringType,
  sequential: booleanType,
  rule: objectOf({ kind: { enum: ['all', 'any', 'ratio', 'custom'] }, text: stringType }),
  signerKind: nullable({ enum: ['users', 'groups'] }),
  signers: arrayOf(
    objectOf({
      id: stringType,
      name: stringType,
      state: { enum: ['pending', 'active', 'completed', 'removed'] },
      agree: nullable(booleanType),
      opinion: stringOrNull,
      at: stringOrNull,
    }),
  ),
  counts: objectOf({
    signed: integerType,
    agreed: integerType,
    disagreed: integerType,
    pending: integerType,
    total: integerType,
  }),
  canAdd: booleanType,
  canRemove: booleanType,
});
