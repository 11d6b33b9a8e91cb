// A dmn-js-decision-table module: the rule cells as dmn-js draws them (DecisionRulesCellEditorComponent,
// whose editors it does not export, so they are repeated here), except that a FEEL cell not being
// edited shows its value in words (cell-words.ts). The FEEL stays the cell's value: clicking the cell
// opens dmn-js' FEEL editor on it as before, and nothing shown here is ever written back.
import ContentEditable from 'dmn-js-shared/lib/components/ContentEditable';
import LiteralExpression from 'dmn-js-shared/lib/components/LiteralExpression';
import { is } from 'dmn-js-shared/lib/util/ModelUtil';
import { Component, createComponentVNode, createVNode } from 'inferno';
import { Cell } from 'table-js/lib/components';

/** The service the cells ask: the words for a cell's FEEL, or null to show it as written. */
export interface CellWordsService {
  of(text: string): string | null;
}

/** Fired on the table's event bus when the words change (the departments arrived, say): the cells draw again. */
export const CELL_WORDS_CHANGED = 'civicflow.cellWords.changed';

// Inferno's VNode flags (inferno-vnode-flags), as dmn-js' compiled components pass them.
const ELEMENT = 1;
const COMPONENT = 2;
const CHILDREN_UNKNOWN = 0;

// The few dmn-js services and shapes the cells use (dmn-js ships no types).
interface BusinessObject {
  $type: string;
  text: string;
  description?: string;
  expressionLanguage?: string;
}
interface Language {
  value: string;
  label: string;
}
interface Services {
  modeling: { editCell(bo: BusinessObject, text: string): void };
  eventBus: { on(event: string, fn: () => void): void; off(event: string, fn: () => void): void };
  expressionLanguages: { getDefault(kind: string): Language; getLabel(language?: string): string | undefined };
  translate: (text: string, vars?: Record<string, string>) => string;
  variableResolver: { getVariables(bo: BusinessObject): unknown } | null;
  cellWords: CellWordsService;
}
interface Context {
  injector: { get<K extends keyof Services>(name: K, strict?: boolean): Services[K] };
  changeSupport: {
    onElementsChanged(id: string, fn: () => void): void;
    offElementsChanged(id: string, fn: () => void): void;
  };
}
interface RuleCellProps {
  cell: { id: string; businessObject: BusinessObject };
  row: { id: string };
  col: { id: string };
  rowIndex: number;
  colIndex: number;
}
interface EditorProps {
  businessObject: BusinessObject;
  placeholder: string;
  value: string;
  onChange(value: string): void;
}
interface FeelProps {
  words: string | null;
  className: string;
  label: string;
  ctrlForNewline: boolean;
  onInput(value: string): void;
  value: string;
  placeholder: string;
  variables: unknown;
  feelLanguageDialect: string;
}

class RuleCell extends Component<RuleCellProps> {
  declare context: Context;

  override componentWillMount() {
    this.context.changeSupport.onElementsChanged(this.props.cell.id, this.redraw);
    this.context.injector.get('eventBus').on(CELL_WORDS_CHANGED, this.redraw);
  }

  override componentWillUnmount() {
    this.context.changeSupport.offElementsChanged(this.props.cell.id, this.redraw);
    this.context.injector.get('eventBus').off(CELL_WORDS_CHANGED, this.redraw);
  }

  private redraw = () => this.forceUpdate();
  private change = (value: string) =>
    this.context.injector.get('modeling').editCell(this.props.cell.businessObject, value);

  override render() {
    const { cell, rowIndex, row, col, colIndex } = this.props;
    const unaryTest = is(cell, 'dmn:UnaryTests');
    return createComponentVNode(COMPONENT, Cell, {
      className: unaryTest ? 'input-cell' : 'output-cell',
      elementId: cell.id,
      coords: `${rowIndex}:${colIndex}`,
      'data-row-id': row.id,
      'data-col-id': col.id,
      children: createComponentVNode(COMPONENT, CellEditor, {
        placeholder: unaryTest ? '-' : '',
        onChange: this.change,
        value: cell.businessObject.text,
        businessObject: cell.businessObject,
      }),
    });
  }
}

/** dmn-js' TableCellEditor: the FEEL editor for a FEEL cell, text for another language. */
class CellEditor extends Component<EditorProps> {
  declare context: Context;

  override render() {
    const { injector } = this.context;
    const languages = injector.get('expressionLanguages');
    const translate = injector.get('translate');
    const variableResolver = injector.get('variableResolver', false);
    const { businessObject, placeholder, value, onChange } = this.props;
    const input = is(businessObject, 'dmn:UnaryTests');
    const fallback = languages.getDefault(input ? 'inputCell' : 'outputCell');
    const language = businessObject.expressionLanguage || fallback.value;
    const isDefault = !businessObject.expressionLanguage || businessObject.expressionLanguage === fallback.value;
    const label = languages.getLabel(businessObject.expressionLanguage) || fallback.label;
    const script = input && (businessObject.text.includes('\n') || (!!businessObject.expressionLanguage && !isDefault));
    const feel = language === 'feel';
    const words = feel ? injector.get('cellWords').of(value ?? '') : null;
    return createVNode(
      ELEMENT,
      'div',
      'cell-editor',
      [
        typeof businessObject.description === 'string' && createVNode(ELEMENT, 'div', 'description-indicator'),
        createComponentVNode(COMPONENT, feel ? FeelEditor : ContentEditable, {
          label: translate(input ? 'Input' : 'Output'),
          className: script ? 'script-editor' : '',
          ctrlForNewline: true,
          onInput: onChange,
          value,
          words,
          placeholder,
          variables: variableResolver?.getVariables(businessObject),
          feelLanguageDialect: 'unaryTests',
        }),
        !isDefault &&
          createVNode(
            ELEMENT,
            'span',
            'dms-badge dmn-expression-language',
            [
              createVNode(ELEMENT, 'span', 'dms-badge-icon dmn-icon-file-code'),
              createVNode(ELEMENT, 'span', 'dms-badge-label', label, CHILDREN_UNKNOWN),
            ],
            CHILDREN_UNKNOWN,
            { title: translate('Expression language: {expressionLanguageLabel}', { expressionLanguageLabel: label }) },
          ),
      ],
      CHILDREN_UNKNOWN,
    );
  }
}

/**
 * dmn-js' FeelEditor: the FEEL editor while focussed, beside the text it shows otherwise (its stylesheet
 * hides the second child while focussed). That text, never edited itself, is the cell in words if it has any.
 */
class FeelEditor extends Component<FeelProps, { focussed: boolean }> {
  override state = { focussed: false };
  private focus = () => this.setState({ focussed: true });
  private blur = () => this.setState({ focussed: false });

  override render() {
    const { words, className, onInput, label, ctrlForNewline, value, placeholder, variables, feelLanguageDialect } =
      this.props;
    const props = { label, ctrlForNewline, value, placeholder, variables, feelLanguageDialect };
    const { focussed } = this.state;
    return createVNode(
      ELEMENT,
      'div',
      `feel-editor${focussed ? ' focussed' : ''}`,
      [
        focussed &&
          createComponentVNode(COMPONENT, LiteralExpression, {
            ...props,
            className,
            onInput,
            autoFocus: true,
            onBlur: this.blur,
          }),
        createComponentVNode(COMPONENT, ContentEditable, {
          ...props,
          className: words === null ? className : `${className} civic-cell-words`,
          value: words ?? value,
          onInput: () => undefined,
          onFocus: this.focus,
        }),
      ],
      CHILDREN_UNKNOWN,
      { onClick: this.focus },
    );
  }
}

/** dmn-js' rule cells editor registers at 1500. */
const ABOVE_DMN_JS = 2000;

class RuleCells {
  static $inject = ['components'];
  constructor(components: {
    onGetComponent(type: string, priority: number, fn: (ctx: { cellType?: string }) => unknown): void;
  }) {
    components.onGetComponent('cell', ABOVE_DMN_JS, ({ cellType }) => (cellType === 'rule' ? RuleCell : undefined));
  }
}

/** The module, with the service saying the words. */
export function cellWordsModule(words: CellWordsService) {
  return {
    __init__: ['civicRuleCells'],
    civicRuleCells: ['type', RuleCells],
    cellWords: ['value', words],
  };
}
