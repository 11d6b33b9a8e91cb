import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../../../definitions/index.js';
import {
  ApiError,
  isDefinitionProblem,
  type Api,
  type Definition,
  type DefinitionKind,
  type Deployment,
  type Tenant,
} from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { useStatus } from './status.js';

/**
 * What the process, form and rules designers share: the definitions of a kind the caller may
 * adjust or inherits, the tenants it may deploy to (its own first), and deploying — a 422's
 * problems listed, anything else in the status line — then listing again.
 */
export function useDeployable(kind: DefinitionKind) {
  const api = useApi();
  const { t } = useApp();
  const [items, setItems] = useState<Definition[]>([]);
  const [tenants, setTenants] = useState<Tenant[]>([]);
  const [target, setTarget] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const { status, setStatus, fail } = useStatus();

  const refresh = useCallback(async () => {
    const me = await api.me();
    const [defs, ts] = await Promise.all([api.latest(kind, me.tenant), api.tenants()]);
    setItems(defs);
    setTenants(ts);
    setTarget((current) => current || (ts.some((tn) => tn.id === me.tenant) ? me.tenant : (ts[0]?.id ?? '')));
  }, [api, kind]);

  useEffect(() => {
    refresh().catch(fail);
  }, [refresh, fail]);

  /** Sends `resourceName` with `content` (and any companions) to the chosen tenant; `done` says what was deployed (for the status line). */
  const deploy = async (
    resourceName: string,
    content: Parameters<Api['deploy']>[2],
    done: (d: Deployment) => string | null,
    companions: Parameters<Api['deploy']>[3] = [],
    comment?: string,
    /** After 同步市级更新: the owner's version each rebased key now builds on. */
    rebasedOn?: Parameters<Api['deploy']>[5],
  ): Promise<Deployment | null> => {
    if (!target) return null;
    setBusy(true);
    setStatus(null);
    try {
      const deployment = await api.deploy(target, resourceName, content, companions, comment, rebasedOn);
      setProblems([]);
      const text = done(deployment);
      if (text) setStatus({ kind: 'ok', text });
      await refresh();
      return deployment;
    } catch (err) {
      const found = err instanceof ApiError ? err.problems.filter(isDefinitionProblem) : [];
      if (found.length > 0) {
        setProblems(found);
        setStatus({ kind: 'error', text: t('deployFailed', { count: found.length }) });
      } else fail(err);
      return null;
    } finally {
      setBusy(false);
    }
  };

  return { items, tenants, target, setTarget, problems, setProblems, busy, status, setStatus, fail, deploy, refresh };
}
