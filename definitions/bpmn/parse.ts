import { BpmnModdle, type ModdleElement, type ParseWarning } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import civicDescriptor from './civic.json' with { type: 'json' };
import { describeModdleMessage, moddlePosition } from '../moddle-messages.js';

export { civicDescriptor, zeebeDescriptor };

/** A moddle warning turned into a problem: a code, a sentence, and the element when moddle knows it. */
export interface BpmnWarning {
  code: 'XML_INVALID' | 'DUPLICATE_ID' | 'REFERENCE_MISSING';
  message: string;
  element?: { id: string; $type?: string };
}

export interface ParsedBpmn {
  definitions: ModdleElement;
  warnings: BpmnWarning[];
}

/** Largest BPMN text accepted (characters); protects the parser from hostile input. */
export const DEFAULT_MAX_XML_LENGTH = 5_000_000;

/**
 * Parses BPMN 2.0 XML with the Zeebe and civic extensions. Returns moddle's warnings
 * (they are problems: unknown elements, broken references, duplicate ids, schema violations).
 * Throws on XML that cannot be parsed at all, with a one-line message.
 */
export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  // Document type declarations could define entities; BPMN never needs them.
  if (/<!DOCTYPE/i.test(xml)) throw new Error('DOCTYPE declarations are not allowed in BPMN');
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor, civic: civicDescriptor });
  let result: Awaited<ReturnType<typeof moddle.fromXML>>;
  try {
    result = await moddle.fromXML(xml, 'bpmn:Definitions', { lax: true });
  } catch (err) {
    throw new Error(describeModdleMessage((err as Error).message));
  }
  return { definitions: result.rootElement, warnings: result.warnings.map(fromWarning) };
}

function fromWarning(w: ParseWarning): BpmnWarning {
  const duplicate = /^duplicate ID <([^>]+)>$/.exec(w.error?.message ?? '');
  if (duplicate) {
    const where = moddlePosition(w.message);
    // The ignored element's tag, e.g. `<bpmn:task` → `bpmn:Task`.
    const tag = /^unparsable content <(\w+):(\w)([\w-]*)/.exec(w.message);
    return {
      code: 'DUPLICATE_ID',
      message: `id is used by more than one element${where ? ` (again ${where})` : ''}; the later element was ignored`,
      element: tag
        ? { id: duplicate[1]!, $type: `${tag[1]}:${tag[2]!.toUpperCase()}${tag[3]}` }
        : { id: duplicate[1]! },
    };
  }
  const element = namedElement(w.element);
  if (/^unresolved reference </.test(w.message) && element) {
    const property = String(w.property ?? 'a reference').replace(/^bpmn:/, '');
    return {
      code: 'REFERENCE_MISSING',
      message: `${property} refers to <${String(w.value)}>, which does not exist`,
      element,
    };
  }
  const message = `BPMN does not match the BPMN 2.0 schema: ${describeModdleMessage(w.message)}`;
  return element ? { code: 'XML_INVALID', message, element } : { code: 'XML_INVALID', message };
}

/** The element a warning is about, as people see it: an event definition is reported on its event. */
function namedElement(el: ModdleElement | undefined): BpmnWarning['element'] {
  let current = el;
  while (current && (!current.id || current.$type.endsWith('EventDefinition'))) current = current.$parent;
  return current?.id ? { id: current.id, $type: current.$type } : undefined;
}
