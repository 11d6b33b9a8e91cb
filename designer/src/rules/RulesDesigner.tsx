import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DecisionTestCase } from '../../../definitions/index.js';
import type { DecisionRebase, Definition, Group } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { DefinitionList, TargetTenant, unitName } from '../shared/definition-picker.js';
import { ProblemList } from '../shared/ProblemList.js';
import { StatusLine } from '../shared/status.js';
import { useDeployable } from '../shared/use-deployable.js';
import { useRebase } from '../shared/use-rebase.js';
import { BaseBanner } from './BaseBanner.js';
import { CellPanel } from './CellPanel.js';
import { CellProblems } from './CellProblems.js';
import { cellProblems, readTable, withTestCases, type TableModel } from './decision-table.js';
import { DmnTableEditor, type DmnTableEditorHandle, type SelectedCell } from './DmnTableEditor.js';
import { useFieldChoices } from './field-choices.js';
import { NewTableForm } from './NewTableForm.js';
import { newTableXml } from './new-table.js';
import { TableHighlights } from './TableHighlights.js';
import { TestPanel, type Trial } from './TestPanel.js';
import { trialFields } from './trial-inputs.js';
import { failureWords, problemsInWords, testFailures, valueWords } from './value-words.js';

interface Opened {
  /** What the table is deployed as (the decision's id). */
  key: string;
  /** The version the test panel evaluates; null for a table not deployed yet. */
  deployed: { id: string; version: number } | null;
}

/**
 * Decision tables (e.g. the 派单目录) in the dmn-js editor: columns, hit policy and rules, the
 * selected cell checked as typed with pickers beside it, a test panel with saved test cases, and
 * deploying to a township. 新建规则表 starts a table of one column each.
 */
export function RulesDesigner() {
  const api = useApi();
  const { t, locale } = useApp();
  const deployable = useDeployable('decision');
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
  } = deployable;
  const editor = useRef<DmnTableEditorHandle>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [model, setModel] = useState<TableModel | null>(null);
  const [selected, setSelected] = useState<SelectedCell | null>(null);
  const [trial, setTrial] = useState<Trial | null>(null);
  const [testCases, setTestCases] = useState<DecisionTestCase[]>([]);
  const [creating, setCreating] = useState(false);
  const groups = useAssignableGroups();
  const fields = useMemo(() => (model ? trialFields(model) : []), [model]);
  const { choices, labels: fieldLabels } = useFieldChoices(target, fields);
  const onTrial = useCallback((x: Trial | null) => setTrial(x), []);
  // Each edit reads the document again; an older read finishing late must not win.
  const reads = useRef(0);
  const read = useCallback(async (xml: string, withCases: boolean) => {
    const n = ++reads.current;
    try {
      const { model: m } = await readTable(xml);
      if (n !== reads.current) return;
      setModel(m);
      if (withCases) setTestCases(m.testCases);
    } catch {
      if (n === reads.current) setModel(null); // a literal expression: no columns to test
    }
  }, []);
  // The opened version as listed: a township's own copy says its base and whether the city moved on.
  const listed = decisions.find((d) => d.id === opened?.deployed?.id);
  /** 同步市级更新: the city's newer table merged into the copy as edited (a preview, into the editor); each conflict decided by choosing again. */
  const rebase = useRebase<string, DecisionRebase>({
    definition: listed,
    current: () => editor.current!.xml(),
    merge: (def, ours, resolutions) => api.rebaseDecision(def.key, def.tenant, ours, resolutions),
    show: async (merged) => {
      await editor.current!.open(merged.xml);
      await read(merged.xml, false);
    },
    restore: async (ours) => {
      await editor.current!.open(ours);
      await read(ours, false);
    },
    fail,
  });

  const show = async (xml: string, next: Opened) => {
    await editor.current!.open(xml);
    setOpened(next);
    rebase.clear();
    setTrial(null);
    setProblems([]);
    setStatus(null);
    await read(xml, true);
  };

  const open = async (def: Definition) => {
    try {
      setCreating(false);
      await show(await api.xml('decision', def.id), { key: def.key, deployed: { id: def.id, version: def.version } });
    } catch (err) {
      fail(err);
    }
  };

  const create = async (key: string, name: string) => {
    try {
      const xml = newTableXml(key, name, { inputLabel: t('newTableInput'), outputLabel: t('newTableOutput') });
      await show(xml, { key, deployed: null });
      setCreating(false);
    } catch (err) {
      fail(err);
    }
  };

  const invalid = model ? cellProblems(model) : [];
  const deploy = async () => {
    if (!opened || invalid.length > 0) return;
    let xml: string;
    try {
      xml = await withTestCases(await editor.current!.xml(), testCases);
    } catch (err) {
      fail(err);
      return;
    }
    const key = model?.decisionId ?? opened.key;
    const d = await deployable.deploy(
      `${key}.dmn`,
      xml,
      (dep) => {
        const dec = dep.decisions[0];
        return dec
          ? t('rulesDeployed', {
              name: dec.name ?? dec.key,
              version: dec.version,
              tenant: unitName(tenants, dec.tenant, t),
            })
          : null;
      },
      [],
      undefined,
      rebase.shown ? [{ kind: 'decision', key, version: rebase.shown.preview.onto.version }] : undefined,
    );
    const dec = d?.decisions[0];
    if (dec) rebase.clear();
    if (dec) setOpened({ key: dec.key, deployed: { id: dec.id, version: dec.version } });
  };

  const ownerLabel = (tenant: string) => unitName(tenants, tenant, t);

  const revert = async (def: Definition & { basedOn: NonNullable<Definition['basedOn']> }) => {
    if (!window.confirm(t('revertConfirm', { name: def.name ?? def.key, tenant: ownerLabel(def.basedOn.tenant) })))
      return;
    try {
      const r = await api.revertDecision(def.key, def.tenant);
      await deployable.refresh();
      setOpened(null);
      setModel(null);
      setSelected(null);
      setStatus({
        kind: 'ok',
        text: t('rulesReverted', { tenant: ownerLabel(r.inherits.tenant), version: r.inherits.version }),
      });
    } catch (err) {
      fail(err);
    }
  };

  const matched = trial?.matched?.map((m) => m.ruleId) ?? [];
  // A failed test case is said as the table reads (department names, 3天), not as the server's JSON.
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const words = (v: unknown) => valueWords(v, names, t, locale);
  const shownProblems = model ? problemsInWords(problems, (f) => failureWords(f, model, words, t)) : problems;
  return (
    <main className="workspace">
      <nav className="sidebar" aria-label={t('rules')}>
        <h2>{t('rules')}</h2>
        <div className="sidebar-actions">
          <button type="button" onClick={() => setCreating(true)}>
            {t('newTable')}
          </button>
        </div>
        {creating && (
          <NewTableForm
            taken={decisions.map((d) => d.key)}
            onCreate={(key, name) => void create(key, name)}
            onCancel={() => setCreating(false)}
          />
        )}
        <DefinitionList
          items={decisions}
          selectedId={opened?.deployed?.id}
          kind="decision"
          onOpen={(d) => void open(d)}
        />
      </nav>
      <section className="form-designer rules-designer">
        <div className="toolbar">
          <span className="title">{model ? model.decisionName : opened ? opened.key : t('pickRules')}</span>
          <span className="spacer" />
          <TargetTenant tenants={tenants} value={target} onChange={setTarget} testId="rules-target" />
          <button
            type="button"
            className="primary"
            onClick={() => void deploy()}
            disabled={!opened || busy || invalid.length > 0}
          >
            {t('deploy')}
          </button>
        </div>
        <StatusLine status={status} />
        {listed?.basedOn && model && (
          <BaseBanner
            definition={{ ...listed, basedOn: listed.basedOn }}
            ownerLabel={ownerLabel(listed.basedOn.tenant)}
            model={model}
            groups={groups}
            fieldLabels={fieldLabels}
            onRevert={() => void revert({ ...listed, basedOn: listed.basedOn! })}
            rebase={rebase}
          />
        )}
        <div className={opened ? 'rules-editor' : 'rules-editor closed'}>
          <DmnTableEditor
            ref={editor}
            groups={groups}
            onChanged={(xml) => void read(xml, false)}
            onSelect={setSelected}
          />
          <TableHighlights matchedRules={matched} invalidCells={invalid.map((p) => p.cellId)} />
        </div>
        {opened && model && selected && (
          <CellPanel
            cell={selected}
            model={model}
            groups={groups}
            choices={choices}
            onChange={(text) => editor.current!.editCell(selected.id, text)}
          />
        )}
        {opened && model && <CellProblems problems={invalid} model={model} />}
        {opened && <p className="muted">{t('rulesHint')}</p>}
        {opened &&
          model &&
          (opened.deployed ? (
            <TestPanel
              decision={opened.deployed}
              tenant={target}
              model={model}
              choices={choices}
              onTrial={onTrial}
              testCases={testCases}
              onTestCases={setTestCases}
              groups={groups}
              failures={testFailures(problems)}
            />
          ) : (
            <p className="muted">{t('trialAfterDeploy')}</p>
          ))}
        <ProblemList problems={shownProblems} onSelect={() => undefined} />
      </section>
    </main>
  );
}

/** The departments rules may send cases to. */
function useAssignableGroups(): Group[] {
  const api = useApi();
  const [groups, setGroups] = useState<Group[]>([]);
  useEffect(() => {
    let live = true;
    api.assignableGroups().then(
      (gs) => live && setGroups(gs),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return groups;
}
