import { useState, type FormEvent } from 'react';
import type { SectionProps } from './section.js';
import { groupName, tenantName } from './section.js';
import { ROLE_NAMES, type Account } from './admin-api.js';
import { Checks } from './Checks.js';
import { Import } from './Import.js';
import { PasswordField, passwordAcceptable } from './PasswordField.js';
import type { MessageKey } from '../app/i18n/index.js';

const roleKey = (r: string) => `role_${r.replace(/[-:]/g, '_')}` as MessageKey;

export function Users(props: SectionProps) {
  const { api, t, locale, data, act } = props;
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    tenantId: '',
    password: '',
    roles: ['staff'],
    groups: [] as string[],
  });
  const [temporary, setTemporary] = useState<{ username: string; password: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const tenantId = form.tenantId || data.tenants[0]?.id || '';

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!(await passwordAcceptable(form.password, [form.username, form.displayName]))) return;
    const ok = await act(() => api.createUser({ ...form, tenantId }), t('userCreated', { name: form.displayName }));
    if (ok) setForm({ username: '', displayName: '', tenantId, password: '', roles: ['staff'], groups: [] });
  };
  const reset = async (u: Account) => {
    let answer: { temporaryPassword: string } | undefined;
    if (
      await act(
        async () => (answer = await api.resetPassword(u.username)),
        t('passwordResetDone', { name: u.displayName }),
      )
    )
      setTemporary({ username: u.username, password: answer!.temporaryPassword });
  };

  return (
    <section aria-label={t('adminUsers')}>
      <form className="admin-form" onSubmit={(e) => void create(e)} aria-label={t('newUser')}>
        <h3>{t('newUser')}</h3>
        <label>
          {t('username')}
          <input
            name="newUsername"
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.target.value.trim() })}
            required
            pattern="[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}"
            title={t('idHint')}
          />
        </label>
        <label>
          {t('displayNameField')}
          <input
            name="displayName"
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
            required
            maxLength={100}
          />
        </label>
        <label>
          {t('tenantField')}
          <select name="userTenant" value={tenantId} onChange={(e) => setForm({ ...form, tenantId: e.target.value })}>
            {data.tenants.map((tn) => (
              <option key={tn.id} value={tn.id}>
                {tn.name}
              </option>
            ))}
          </select>
        </label>
        <PasswordField
          label={t('initialPassword')}
          name="initialPassword"
          value={form.password}
          onChange={(password) => setForm({ ...form, password })}
          locale={locale}
          userInputs={[form.username, form.displayName]}
        />
        <Checks
          legend={t('rolesField')}
          options={ROLE_NAMES.map((r) => [r, t(roleKey(r))])}
          value={form.roles}
          onChange={(roles) => setForm({ ...form, roles })}
        />
        <Checks
          legend={t('groupsField')}
          options={data.groups.map((g) => [g.id, g.name])}
          value={form.groups}
          onChange={(groups) => setForm({ ...form, groups })}
        />
        <p className="muted">{t('mustChangeHint')}</p>
        <button type="submit" className="primary">
          {t('createUser')}
        </button>
      </form>
      <Import {...props} />
      {temporary && (
        <p className="status ok" role="status" data-temporary={temporary.username}>
          {t('temporaryPassword', { username: temporary.username })} <code>{temporary.password}</code>
        </p>
      )}
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('username')}</th>
            <th>{t('displayNameField')}</th>
            <th>{t('tenantField')}</th>
            <th>{t('rolesField')}</th>
            <th>{t('groupsField')}</th>
            <th>{t('stateField')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.users.map((u) => (
            <tr key={u.username} data-user={u.username}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{tenantName(data, u.tenantId)}</td>
              <td>{u.roles.map((r) => t(roleKey(r))).join('、')}</td>
              <td>{u.groups.map((g) => groupName(data, g)).join('、')}</td>
              <td>
                {u.disabled ? t('stateDisabled') : u.mustChangePassword ? t('stateMustChange') : t('stateActive')}
              </td>
              <td className="actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      () => api.setDisabled(u.username, !u.disabled),
                      t(u.disabled ? 'userEnabled' : 'userDisabled', { name: u.displayName }),
                    )
                  }
                >
                  {u.disabled ? t('enable') : t('disable')}
                </button>
                <button type="button" onClick={() => void reset(u)}>
                  {t('resetPassword')}
                </button>
                <button
                  type="button"
                  onClick={() => void act(() => api.unlock(u.username), t('userUnlocked', { name: u.displayName }))}
                >
                  {t('unlock')}
                </button>
                <button type="button" onClick={() => setEditing(editing === u.username ? null : u.username)}>
                  {t('editAccess')}
                </button>
                {editing === u.username && <AccessEditor {...props} user={u} onDone={() => setEditing(null)} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AccessEditor({ api, t, data, act, user, onDone }: SectionProps & { user: Account; onDone(): void }) {
  const [roles, setRoles] = useState(user.roles);
  const [groups, setGroups] = useState(user.groups);
  const save = async () => {
    const ok = await act(
      async () => {
        if (roles.join() !== user.roles.join()) await api.setRoles(user.username, roles);
        if ([...groups].sort().join() !== [...user.groups].sort().join()) await api.setGroups(user.username, groups);
      },
      t('accessSaved', { name: user.displayName }),
    );
    if (ok) onDone();
  };
  return (
    <div className="access-editor">
      <Checks
        legend={t('rolesField')}
        options={ROLE_NAMES.map((r) => [r, t(roleKey(r))])}
        value={roles}
        onChange={setRoles}
      />
      <Checks
        legend={t('groupsField')}
        options={data.groups.map((g) => [g.id, g.name])}
        value={groups}
        onChange={setGroups}
      />
      <button type="button" className="primary" onClick={() => void save()}>
        {t('save')}
      </button>
    </div>
  );
}
