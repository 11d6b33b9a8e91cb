// dmn-moddle 12 is ESM and ships no types; describe the small surface civicflow uses.
declare module 'dmn-moddle' {
  export interface DmnElement {
    $type: string;
    $parent?: DmnElement;
    $attrs?: Record<string, string>;
    id?: string;
    name?: string;
    [key: string]: any;
  }
  export interface DmnParseWarning {
    message: string;
    element?: DmnElement;
    property?: string;
    value?: unknown;
    error?: Error;
  }
  export interface DmnParseResult {
    rootElement: DmnElement;
    references: unknown[];
    warnings: DmnParseWarning[];
    elementsById: Record<string, DmnElement>;
  }
  export interface DmnModdleInstance {
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<DmnParseResult>;
    toXML(element: DmnElement, options?: Record<string, unknown>): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): DmnElement;
    /** An element of a namespace moddle does not know (an extension element). */
    createAny(name: string, nsUri: string, properties?: Record<string, unknown>): DmnElement;
  }
  /** A factory, not a class: `DmnModdle(extraPackages?)`. */
  export function DmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): DmnModdleInstance;
}
