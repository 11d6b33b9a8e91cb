import { useCallback, useState, type ReactNode } from 'react';
import type { DecisionTestCase } from '../../../definitions/index.js';
import type { Definition } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { DefinitionList, TargetTenant, unitName } from '../shared/definition-picker.js';
import { ProblemList } from '../shared/ProblemList.js';
import { StatusLine } from '../shared/status.js';
import { useDeployable } from '../shared/use-deployable.js';
import { CellBuilder } from './CellBuilder.js';
import { TestPanel, type Trial } from './TestPanel.js';
import { cellProblem, readTable, writeTable, type ParsedTable, type TableRow } from './decision-table.js';

/** Decision tables (e.g. the 派单目录): edit the rows, checked as typed, and deploy the table to a township. */
export function RulesDesigner() {
  const api = useApi();
  const { t } = useApp();
  const {
    items: decisions,
    tenants,
    target,
    setTarget,
    problems,
    setProblems,
    busy,
    status,
    setStatus,
    fail,
    deploy: send,
  } = useDeployable('decision');
  const [opened, setOpened] = useState<{ def: Definition; parsed: ParsedTable } | null>(null);
  const [rows, setRows] = useState<TableRow[]>([]);
  const [trial, setTrial] = useState<Trial | null>(null);
  const [testCases, setTestCases] = useState<DecisionTestCase[]>([]);
  const onTrial = useCallback((x: Trial | null) => setTrial(x), []);
  const hit = (ruleId: string | null) => !!ruleId && !!trial?.matched?.some((m) => m.ruleId === ruleId);

  const open = async (def: Definition) => {
    try {
      const parsed = await readTable(await api.xml('decision', def.id));
      setOpened({ def, parsed });
      setRows(parsed.model.rows);
      setTestCases(parsed.model.testCases);
      setProblems([]);
      setStatus(null);
    } catch (err) {
      fail(err);
    }
  };

  const setCell = (r: number, kind: 'inputs' | 'outputs', c: number, text: string) =>
    setRows((rs) =>
      rs.map((row, i) => (i === r ? { ...row, [kind]: row[kind].map((v, j) => (j === c ? text : v)) } : row)),
    );
  const invalid = rows.some(
    (row) => row.inputs.some((v) => cellProblem('input', v)) || row.outputs.some((v) => cellProblem('output', v)),
  );

  const deploy = async () => {
    if (!opened || invalid) return;
    let xml: string;
    try {
      xml = await writeTable(opened.parsed, rows, testCases);
    } catch (err) {
      fail(err);
      return;
    }
    await send(`${opened.def.key}.dmn`, xml, (d) => {
      const dec = d.decisions[0];
      return dec
        ? t('rulesDeployed', { key: dec.key, version: dec.version, tenant: unitName(tenants, dec.tenant, t) })
        : null;
    });
  };

  const model = opened?.parsed.model;
  return (
    <main className="workspace">
      <nav className="sidebar" aria-label={t('rules')}>
        <h2>{t('rules')}</h2>
        <DefinitionList items={decisions} selectedId={opened?.def.id} kind="decision" onOpen={(d) => void open(d)} />
      </nav>
      <section className="form-designer">
        <div className="toolbar">
          <span className="title">{model ? `${model.decisionName}（${model.hitPolicy}）` : t('pickRules')}</span>
          <span className="spacer" />
          <TargetTenant tenants={tenants} value={target} onChange={setTarget} testId="rules-target" />
          <button type="button" className="primary" onClick={() => void deploy()} disabled={!opened || busy || invalid}>
            {t('deploy')}
          </button>
        </div>
        <StatusLine status={status} />
        {model && (
          <div className="rules-table-wrap">
            <table className="rules-table">
              <thead>
                <tr>
                  <th>#</th>
                  {model.inputs.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: DMN columns are positional
                    <th key={`i${i}`} className="input-col">
                      {h}
                    </th>
                  ))}
                  {model.outputs.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: DMN columns are positional
                    <th key={`o${i}`} className="output-col">
                      {h}
                    </th>
                  ))}
                  <th>{t('ruleNote')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((row, r) => (
                  <tr
                    key={row.id ?? `new-${r}`}
                    data-rule={r + 1}
                    className={hit(row.id) ? 'matched' : undefined}
                    aria-current={hit(row.id) ? 'true' : undefined}
                  >
                    <td>{r + 1}</td>
                    {row.inputs.map((v, c) => (
                      <Cell
                        // biome-ignore lint/suspicious/noArrayIndexKey: DMN cells are positional
                        key={`i${c}`}
                        value={v}
                        problem={cellProblem('input', v)}
                        label={`${model.inputs[c]} ${r + 1}`}
                        onChange={(text) => setCell(r, 'inputs', c, text)}
                      >
                        <CellBuilder
                          value={v}
                          typeRef={model.inputTypes[c] ?? ''}
                          where={t('rb_where', { row: r + 1, column: model.inputs[c] ?? '' })}
                          onChange={(text) => setCell(r, 'inputs', c, text)}
                        />
                      </Cell>
                    ))}
                    {row.outputs.map((v, c) => (
                      <Cell
                        // biome-ignore lint/suspicious/noArrayIndexKey: DMN cells are positional
                        key={`o${c}`}
                        value={v}
                        problem={cellProblem('output', v)}
                        label={`${model.outputs[c]} ${r + 1}`}
                        onChange={(text) => setCell(r, 'outputs', c, text)}
                      />
                    ))}
                    <td className="note">{row.description}</td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => setRows((rs) => rs.filter((_, i) => i !== r))}
                      >
                        {t('removeField')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button
              type="button"
              onClick={() =>
                setRows((rs) => [
                  ...rs,
                  {
                    id: null,
                    description: '',
                    inputs: model.inputs.map(() => '-'),
                    outputs: model.outputs.map(() => '""'),
                  },
                ])
              }
            >
              {t('addRule')}
            </button>
            <p className="muted">{t('rulesHint')}</p>
          </div>
        )}
        {opened && model && (
          <TestPanel
            def={opened.def}
            tenant={target}
            model={model}
            onTrial={onTrial}
            testCases={testCases}
            onTestCases={setTestCases}
          />
        )}
        <ProblemList problems={problems} onSelect={() => undefined} />
      </section>
    </main>
  );
}

function Cell({
  value,
  problem,
  label,
  onChange,
  children,
}: {
  value: string;
  problem: string | null;
  label: string;
  onChange(text: string): void;
  children?: ReactNode;
}) {
  const { t } = useApp();
  return (
    <td className={problem ? 'cell invalid' : 'cell'}>
      <input
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!problem}
        title={problem ? t('cellInvalid', { reason: problem }) : ''}
      />
      {children}
    </td>
  );
}
