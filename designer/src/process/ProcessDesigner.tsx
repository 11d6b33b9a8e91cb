import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { Problem } from '../../../definitions/index.js';
import type { Definition, Deployment, ProcessVersion } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { DefinitionList, TargetTenant, unitName } from '../shared/definition-picker.js';
import { FileButton } from '../shared/FileButton.js';
import { mayLeave } from '../shared/leave-guard.js';
import { ProblemList } from '../shared/ProblemList.js';
import { StatusLine } from '../shared/status.js';
import { useDeployable } from '../shared/use-deployable.js';
import { blankDiagram } from './blank-diagram.js';
import { BpmnEditor, type BpmnEditorHandle } from './BpmnEditor.js';
import { useDiagramChecks } from './checks/index.js';
import { ImportRefused, readImport } from './import-files.js';
import { useDraft } from './use-draft.js';
import type { FormSource } from '../forms/form-model.js';
import { NewFormDialog } from './properties/NewFormDialog.js';
import { formWithFields, useCivicCatalog } from './properties/use-civic-catalog.js';
import {
  compareVersions,
  DiffList,
  highlightChanges,
  OverlayBanner,
  useOverlay,
  VersionHistory,
  type ElementChange,
} from './versions/index.js';

/** What the canvas holds: a deployed version (to adjust and deploy again) or a new or imported diagram. */
interface Opened {
  key: string;
  resourceName: string;
  from: Pick<Definition, 'id' | 'key' | 'version' | 'tenant' | 'name'> | null;
  /** Decision tables and forms imported with the diagram (`.dmn`, Camunda `.form`, `.form.json`), deployed with it. */
  companions?: Array<{ name: string; content: string }>;
  /** The deployed definition as listed (a township's own copy says its base and whether it is behind). */
  definition?: Definition;
  /** A past version viewed (or compared) read-only: it cannot be deployed. */
  readOnly?: boolean;
}

interface Comparison {
  older: number;
  newer: number;
  changes: ElementChange[];
}

interface Moddle {
  fromXML(xml: string): Promise<{ rootElement: unknown }>;
}

const DIAGRAM_FILE = /\.(bpmn|xml)$/i;

/** Processes as administrators draw them: the deployed ones to adjust, a new or imported diagram, deploy to a tenant. */
export function ProcessDesigner() {
  const api = useApi();
  const { t, locale } = useApp();
  const editor = useRef<BpmnEditorHandle>(null);
  const {
    items: processes,
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
    refresh,
  } = useDeployable('process');
  const [comment, setComment] = useState('');
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [deployments, setDeployments] = useState(0);
  const [opened, setOpened] = useState<Opened | null>(null);
  /** What the server warned about when it accepted the last deployment (deployed all the same). */
  const [deployWarnings, setDeployWarnings] = useState<Problem[]>([]);
  const catalog = useCivicCatalog(target, fail);
  /** 新建表单 asked from the panel: what picks the form once deployed. */
  const [newFormFor, setNewFormFor] = useState<{ use: (formKey: string) => void } | null>(null);
  useEffect(() => catalog.update({ newForm: (use) => setNewFormFor({ use }) }), [catalog]);
  /** The new form joins the catalog (the picker offers it), then is picked for the task it was made for. */
  const pickNewForm = (form: FormSource, deployed: Deployment['forms'][number]) => {
    const tenantName = tenants.find((tn) => tn.id === deployed.tenant)?.name;
    const entry = formWithFields(
      {
        key: deployed.key,
        name: form.name ?? deployed.key,
        tenant: deployed.tenant,
        ...(tenantName ? { tenantName } : {}),
      },
      form,
    );
    catalog.update({ forms: [entry, ...catalog.data.forms.filter((f) => f.key !== entry.key)] });
    newFormFor?.use(deployed.key);
    setNewFormFor(null);
    setStatus({ kind: 'ok', text: t('newFormDeployed', { name: entry.name }) });
  };
  const [revision, setRevision] = useState(0);
  const [user, setUser] = useState('');
  const [simulating, setSimulating] = useState(false);
  const readXml = useCallback(() => editor.current?.xml() ?? Promise.resolve(''), []);
  const services = useCallback(() => editor.current?.services() ?? null, []);
  const checks = useDiagramChecks({
    resourceName: opened?.resourceName ?? null,
    tenant: target,
    revision,
    readXml,
    services,
    ...(opened?.companions ? { companions: opened.companions } : {}),
  });
  const draft = useDraft(user, opened?.key ?? null, readXml, opened?.resourceName ?? null);

  useEffect(() => {
    api.me().then((me) => setUser(me.username), fail);
  }, [api, fail]);

  const show = async (xml: string, next: Opened) => {
    if (draft.changed && !mayLeave()) return;
    stopSimulating();
    setProblems([]);
    setStatus(null);
    setDeployWarnings([]);
    await editor.current!.open(xml, { readOnly: next.readOnly ?? false });
    setOpened(next);
    setComparison(null);
    setRevision((r) => r + 1); // importing does not go through the command stack: check the new diagram
    draft.opened(next.key);
    if (next.readOnly) draft.dismissWaiting(); // a past version is only looked at: no draft to restore into it
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

  /** Reads a BPMN document with the modeler's moddle (zeebe and civic attributes known), for the differ. */
  const readBpmn = async (xml: string) => (await services()!.get<Moddle>('moddle').fromXML(xml)).rootElement;
  // A township's own copy: its changes against the city's base, the city's since, 同步市级更新 (versions/use-overlay).
  const overlay = useOverlay({
    definition: opened && !opened.readOnly ? opened.definition : undefined,
    revision,
    readXml,
    open: async (xml) => {
      await editor.current!.open(xml);
      setRevision((r) => r + 1);
      draft.setChanged(true);
    },
    readBpmn,
    services,
    fail,
  });

  const openDefinition = async (def: Definition) => {
    try {
      await show(await api.xml('process', def.id), {
        key: def.key,
        resourceName: `${def.key}.bpmn`,
        from: def,
        definition: def,
      });
    } catch (err) {
      fail(err);
    }
  };

  const viewVersion = async (v: ProcessVersion, key: string, tenant: string) => {
    try {
      await show(await api.xml('process', v.id), {
        key,
        resourceName: `${key}.bpmn`,
        from: { id: v.id, key, version: v.version, tenant, name: v.name },
        readOnly: true,
      });
    } catch (err) {
      fail(err);
    }
  };

  /** Opens the newer of two versions read-only with what changed since the older coloured on the canvas and listed by name. */
  const compare = async (older: ProcessVersion, newer: ProcessVersion, key: string, tenant: string) => {
    try {
      const [a, b] = await Promise.all([api.xml('process', older.id), api.xml('process', newer.id)]);
      await show(b, {
        key,
        resourceName: `${key}.bpmn`,
        from: { id: newer.id, key, version: newer.version, tenant, name: newer.name },
        readOnly: true,
      });
      const changes = await compareVersions(readBpmn, a, b);
      highlightChanges(services()!, changes);
      setComparison({ older: older.version, newer: newer.version, changes });
    } catch (err) {
      fail(err);
    }
  };

  /** 恢复继承: the township's own versions are withdrawn; the inherited version opens. */
  const revert = async (def: Definition) => {
    if (
      !window.confirm(t('revertConfirm', { name: def.name ?? def.key, tenant: ownerLabel(def.basedOn?.tenant ?? '') }))
    )
      return;
    try {
      const r = await api.revertOverride(def.key, def.tenant);
      draft.settled();
      await refresh();
      await show(await api.xml('process', r.inherits.id), {
        key: def.key,
        resourceName: `${def.key}.bpmn`,
        from: {
          id: r.inherits.id,
          key: def.key,
          version: r.inherits.version,
          tenant: r.inherits.tenant,
          name: def.name,
        },
      });
      setStatus({
        kind: 'ok',
        text: t('reverted', { tenant: ownerLabel(r.inherits.tenant), version: r.inherits.version }),
      });
    } catch (err) {
      fail(err);
    }
  };

  /** Back from a past version to the one in force, editable again. */
  const backToCurrent = () => {
    const from = opened?.from;
    if (!from) return;
    const current =
      processes.find((d) => d.key === from.key && d.tenant === from.tenant) ??
      processes.find((d) => d.key === from.key);
    if (current) void openDefinition(current);
  };

  /** The city (root) is 市级; a tenant the caller cannot see is one of its ancestors, the city for a township. */
  const ownerLabel = (tenant: string) => unitName(tenants, tenant, t);

  const newProcess = async () => {
    const { key, xml } = blankDiagram();
    await show(xml, { key, resourceName: `${key}.bpmn`, from: null });
  };

  /** One diagram, with the decision tables and forms it uses (loose or in a ZIP, as Camunda Modeler keeps them), opened together. */
  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(e.target.files ?? [])];
    e.target.value = '';
    if (picked.length === 0) return;
    try {
      const { diagram: file, companions } = await readImport(picked);
      await show(file.content, {
        key: file.name.replace(DIAGRAM_FILE, ''),
        resourceName: file.name.endsWith('.bpmn') ? file.name : `${file.name}.bpmn`,
        from: null,
        companions,
      });
    } catch (err) {
      if (err instanceof ImportRefused) setStatus({ kind: 'error', text: t(err.key, err.params) });
      else setStatus({ kind: 'error', text: t('importFailed', { message: (err as Error).message }) });
    }
  };

  const deploy = async () => {
    if (!opened || opened.readOnly || checks.errors > 0) return;
    stopSimulating();
    const deployment = await send(
      opened.resourceName,
      await editor.current!.xml(),
      (d) => {
        const p = d.processes[0];
        return p ? t('deployed', { name: p.name ?? p.key, version: p.version, tenant: ownerLabel(p.tenant) }) : null;
      },
      opened.companions,
      comment.trim() || undefined,
      overlay.rebasedOn,
    );
    const p = deployment?.processes[0];
    setDeployWarnings(deployment ? warningsOf(deployment, services()) : []);
    if (p) setComment('');
    if (p) setDeployments((n) => n + 1);
    if (p) draft.settled();
    if (p)
      setOpened({
        key: p.key,
        resourceName: opened.resourceName,
        from: { id: p.id, key: p.key, version: p.version, tenant: p.tenant, name: p.name },
      });
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
          <FileButton
            labelClass="sidebar-import"
            face={t('importFile')}
            multiple
            accept=".bpmn,.xml,.dmn,.form,.json,.zip,application/xml,application/zip"
            onChange={(e) => void importFile(e)}
            data-testid="import-file"
          />
        </div>
        <h2>{t('processes')}</h2>
        {processes.length === 0 && <p className="muted">{t('noProcesses')}</p>}
        <DefinitionList
          items={processes}
          selectedId={opened?.from?.id}
          kind="process"
          onOpen={(d) => void openDefinition(d)}
        />
      </nav>
      <section className="editor">
        <div className="toolbar">
          <span className="title" data-testid="opened">
            {opened
              ? opened.from
                ? t('openedFrom', {
                    name: opened.from.name ?? opened.from.key,
                    version: opened.from.version,
                    tenant: ownerLabel(opened.from.tenant),
                  })
                : t('newDiagram')
              : t('selectHint')}
          </span>
          <span className="spacer" />
          <TargetTenant tenants={tenants} value={target} onChange={setTarget} testId="target-tenant" />
          <input
            type="text"
            className="deploy-comment"
            maxLength={500}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('deployComment')}
            aria-label={t('deployComment')}
            disabled={!opened || opened.readOnly}
          />
          <button type="button" onClick={() => void download()} disabled={!opened}>
            {t('downloadXml')}
          </button>
          <button
            type="button"
            onClick={toggleSimulation}
            disabled={!opened || opened.readOnly}
            aria-pressed={simulating}
          >
            {simulating ? t('simulateStop') : t('simulate')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void deploy()}
            disabled={!opened || opened.readOnly || busy || checks.errors > 0}
          >
            {busy ? t('deploying') : t('deploy')}
          </button>
        </div>
        <StatusLine status={status} />
        {opened && checks.errors > 0 && (
          <p className="status error" role="alert">
            {t('deployBlocked', { count: checks.errors })}
          </p>
        )}
        {draft.waiting && (
          <p className="draft-banner" role="status">
            {t('draftFound', {
              time: new Date(draft.waiting.savedAt).toLocaleString(locale, { timeZone: 'Asia/Shanghai' }),
            })}
            <button type="button" onClick={() => void restoreDraft()}>
              {t('restoreDraft')}
            </button>
            <button type="button" className="link" onClick={draft.settled}>
              {t('discardDraft')}
            </button>
          </p>
        )}
        {opened?.readOnly && opened.from && (
          <p className="status readonly-banner" role="status" data-testid="readonly-banner">
            {t('versionReadOnly', { version: opened.from.version, tenant: ownerLabel(opened.from.tenant) })}
            <button type="button" onClick={backToCurrent}>
              {t('versionBackToCurrent')}
            </button>
          </p>
        )}
        {opened?.definition?.basedOn && !opened.readOnly && (
          <OverlayBanner
            definition={{ ...opened.definition, basedOn: opened.definition.basedOn }}
            ownerLabel={ownerLabel(opened.definition.basedOn.tenant)}
            overlay={overlay}
            onRevert={() => void revert(opened.definition!)}
            onSelect={(id) => editor.current?.select(id)}
          />
        )}
        <p className="hint muted">{t('townshipHint')}</p>
        {opened?.companions && opened.companions.length > 0 && (
          <p className="hint">{t('importedCompanions', { names: opened.companions.map((c) => c.name).join('、') })}</p>
        )}
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
        {newFormFor && (
          <NewFormDialog
            tenant={target}
            takenKeys={catalog.data.forms.map((f) => f.key)}
            onDeployed={pickNewForm}
            onCancel={() => setNewFormFor(null)}
          />
        )}
        {comparison && (
          <DiffList
            title={t('versionDiffTitle', { older: comparison.older, newer: comparison.newer })}
            changes={comparison.changes}
            emptyText={t('versionNoDiff')}
            onSelect={(id) => editor.current?.select(id)}
          />
        )}
        {opened?.from && (
          <VersionHistory
            processKey={opened.from.key}
            tenant={opened.from.tenant}
            revision={deployments}
            fail={fail}
            onView={(v) => void viewVersion(v, opened.from!.key, opened.from!.tenant)}
            onCompare={(a, b) => void compare(a, b, opened.from!.key, opened.from!.tenant)}
          />
        )}
        <ProblemList problems={problems} onSelect={(id) => editor.current?.select(id)} />
        <ProblemList
          problems={deployWarnings}
          title={t('deployWarnings', { count: deployWarnings.length })}
          onSelect={(id) => editor.current?.select(id)}
        />
        {problems.length === 0 && opened && (
          <ProblemList
            problems={checks.problems}
            title={t('checkSummary', { errors: checks.errors, warnings: checks.warnings })}
            onSelect={(id) => editor.current?.select(id)}
          />
        )}
        {problems.length === 0 && opened && checks.problems.length === 0 && (
          <p className="muted check-clean">{t('checkClean')}</p>
        )}
      </section>
    </main>
  );
}

interface NamedElements {
  get(id: string): { businessObject?: { name?: string } } | undefined;
}

/**
 * The server's warnings on an accepted deployment as problems of the diagram: each named by its
 * element as drawn (click selects it) and said in the user's language about its subject.
 */
function warningsOf(deployment: Deployment, services: { get<T>(name: string): T } | null): Problem[] {
  const registry = services?.get<NamedElements>('elementRegistry');
  return (deployment.warnings ?? []).map((w) => {
    const name = w.elementId ? registry?.get(w.elementId)?.businessObject?.name : undefined;
    return { ...w, severity: 'warning' as const, ...(name ? { elementName: name } : {}) };
  });
}
