// dmn-js 17 ships no types; the small surface the rules designer uses.
declare module 'dmn-js-shared/lib/base/EditingManager' {
  export interface DmnView {
    id: string;
    type: string;
    name?: string;
    element: { id: string; $type: string; [key: string]: any };
  }
  export interface DmnViewer {
    get<T = any>(service: string): T;
    on(event: string, callback: (e: any) => void): void;
    off(event: string, callback: (e: any) => void): void;
  }
  export interface ViewProvider {
    id: string;
    constructor: unknown;
    opens: string | ((element: any) => boolean);
  }
  export default class EditingManager {
    constructor(options?: Record<string, unknown>);
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
    getActiveViewer(): DmnViewer | undefined;
    getActiveView(): DmnView | undefined;
    getViews(): DmnView[];
    getDefinitions(): any;
    open(view: DmnView): Promise<{ warnings: unknown[] }>;
    on(event: string, callback: (e: any) => void): void;
    off(event: string, callback: (e: any) => void): void;
    destroy(): void;
    protected _getViewProviders(): ViewProvider[];
  }
}
declare module 'dmn-js-decision-table/lib/Editor' {
  const Editor: unknown;
  export default Editor;
}
declare module 'dmn-js-literal-expression/lib/Editor' {
  const Editor: unknown;
  export default Editor;
}
declare module 'dmn-js-shared/lib/util/ModelUtil' {
  export function is(element: unknown, type: string): boolean;
}
declare module 'dmn-js-shared/lib/components/ContentEditable' {
  const ContentEditable: unknown;
  export default ContentEditable;
}
declare module 'dmn-js-shared/lib/components/LiteralExpression' {
  const LiteralExpression: unknown;
  export default LiteralExpression;
}
declare module 'table-js/lib/components' {
  export const Cell: unknown;
}
