/**
 * The FEEL functions an expression may call, as Camunda 8 evaluates them: feelin's built-ins
 * plus the Camunda extensions the engine supplies (`engine/feel/camunda-functions.ts`). The
 * deploy-time check refuses a call to any other name, because FEEL would answer null and the
 * process would go on with a wrong value.
 */

/** The built-in functions of feelin 8.2.0 (DMN 1.5's standard library). */
export const FEELIN_FUNCTIONS = [
  'number',
  'string',
  'date',
  'date and time',
  'time',
  'duration',
  'years and months duration',
  'now',
  'today',
  'not',
  'substring',
  'string length',
  'upper case',
  'lower case',
  'substring before',
  'substring after',
  'replace',
  'contains',
  'matches',
  'starts with',
  'ends with',
  'split',
  'string join',
  'list contains',
  'list replace',
  'count',
  'min',
  'max',
  'sum',
  'mean',
  'all',
  'any',
  'sublist',
  'append',
  'concatenate',
  'insert before',
  'remove',
  'reverse',
  'index of',
  'union',
  'distinct values',
  'flatten',
  'product',
  'median',
  'stddev',
  'mode',
  'decimal',
  'floor',
  'ceiling',
  'abs',
  'round up',
  'round down',
  'round half up',
  'round half down',
  'modulo',
  'sqrt',
  'log',
  'exp',
  'odd',
  'even',
  'is',
  'before',
  'after',
  'meets',
  'met by',
  'overlaps',
  'overlaps before',
  'overlaps after',
  'finishes',
  'finished by',
  'includes',
  'during',
  'starts',
  'started by',
  'coincides',
  'day of year',
  'day of week',
  'month of year',
  'week of year',
  'sort',
  'get value',
  'get entries',
  'context',
  'context merge',
  'context put',
] as const;

/**
 * Camunda's FEEL extensions the engine adds (some replace a feelin built-in with Camunda's
 * wider signature: `string join` with prefix and suffix, `get value` and `context put` with a
 * list of keys, `date and time` with a time zone; `fromAi` marks an AI agent's tool parameter and
 * answers its value).
 */
export const CAMUNDA_FUNCTIONS = [
  'is defined',
  'get or else',
  'assert',
  'string join',
  'extract',
  'trim',
  'is blank',
  'to base64',
  'duplicate values',
  'is empty',
  'partition',
  'get value',
  'context put',
  'last day of month',
  'from json',
  'to json',
  'date and time',
  'fromAi',
] as const;

/**
 * Camunda functions civicflow refuses on purpose: their answer is random, and the engine
 * replays a command to the same result.
 */
export const REFUSED_FUNCTIONS: Record<string, string> = {
  uuid: 'uuid() gives a random answer; the engine must give the same answer each time it runs a step (pass an id in as a variable instead)',
  'random number':
    'random number() gives a random answer; the engine must give the same answer each time it runs a step',
};

export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set<string>([...FEELIN_FUNCTIONS, ...CAMUNDA_FUNCTIONS]);

/**
 * Names with spaces or keywords (`get or else`) that the FEEL parser must be told about to read
 * a call to them as one name.
 */
export const FUNCTION_PARSE_CONTEXT: Readonly<Record<string, null>> = Object.fromEntries(
  [...CAMUNDA_FUNCTIONS, ...Object.keys(REFUSED_FUNCTIONS)].map((name) => [name, null]),
);
