import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { Definition } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { DefinitionList, TargetTenant } from '../shared/definition-picker.js';
import { mayLeave } from '../shared/leave-guard.js';
import { ProblemList } from '../shared/ProblemList.js';
import { StatusLine } from '../shared/status.js';
import { useDeployable } from '../shared/use-deployable.js';
import { blankDiagram } from './blank-diagram.js';
import { BpmnEditor, type BpmnEditorHandle } from './BpmnEditor.js';
import { useDiagramChecks } from './checks/index.js';
import { useDraft } from './use-draft.js';
import { useCivicCatalog } from './properties/use-civic-catalog.js';

/** What the canvas holds: a deployed version (to adjust and deploy again) or a new or imported diagram. */
interface Opened {
  key: string;
  resourceName: string;
  from: Pick<Definition, 'id' | 'key' | 'version' | 'tenant' | 'name'> | null;
  /** Decision tables and forms imported with the diagram (`.dmn`, Camunda `.form`, `.form.json`), deployed with it. */
  companions?: Array<{ name: string; content: string }>;
}

const DIAGRAM_FILE = /\.(bpmn|xml)$/i;
const COMPANION_FILE = /\.(dmn|form|form\.json)$/i;

/** Processes as administrators draw them: the deployed ones to adjust, a new or imported diagram, deploy to a tenant. */
export function ProcessDesigner() {
  const api = useApi();
  const { t, locale } = useApp();
  const editor = useRef<BpmnEditorHandle>(null);
  const { items: processes, tenants, target, setTarget, problems, setProblems, busy, status, setStatus, fail, deploy: send } = useDeployable('process');
  const [opened, setOpened] = useState<Opened | null>(null);
  const catalog = useCivicCatalog(target, fail);
  const [revision, setRevision] = useState(0);
  const [user, setUser] = useState('');
  const [simulating, setSimulating] = useState(false);
  const readXml = useCallback(() => editor.current?.xml() ?? Promise.resolve(''), []);
  const services = useCallback(() => editor.current?.services() ?? null, []);
  const checks = useDiagramChecks({ resourceName: opened?.resourceName ?? null, tenant: target, revision, readXml, services, ...(opened?.companions ? { companions: opened.companions } : {}) });
  const draft = useDraft(user, opened?.key ?? null, readXml, opened?.resourceName ?? null);

  useEffect(() => {
    api.me().then((me) => setUser(me.username), fail);
  }, [api, fail]);

  const show = async (xml: string, next: Opened) => {
    if (draft.changed && !mayLeave()) return;
    stopSimulating();
    setProblems([]);
    setStatus(null);
    await editor.current!.open(xml);
    setOpened(next);
    setRevision((r) => r + 1); // importing does not go through the command stack: check the new diagram
    draft.opened(next.key);
  };

  const stopSimulating = () => {
    if (simulating) editor.current?.simulate(false);
    setSimulating(false);
  };
  const toggleSimulation = () => {
    editor.current?.simulate(!simulating);
    setSimulating(!simulating);
  };

  const restoreDraft = async () => {
    const waiting = draft.waiting;
    if (!waiting) return;
    await editor.current!.open(waiting.xml);
    setRevision((r) => r + 1);
    draft.dismissWaiting();
    draft.setChanged(true);
  };

  const openDefinition = async (def: Definition) => {
    try {
      await show(await api.xml('process', def.id), { key: def.key, resourceName: `${def.key}.bpmn`, from: def });
    } catch (err) {
      fail(err);
    }
  };

  const newProcess = async () => {
    const { key, xml } = blankDiagram();
    await show(xml, { key, resourceName: `${key}.bpmn`, from: null });
  };

  /** One diagram, with the decision tables and forms it uses (as Camunda Modeler keeps them beside it), opened together. */
  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length === 0) return;
    const diagrams = files.filter((f) => DIAGRAM_FILE.test(f.name));
    const other = files.find((f) => !DIAGRAM_FILE.test(f.name) && !COMPANION_FILE.test(f.name));
    if (diagrams.length !== 1 || other) {
      setStatus({ kind: 'error', text: other ? t('importUnknownFile', { name: other.name }) : t('importOneDiagram') });
      return;
    }
    const file = diagrams[0]!;
    try {
      const xml = await file.text();
      const companions = await Promise.all(files.filter((f) => f !== file).map(async (f) => ({ name: f.name, content: await f.text() })));
      await show(xml, { key: file.name.replace(DIAGRAM_FILE, ''), resourceName: file.name.endsWith('.bpmn') ? file.name : `${file.name}.bpmn`, from: null, companions });
    } catch (err) {
      setStatus({ kind: 'error', text: t('importFailed', { message: (err as Error).message }) });
    }
  };

  const deploy = async () => {
    if (!opened || checks.errors > 0) return;
    stopSimulating();
    const deployment = await send(opened.resourceName, await editor.current!.xml(), (d) => {
      const p = d.processes[0];
      return p ? t('deployed', { key: p.key, version: p.version, tenant: p.tenant }) : null;
    }, opened.companions);
    const p = deployment?.processes[0];
    if (p) draft.settled();
    if (p) setOpened({ key: p.key, resourceName: opened.resourceName, from: { id: p.id, key: p.key, version: p.version, tenant: p.tenant, name: opened.from?.name ?? null } });
  };

  const download = async () => {
    if (!opened) return;
    const url = URL.createObjectURL(new Blob([await editor.current!.xml()], { type: 'application/xml' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: opened.resourceName });
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <main className="workspace">
      <nav className="sidebar" aria-label={t('processes')}>
        <div className="sidebar-actions">
          <button type="button" onClick={() => void newProcess()}>
            {t('newProcess')}
          </button>
          <label className="file-button">
            {t('importFile')}
            <input type="file" multiple accept=".bpmn,.xml,.dmn,.form,.json,application/xml" onChange={(e) => void importFile(e)} data-testid="import-file" />
          </label>
        </div>
        <h2>{t('processes')}</h2>
        {processes.length === 0 && <p className="muted">{t('noProcesses')}</p>}
        <DefinitionList items={processes} selectedId={opened?.from?.id} kind="process" onOpen={(d) => void openDefinition(d)} />
      </nav>
      <section className="editor">
        <div className="toolbar">
          <span className="title" data-testid="opened">
            {opened ? (opened.from ? t('openedFrom', { key: opened.from.key, version: opened.from.version, tenant: opened.from.tenant }) : t('newDiagram')) : t('selectHint')}
          </span>
          <span className="spacer" />
          <TargetTenant tenants={tenants} value={target} onChange={setTarget} testId="target-tenant" />
          <button type="button" onClick={() => void download()} disabled={!opened}>
            {t('downloadXml')}
          </button>
          <button type="button" onClick={toggleSimulation} disabled={!opened} aria-pressed={simulating}>
            {simulating ? t('simulateStop') : t('simulate')}
          </button>
          <button type="button" className="primary" onClick={() => void deploy()} disabled={!opened || busy || checks.errors > 0}>
            {busy ? t('deploying') : t('deploy')}
          </button>
        </div>
        <StatusLine status={status} />
        {opened && checks.errors > 0 && <p className="status error" role="alert">{t('deployBlocked', { count: checks.errors })}</p>}
        {draft.waiting && (
          <p className="draft-banner" role="status">
            {t('draftFound', { time: new Date(draft.waiting.savedAt).toLocaleString(locale) })}
            <button type="button" onClick={() => void restoreDraft()}>{t('restoreDraft')}</button>
            <button type="button" className="link" onClick={draft.settled}>{t('discardDraft')}</button>
          </p>
        )}
        <p className="hint muted">{t('townshipHint')}</p>
        {opened?.companions && opened.companions.length > 0 && <p className="hint">{t('importedCompanions', { names: opened.companions.map((c) => c.name).join('、') })}</p>}
        <div className="editor-body">
          <BpmnEditor
            ref={editor}
            catalog={catalog}
            onChanged={(edited) => {
              setRevision((r) => r + 1);
              if (edited) void draft.edited();
            }}
          />
        </div>
        <ProblemList problems={problems} onSelect={(id) => editor.current?.select(id)} />
        {problems.length === 0 && opened && (
          <ProblemList
            problems={checks.problems}
            title={t('checkSummary', { errors: checks.errors, warnings: checks.warnings })}
            onSelect={(id) => editor.current?.select(id)}
          />
        )}
        {problems.length === 0 && opened && checks.problems.length === 0 && <p className="muted check-clean">{t('checkClean')}</p>}
      </section>
    </main>
  );
}
