// A dmn-js-decision-table module: the simple editing (the ✎ button beside a selected cell) of date,
// date-time, time and duration cells in words. It takes over dmn-js' own simpleDateEdit, simpleDateTimeEdit,
// simpleTimeEdit and simpleDurationEdit services by their names (a later module's service wins), whose editors
// take only ISO (`P3DT4H`, `17:30:00Z`) and offer a UTC example. Here 「3天4小时」「2周」「2026年12月31日 17:30」
// 「下午5点半」 are typed (ISO still accepted); the cell is written as the same FEEL dmn-js writes —
// `duration("P3DT4H")`, `< date("2026-12-31")`, `date and time("2026-12-31T17:30:00+08:00")`, `time("17:30:00")` —
// which the engine reads.
import { is } from 'dmn-js-shared/lib/util/ModelUtil';
import { Component, createVNode } from 'inferno';
import type { Locale, MessageKey, T } from '../app/i18n/index.js';
import {
  editableText,
  parseTemporal,
  readTemporalCell,
  TEMPORAL_CALL,
  TEMPORAL_OPS,
  type TemporalKind,
  type TemporalOp,
  temporalKind,
  temporalExample,
  temporalInvalid,
  temporalOpWords,
  temporalWords,
  writeTemporalCell,
} from './temporal-cells.js';
import { todayInShanghai } from './temporal-words.js';

/** The app's words for the editors. */
export interface TemporalWordsService {
  t: T;
  locale: Locale;
}

// Inferno's VNode flags (inferno-vnode-flags), as dmn-js' compiled components pass them.
const ELEMENT = 1;
const INPUT = 64;
const SELECT = 256;
const CHILDREN_UNKNOWN = 0;
const NO_CHILDREN = 1;

interface Column {
  businessObject: { typeRef?: string; inputExpression?: { typeRef?: string } };
}
interface CellElement {
  id: string;
  col: Column;
  businessObject: { text: string };
}
interface Services {
  modeling: { editCell(bo: CellElement['businessObject'], text: string): void };
  temporalWords: TemporalWordsService;
}
interface Props {
  context: { element: CellElement };
}
interface State {
  /** `any`: the input cell's `-`. */
  op: TemporalOp | 'any';
  texts: [string, string];
  /** The cell held something else (an expression): what is entered replaces it. */
  replaces: boolean;
}

const isInputColumn = (col: Column) => is(col, 'dmn:InputClause');

function kindOf(element: CellElement | undefined): TemporalKind | null {
  const col = element?.col;
  if (!col) return null;
  const bo = col.businessObject;
  return temporalKind(isInputColumn(col) ? bo.inputExpression?.typeRef : bo.typeRef);
}

class TemporalCellEdit extends Component<Props, State> {
  declare context: { injector: { get<K extends keyof Services>(name: K): Services[K] } };
  private readonly kind: TemporalKind;
  private readonly input: boolean;

  constructor(props: Props, context: TemporalCellEdit['context']) {
    super(props, context);
    const { element } = props.context;
    this.kind = kindOf(element)!;
    this.input = isInputColumn(element.col);
    const { t, locale } = context.injector.get('temporalWords');
    const test = readTemporalCell(element.businessObject.text, this.kind);
    const values = test?.values ?? [];
    this.state = {
      op: this.input ? (test === null ? 'any' : (test?.op ?? 'eq')) : 'eq',
      texts: [0, 1].map((i) => (values[i] ? editableText(values[i]!, this.kind, t, locale) : '')) as [string, string],
      replaces: test === undefined,
    };
  }

  private get words() {
    return this.context.injector.get('temporalWords');
  }

  /** Writes the cell when every value it needs reads as one. */
  private write(op: TemporalOp | 'any', texts: [string, string]) {
    const { element } = this.props.context;
    if (op === 'any') {
      this.context.injector.get('modeling').editCell(element.businessObject, '-');
      return;
    }
    const needed = op === 'between' ? texts : [texts[0]];
    const values = needed.map((text) => parseTemporal(text, this.kind));
    if (values.some((v) => v === null)) return;
    this.context.injector
      .get('modeling')
      .editCell(element.businessObject, writeTemporalCell({ op, values: values as string[] }, this.kind));
  }

  private setText(i: 0 | 1, text: string) {
    const texts: [string, string] = i === 0 ? [text, this.state!.texts[1]] : [this.state!.texts[0], text];
    this.setState({ texts });
    this.write(this.state!.op, texts);
  }

  private setOp = (op: TemporalOp | 'any') => {
    this.setState({ op });
    this.write(op, this.state!.texts);
  };

  private field(i: 0 | 1, label: string) {
    const { t, locale } = this.words;
    const kind = this.kind;
    const text = this.state!.texts[i];
    const iso = text.trim() === '' ? null : parseTemporal(text, kind);
    const hint =
      text.trim() === ''
        ? null
        : iso === null
          ? createVNode(
              ELEMENT,
              'p',
              'dms-hint dms-validation-warning',
              temporalInvalid(kind, t, locale),
              CHILDREN_UNKNOWN,
              { role: 'alert' },
            )
          : createVNode(
              ELEMENT,
              'p',
              'dms-hint civic-temporal-reads',
              t('tw_reads', { words: temporalWords(iso, TEMPORAL_CALL[kind], t, locale) ?? iso }),
              CHILDREN_UNKNOWN,
            );
    const placeholder = temporalExample(kind, t, locale);
    return createVNode(
      ELEMENT,
      'div',
      'civic-temporal-field',
      [
        createVNode(ELEMENT, 'h4', 'dms-heading', label, CHILDREN_UNKNOWN),
        createVNode(
          INPUT,
          'input',
          `dms-input${iso === null && text.trim() !== '' ? ' invalid' : ''}`,
          null,
          NO_CHILDREN,
          {
            type: 'text',
            value: text,
            placeholder,
            'aria-label': label,
            onInput: (e: Event) => this.setText(i, (e.target as HTMLInputElement).value),
          },
        ),
        kind === 'date' &&
          createVNode(
            ELEMENT,
            'p',
            'dms-hint',
            createVNode(ELEMENT, 'button', 'use-today', t('tw_today'), CHILDREN_UNKNOWN, {
              type: 'button',
              onClick: () => this.setText(i, editableText(todayInShanghai(), kind, t, locale)),
            }),
            CHILDREN_UNKNOWN,
          ),
        hint,
      ],
      CHILDREN_UNKNOWN,
    );
  }

  override render() {
    const { t } = this.words;
    const { op, replaces } = this.state!;
    const between = this.input && op === 'between';
    return createVNode(
      ELEMENT,
      'div',
      'context-menu-container simple-duration-edit civic-temporal-edit',
      [
        createVNode(ELEMENT, 'h3', 'dms-heading', t(`tw_edit_${this.kind}` as MessageKey), CHILDREN_UNKNOWN),
        replaces && createVNode(ELEMENT, 'p', 'dms-hint', t('tw_replaces'), CHILDREN_UNKNOWN),
        this.input &&
          createVNode(
            SELECT,
            'select',
            'dms-input',
            [
              createVNode(ELEMENT, 'option', null, t('rb_any'), CHILDREN_UNKNOWN, { value: 'any' }),
              ...TEMPORAL_OPS.map((o) =>
                createVNode(ELEMENT, 'option', null, temporalOpWords(o, this.kind, t), CHILDREN_UNKNOWN, { value: o }),
              ),
            ],
            CHILDREN_UNKNOWN,
            {
              value: op,
              'aria-label': t('tw_test'),
              onChange: (e: Event) => this.setOp((e.target as HTMLSelectElement).value as TemporalOp | 'any'),
            },
          ),
        op !== 'any' && this.field(0, between ? t('tw_from') : t('tw_value')),
        between && this.field(1, t('tw_to')),
      ],
      CHILDREN_UNKNOWN,
    );
  }
}

interface ComponentsService {
  onGetComponent(type: string, fn: (ctx: { contextMenuType?: string; element?: CellElement }) => unknown): void;
}
interface SimpleMode {
  registerProvider(fn: (element: CellElement) => boolean): void;
}

/** Cells of these kinds edit in words: the simple-mode button offers them, the context menu draws our editor. */
function register(kinds: TemporalKind[], components: ComponentsService, simpleMode: SimpleMode) {
  const ours = (element: CellElement | undefined) => {
    const kind = kindOf(element);
    return kind !== null && kinds.includes(kind);
  };
  simpleMode.registerProvider(ours);
  components.onGetComponent('context-menu', (context) =>
    context.contextMenuType === 'simple-mode-edit' && ours(context.element) ? TemporalCellEdit : undefined,
  );
}

const INJECT = ['components', 'simpleMode'];
class DateEdit {
  static $inject = INJECT;
  constructor(components: ComponentsService, simpleMode: SimpleMode) {
    register(['date'], components, simpleMode);
  }
}
class DateTimeEdit {
  static $inject = INJECT;
  constructor(components: ComponentsService, simpleMode: SimpleMode) {
    register(['dateTime'], components, simpleMode);
  }
}
class TimeEdit {
  static $inject = INJECT;
  constructor(components: ComponentsService, simpleMode: SimpleMode) {
    register(['time'], components, simpleMode);
  }
}
class DurationEdit {
  static $inject = INJECT;
  constructor(components: ComponentsService, simpleMode: SimpleMode) {
    register(['dayTime', 'yearMonth'], components, simpleMode);
  }
}

/** The module, with the app's words; dmn-js' services of the same names are replaced, not joined. */
export function temporalEditModule(words: TemporalWordsService) {
  return {
    __init__: ['simpleDateEdit', 'simpleDateTimeEdit', 'simpleTimeEdit', 'simpleDurationEdit'],
    simpleDateEdit: ['type', DateEdit],
    simpleDateTimeEdit: ['type', DateTimeEdit],
    simpleTimeEdit: ['type', TimeEdit],
    simpleDurationEdit: ['type', DurationEdit],
    temporalWords: ['value', words],
  };
}
