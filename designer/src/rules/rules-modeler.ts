// dmn-js with only what the rules designer shows: the decision-table editor and the
// literal-expression editor (no decision requirements diagram, no boxed expressions), so the
// rules chunk does not carry diagram-js's DRD modeler.
import DecisionTableEditor from 'dmn-js-decision-table/lib/Editor';
import LiteralExpressionEditor from 'dmn-js-literal-expression/lib/Editor';
import EditingManager, { type ViewProvider } from 'dmn-js-shared/lib/base/EditingManager';
import { is } from 'dmn-js-shared/lib/util/ModelUtil';
import type { Locale } from '../app/i18n/index.js';
import { dmnTranslate } from './dmn-translations.js';

export class RulesModeler extends EditingManager {
  protected override _getViewProviders(): ViewProvider[] {
    return [
      {
        id: 'decisionTable',
        constructor: DecisionTableEditor,
        opens: (element: unknown) =>
          is(element, 'dmn:Decision') &&
          is((element as { decisionLogic?: unknown }).decisionLogic, 'dmn:DecisionTable'),
      },
      {
        id: 'literalExpression',
        constructor: LiteralExpressionEditor,
        opens: (element: unknown) =>
          is(element, 'dmn:Decision') &&
          is((element as { decisionLogic?: unknown }).decisionLogic, 'dmn:LiteralExpression'),
      },
    ];
  }
}

/** A modeler in `container` speaking the locale; `tableModules` join the decision-table editor. */
export function createRulesModeler(container: HTMLElement, locale: Locale, tableModules: object[] = []): RulesModeler {
  const modules = [{ translate: ['value', dmnTranslate(locale)] }];
  return new RulesModeler({
    container,
    decisionTable: { additionalModules: [...modules, ...tableModules] },
    literalExpression: { additionalModules: modules },
  });
}
