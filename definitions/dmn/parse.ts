import { DmnModdle, type DmnElement, type DmnParseWarning } from 'dmn-moddle';
import { problem, type Problem } from '../model/index.js';
import { describeModdleMessage, moddlePosition } from '../moddle-messages.js';

export const DMN_NAMESPACE = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

export type ParsedDmn = { definitions: DmnElement; problems: Problem[] } | { definitions: null; problems: Problem[] };

/**
 * Parses DMN 1.3 XML (as written by Camunda Modeler 8 / dmn-js). Moddle's warnings
 * (unknown elements or attributes, duplicate ids, broken references) become problems.
 */
export async function parseDmn(resource: string, xml: string): Promise<ParsedDmn> {
  // Document type declarations could define entities; DMN never needs them.
  if (/<!DOCTYPE/i.test(xml)) {
    return failed(problem(resource, 'XML_INVALID', 'DOCTYPE declarations are not allowed in DMN'));
  }
  let result: Awaited<ReturnType<ReturnType<typeof DmnModdle>['fromXML']>>;
  try {
    result = await DmnModdle().fromXML(xml, 'dmn:Definitions');
  } catch (err) {
    return failed(unreadable(resource, xml, err as Error));
  }
  return { definitions: result.rootElement, problems: result.warnings.map((w) => fromWarning(resource, w)) };
}

function failed(p: Problem): ParsedDmn {
  return { definitions: null, problems: [p] };
}

function unreadable(resource: string, xml: string, err: Error): Problem {
  if (err.message.startsWith('failed to parse document as')) {
    const hint = /20151101|20180521/.test(rootElement(xml))
      ? '; open and save it in Camunda Modeler 5 or later to migrate it'
      : '';
    return problem(
      resource,
      'XML_INVALID',
      `not a DMN 1.3 document: the root element must be <definitions> in namespace ${DMN_NAMESPACE}, found ${rootElement(xml)}${hint}`,
    );
  }
  return problem(resource, 'XML_INVALID', `not a well-formed XML document: ${describeModdleMessage(err.message)}`);
}

function fromWarning(resource: string, w: DmnParseWarning): Problem {
  const nested = w.error?.message ?? '';
  const duplicate = /^duplicate ID <([^>]+)>$/.exec(nested);
  if (duplicate) {
    const where = moddlePosition(w.message);
    const again = where ? ` (again ${where})` : '';
    return problem(
      resource,
      'DUPLICATE_ID',
      `id is used by more than one element${again}; the later element was ignored`,
      {
        id: duplicate[1]!,
      },
    );
  }
  return problem(
    resource,
    'XML_INVALID',
    `DMN does not match the DMN 1.3 schema: ${describeModdleMessage(w.message)}`,
    w.element,
  );
}

/** The root element as `<name>` plus its namespace, e.g. `<definitions> in namespace http://…`. */
function rootElement(xml: string): string {
  const tag = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^>]*)?>/.exec(
    xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''),
  );
  if (!tag) return 'no root element';
  const prefix = tag[1]?.slice(0, -1);
  const ns = new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}="([^"]*)"`).exec(tag[3] ?? '')?.[1];
  return `<${tag[1] ?? ''}${tag[2]}>${ns ? ` in namespace ${ns}` : ' without a namespace'}`;
}
