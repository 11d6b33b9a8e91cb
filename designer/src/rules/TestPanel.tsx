import { useEffect, useId, useMemo, useState } from 'react';
import type { DecisionTestCase, DecisionTestFailure } from '../../../definitions/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { TableModel } from './decision-table.js';
import { RecentCasePicker } from './RecentCasePicker.js';
import { resultRows, trialFields, trialValues, trialVariables, type TrialField } from './trial-inputs.js';
import { temporalExample } from './temporal-cells.js';
import { failureWords, valueWords } from './value-words.js';

export interface Trial {
  ok: boolean;
  matched?: Array<{ number: number; ruleId: string; annotation?: string }>;
  result?: unknown;
  code?: string;
  ruleNumbers?: number[];
}

/**
 * Try the deployed table: typed inputs from its input columns (or a recent case's), the matched
 * rules and the outputs. `tenant`: whose cases can be picked; `choices`: what the tenant's forms
 * list for the variables the inputs read.
 */
export function TestPanel({
  decision,
  tenant,
  model,
  choices,
  onTrial,
  testCases,
  onTestCases,
  groups = [],
  failures = {},
}: {
  /** The departments outputs may name (shown by their names, not their ids). */
  groups?: Array<{ id: string; name: string }>;
  decision: { id: string; version: number };
  tenant: string;
  model: TableModel;
  choices: Record<string, string[]>;
  onTrial(trial: Trial | null): void;
  /** The table's saved test cases (deployed with it); a trial's inputs and outputs can be kept as one. */
  testCases: DecisionTestCase[];
  onTestCases(cases: DecisionTestCase[]): void;
  /** Why saved test cases failed when the table was last deployed, by name. */
  failures?: Record<string, DecisionTestFailure>;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  const words = useMemo(() => {
    const names = new Map(groups.map((g) => [g.id, g.name]));
    return (v: unknown) => valueWords(v, names, t, locale);
  }, [groups, t, locale]);
  const fields = useMemo(() => trialFields(model), [model]);
  const [values, setValues] = useState<Record<number, string>>({});
  const [trial, setTrial] = useState<Trial | null>(null);
  const [failed, setFailed] = useState(false);
  const idPrefix = useId();
  const [caseName, setCaseName] = useState('');
  const [tried, setTried] = useState<Record<string, unknown>>({});

  // biome-ignore lint/correctness/useExhaustiveDependencies: another table or version (decision.id) starts a fresh trial
  useEffect(() => {
    setTrial(null);
    onTrial(null);
  }, [decision.id, onTrial]);

  const run = async () => {
    try {
      const inputs = trialVariables(fields, values);
      const answer = (await api.evaluateDecision(decision.id, inputs)) as Trial;
      setTried(inputs);
      setFailed(false);
      setTrial(answer);
      onTrial(answer);
    } catch {
      setFailed(true);
    }
  };

  // A table of one output answers its value, not an object: the test case expects it by the output's name.
  const expected = trial?.ok ? expectedOf(model, trial.result) : null;
  return (
    <section className="rules-trial" aria-label={t('trialTitle')}>
      <h3>{t('trialTitle')}</h3>
      <p className="muted">{t('trialHint', { version: decision.version })}</p>
      <RecentCasePicker
        tenant={tenant}
        table={decision.id}
        onPick={(variables) => setValues(trialValues(fields, variables, t, locale))}
      />
      <div className="trial-fields">
        {fields.map((f) => (
          <label key={f.column} htmlFor={`${idPrefix}-${f.column}`}>
            {f.label}
            <TrialInput
              id={`${idPrefix}-${f.column}`}
              field={f}
              choices={choices[f.path.join('.')]}
              value={values[f.column] ?? ''}
              onChange={(v) => setValues((vs) => ({ ...vs, [f.column]: v }))}
            />
          </label>
        ))}
        <button type="button" onClick={() => void run()}>
          {t('trialRun')}
        </button>
      </div>
      {failed && <p role="alert">{t('trialFailed')}</p>}
      {trial && <TrialAnswer model={model} trial={trial} words={words} />}
      {trial?.ok && expected && (
        <div className="trial-save">
          <label htmlFor={`${idPrefix}-case`}>{t('testCaseName')}</label>
          <input
            id={`${idPrefix}-case`}
            value={caseName}
            maxLength={100}
            onChange={(e) => setCaseName(e.target.value)}
          />
          <button
            type="button"
            disabled={!caseName.trim() || testCases.some((c) => c.name === caseName.trim()) || testCases.length >= 50}
            onClick={() => {
              onTestCases([...testCases, { name: caseName.trim(), inputs: tried, expected }]);
              setCaseName('');
            }}
          >
            {t('testCaseSave')}
          </button>
        </div>
      )}
      <h4>{t('testCases')}</h4>
      {testCases.length === 0 ? (
        <p className="muted">{t('testCasesNone')}</p>
      ) : (
        <ul className="test-cases" aria-label={t('testCases')}>
          {testCases.map((c) => (
            <li key={c.name}>
              <strong>{c.name}</strong>
              <span>
                {t('testCaseSummary', {
                  inputs: describe(c.inputs, words, inputLabels(fields)),
                  expected: describe(c.expected, words, model),
                })}
              </span>
              {failures[c.name] && (
                <span className="invalid">
                  {t('testCaseFailed', { reason: failureWords(failures[c.name]!, model, words, t) })}
                </span>
              )}
              <button
                type="button"
                className="link"
                aria-label={t('testCaseRemove', { name: c.name })}
                onClick={() => onTestCases(testCases.filter((x) => x !== c))}
              >
                {t('removeField')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t('testCasesHint')}</p>
    </section>
  );
}

function TrialInput({
  id,
  field,
  choices,
  value,
  onChange,
}: {
  id: string;
  field: TrialField;
  choices: string[] | undefined;
  value: string;
  onChange(v: string): void;
}) {
  const { t, locale } = useApp();
  if (field.kind === 'boolean' || choices) {
    const options =
      field.kind === 'boolean'
        ? [
            ['true', t('yes')],
            ['false', t('no')],
          ]
        : choices!.map((c) => [c, c]);
    return (
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('trialEmpty')}</option>
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    );
  }
  const type = field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text';
  const placeholder = field.temporal ? temporalExample(field.temporal, t, locale) : undefined;
  return (
    <input id={id} type={type} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
  );
}

function TrialAnswer({ model, trial, words }: { model: TableModel; trial: Trial; words(v: unknown): string }) {
  const { t } = useApp();
  if (!trial.ok) {
    const rules = (trial.ruleNumbers ?? []).join('、');
    const reason =
      trial.code === 'DMN_NO_MATCH'
        ? t('trialNoMatch')
        : trial.code === 'DMN_UNIQUE_VIOLATION'
          ? t('trialNotUnique', { rules })
          : trial.code === 'EVALUATION_LIMIT'
            ? t('trialLimit')
            : t('trialFeelError');
    return (
      <p role="status" className="trial-answer invalid">
        {reason}
      </p>
    );
  }
  const matched = trial.matched ?? [];
  return (
    <div role="status" className="trial-answer">
      <p>
        {matched.length === 0
          ? t('trialNoMatch')
          : t('trialMatched', {
              rules: matched
                .map((m) =>
                  m.annotation
                    ? t('trialRuleNamed', { number: m.number, note: m.annotation })
                    : t('trialRule', { number: m.number }),
                )
                .join('；'),
            })}
      </p>
      {resultRows(model, trial.result).map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: result rows are positional (the table's matched rules in order)
        <dl key={i}>
          {row.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value === null || value === undefined ? t('trialEmpty') : words(value)}</dd>
            </div>
          ))}
        </dl>
      ))}
    </div>
  );
}

function expectedOf(model: TableModel, result: unknown): Record<string, unknown> | null {
  if (isRecord(result)) return result;
  const name = model.outputNames[0];
  return model.outputNames.length === 1 && name && !Array.isArray(result) ? { [name]: result } : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * `诉求类别 = 环境污染，承办部门 = 市生态环境局`: variables and output names become their column labels
 * (`labels`, or the model's outputs), values words.
 */
function describe(
  values: Record<string, unknown>,
  words: (v: unknown) => string,
  labels: TableModel | Record<string, string>,
): string {
  const labelOf = (name: string) => {
    if (!('outputNames' in labels)) return labels[name] || name;
    const i = labels.outputNames.indexOf(name);
    return i >= 0 ? labels.outputs[i] || name : name;
  };
  return Object.entries(values)
    .map(([name, v]) => `${labelOf(name)} = ${words(v)}`)
    .join('，');
}

/** The input columns' labels by the variable they read (`category` → 诉求类别). */
function inputLabels(fields: TrialField[]): Record<string, string> {
  return Object.fromEntries(fields.filter((f) => f.path.length === 1).map((f) => [f.path[0]!, f.label]));
}
