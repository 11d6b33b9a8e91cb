import { useRef, useState } from 'react';
import { useApp } from '../app/AppContext.js';
import {
  editableText,
  parseTemporal,
  readTemporalCell,
  TEMPORAL_CALL,
  TEMPORAL_OPS,
  type TemporalKind,
  type TemporalOp,
  temporalExample,
  temporalInvalid,
  temporalOpWords,
  temporalWords,
  writeTemporalCell,
} from './temporal-cells.js';

interface Props {
  /** The cell's FEEL. */
  value: string;
  kind: TemporalKind;
  /** An input cell tests (早于, 介于 …); an output cell holds one value. */
  input: boolean;
  /** Names the controls: "第 2 条规则的等待时长". */
  where: string;
  onChange(text: string): void;
}

/**
 * A date, date-time or duration cell beside the table, in words: 「3天4小时」「2周」「2026年12月31日 17:30」
 * typed (ISO still read), the cell written as FEEL (`duration("P3DT4H")`) once what is typed reads as one.
 */
export function TemporalBuilder({ value, kind, input, where, onChange }: Props) {
  const { t, locale } = useApp();
  const fromCell = (text: string) => {
    const test = readTemporalCell(text, kind);
    const values = test?.values ?? [];
    return {
      op: (input ? (test === null ? 'any' : (test?.op ?? 'eq')) : 'eq') as TemporalOp | 'any',
      texts: [0, 1].map((i) => (values[i] ? editableText(values[i]!, kind, t, locale) : '')),
    };
  };
  const [state, setState] = useState(() => fromCell(value));
  // The cell changed elsewhere (typed in the table, undone): show what it holds now.
  const written = useRef(value);
  if (written.current !== value) {
    written.current = value;
    const next = fromCell(value);
    if (JSON.stringify(next) !== JSON.stringify(state)) setState(next);
  }
  const write = (op: TemporalOp | 'any', texts: string[]) => {
    setState({ op, texts });
    if (op === 'any') {
      written.current = '-';
      onChange('-');
      return;
    }
    const values = (op === 'between' ? texts.slice(0, 2) : texts.slice(0, 1)).map((x) => parseTemporal(x, kind));
    if (values.some((v) => v === null)) return;
    const text = writeTemporalCell({ op, values: values as string[] }, kind);
    written.current = text;
    onChange(text);
  };
  const label = (what: string) => t('rb_control', { what, where });
  const placeholder = temporalExample(kind, t, locale);
  const field = (i: 0 | 1, what: string) => {
    const text = state.texts[i] ?? '';
    const iso = text.trim() === '' ? null : parseTemporal(text, kind);
    return (
      <span className="temporal-value">
        <input
          aria-label={label(what)}
          value={text}
          placeholder={placeholder}
          aria-invalid={text.trim() !== '' && iso === null}
          onChange={(e) =>
            write(state.op, i === 0 ? [e.target.value, state.texts[1] ?? ''] : [state.texts[0] ?? '', e.target.value])
          }
        />
        {text.trim() !== '' &&
          (iso === null ? (
            <span role="alert" className="invalid">
              {temporalInvalid(kind, t, locale)}
            </span>
          ) : (
            <span className="muted">
              {t('tw_reads', { words: temporalWords(iso, TEMPORAL_CALL[kind], t, locale) ?? iso })}
            </span>
          ))}
      </span>
    );
  };
  return (
    <span className="cell-build temporal-build">
      {input && (
        <select
          aria-label={label(t('tw_test'))}
          value={state.op}
          onChange={(e) => write(e.target.value as TemporalOp | 'any', state.texts)}
        >
          <option value="any">{t('rb_any')}</option>
          {TEMPORAL_OPS.map((o) => (
            <option key={o} value={o}>
              {temporalOpWords(o, kind, t)}
            </option>
          ))}
        </select>
      )}
      {state.op !== 'any' && field(0, input && state.op === 'between' ? t('tw_from') : t('tw_value'))}
      {input && state.op === 'between' && field(1, t('tw_to'))}
    </span>
  );
}
