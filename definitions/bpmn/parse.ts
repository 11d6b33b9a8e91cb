import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import civicDescriptor from './civic.json' with { type: 'json' };

export { civicDescriptor, zeebeDescriptor };

export interface ParsedBpmn {
  definitions: ModdleElement;
  warnings: string[];
}

/** Largest BPMN text accepted (characters); protects the parser from hostile input. */
export const DEFAULT_MAX_XML_LENGTH = 5_000_000;

/**
 * Parses BPMN 2.0 XML with the Zeebe and civic extensions. Returns moddle's warnings as
 * text (they are problems: unknown elements, broken references, schema violations).
 * Throws on XML that cannot be parsed at all.
 */
export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  // Document type declarations could define entities; BPMN never needs them.
  if (/<!DOCTYPE/i.test(xml)) throw new Error('DOCTYPE declarations are not allowed in BPMN');
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor, civic: civicDescriptor });
  const result = await moddle.fromXML(xml, 'bpmn:Definitions', { lax: true });
  return {
    definitions: result.rootElement,
    warnings: result.warnings.map((w) => w.message.split('\n')[0]!.trim()),
  };
}
