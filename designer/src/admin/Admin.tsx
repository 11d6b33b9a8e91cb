import { useCallback, useEffect, useMemo, useState } from 'react';
import type { T } from '../app/i18n/index.js';
import type { Locale, MessageKey } from '../app/i18n/index.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { AdminApi } from './admin-api.js';
import type { AdminData } from './section.js';
import { AttachmentRules } from './AttachmentRules.js';
import { Channels } from './Channels.js';
import { Departments } from './Departments.js';
import { Policies } from './Policies.js';
import { TenantTree } from './TenantTree.js';
import { Users } from './Users.js';

type Section = 'users' | 'departments' | 'tenants' | 'policies' | 'channels' | 'attachments';
const SECTIONS: Array<[Section, MessageKey]> = [
  ['users', 'adminUsers'],
  ['departments', 'adminDepartments'],
  ['tenants', 'adminTenants'],
  ['policies', 'adminPolicies'],
  ['channels', 'adminChannels'],
  ['attachments', 'adminAttachments'],
];

/** 系统管理: accounts, departments, the tenant tree, deadline policies and intake channels of the administrator's units. */
export function Admin({
  token,
  t,
  locale,
  onUnauthorized,
}: {
  token: string;
  t: T;
  locale: Locale;
  onUnauthorized(): void;
}) {
  const api = useMemo(() => new AdminApi(token, () => locale), [token, locale]);
  const [section, setSection] = useState<Section>('users');
  const [data, setData] = useState<AdminData>({ users: [], groups: [], tenants: [] });
  const { status, setStatus, fail } = useStatus();

  const reload = useCallback(async () => {
    const [users, groups, tenants] = await Promise.all([api.users(), api.groups(), api.tenants()]);
    setData({ users, groups, tenants });
  }, [api]);
  useEffect(() => {
    reload().catch(fail);
  }, [reload, fail]);

  /** Runs a change, then shows what it did (or why it failed) and reloads. */
  const act = useCallback(
    async (work: () => Promise<unknown>, done: string) => {
      setStatus(null);
      try {
        await work();
        await reload();
        setStatus({ kind: 'ok', text: done });
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    },
    [reload, fail, setStatus],
  );

  const props = { api, t, locale, data, act };
  return (
    <main className="admin">
      <nav className="subtabs" aria-label={t('tabAdmin')}>
        {SECTIONS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            className={section === id ? 'tab active' : 'tab'}
            onClick={() => setSection(id)}
          >
            {t(label)}
          </button>
        ))}
      </nav>
      <StatusLine status={status} />
      {section === 'users' && <Users {...props} />}
      {section === 'departments' && <Departments {...props} />}
      {section === 'tenants' && <TenantTree {...props} />}
      {section === 'policies' && <Policies {...props} />}
      {section === 'channels' && <Channels {...props} />}
      {section === 'attachments' && <AttachmentRules {...props} />}
    </main>
  );
}
