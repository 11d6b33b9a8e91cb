// bpmn-moddle and dmn-moddle report problems in the same text format; both compilers show them alike.

/** `unparsable content <x> detected\n\tline: 3\n\tcolumn: 5\n\tnested error: y` → `unparsable content <x> at line 4, column 6: y`. */
export function describeModdleMessage(message: string): string {
  const [head = '', ...rest] = message.split('\n');
  const nested = rest.map((l) => /^\s*nested error: (.*)$/.exec(l)?.[1]).find((x) => x !== undefined);
  const where = moddlePosition(message);
  const what = head.replace(/ detected$/, '').trim();
  return `${what}${where ? ` ${where}` : ''}${nested ? `: ${nested}` : ''}`;
}

/** Moddle counts lines and columns from 0; people count from 1. */
export function moddlePosition(message: string): string {
  const line = /\bline: (\d+)/.exec(message)?.[1];
  const column = /\bcolumn: (\d+)/.exec(message)?.[1];
  if (line === undefined || column === undefined) return '';
  return `at line ${Number(line) + 1}, column ${Number(column) + 1}`;
}
