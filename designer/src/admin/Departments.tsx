import { useEffect, useState, type FormEvent } from 'react';
import type { Group } from '../app/api/index.js';
import { tenantName, type SectionProps } from './section.js';
import type { Member } from './admin-api.js';
import { Checks } from './Checks.js';

export function Departments(props: SectionProps) {
  const { api, t, data, act } = props;
  const [form, setForm] = useState({ id: '', name: '', tenantId: '' });
  const [open, setOpen] = useState<string | null>(null);
  const tenantId = form.tenantId || data.tenants[0]?.id || '';

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(() => api.createGroup({ ...form, tenantId }), t('departmentCreated', { name: form.name })))
      setForm({ id: '', name: '', tenantId });
  };

  return (
    <section aria-label={t('adminDepartments')}>
      <form className="admin-form" onSubmit={(e) => void create(e)} aria-label={t('newDepartment')}>
        <h3>{t('newDepartment')}</h3>
        <label>
          {t('departmentId')}
          <input
            name="departmentId"
            value={form.id}
            onChange={(e) => setForm({ ...form, id: e.target.value.trim() })}
            required
            pattern="[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}"
            title={t('idHint')}
          />
        </label>
        <label>
          {t('departmentName')}
          <input
            name="departmentName"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            required
            maxLength={200}
          />
        </label>
        <label>
          {t('tenantField')}
          <select
            name="departmentTenant"
            value={tenantId}
            onChange={(e) => setForm({ ...form, tenantId: e.target.value })}
          >
            {data.tenants.map((tn) => (
              <option key={tn.id} value={tn.id}>
                {tn.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('createDepartment')}
        </button>
      </form>
      <ul className="admin-list">
        {data.groups.map((g) => (
          <li key={g.id} data-group={g.id}>
            <strong>{g.name}</strong> <span className="muted">{tenantName(data, g.tenantId)}</span>{' '}
            <button type="button" onClick={() => setOpen(open === g.id ? null : g.id)}>
              {t('editDepartment')}
            </button>
            {open === g.id && <DepartmentEditor {...props} group={g} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DepartmentEditor({ api, t, data, act, group }: SectionProps & { group: Group }) {
  const [name, setName] = useState(group.name);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [leaders, setLeaders] = useState<string[]>([]);
  useEffect(() => {
    void api.members(group.id).then((m) => {
      setMembers(m);
      setChosen(m.map((x) => x.username));
      setLeaders(m.filter((x) => x.leader).map((x) => x.username));
    });
  }, [api, group.id]);
  if (!members) return <p className="muted loading">…</p>;

  const save = () =>
    act(
      async () => {
        if (name !== group.name) await api.renameGroup(group.id, name);
        await api.setMembers(group.id, chosen);
        await api.setLeaders(
          group.id,
          leaders.filter((l) => chosen.includes(l)),
        );
      },
      t('departmentSaved', { name }),
    );

  return (
    <div className="department-editor">
      <label>
        {t('departmentName')}
        <input name="renameDepartment" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <Checks
        legend={t('membersField')}
        options={data.users.map((u) => [u.username, u.displayName])}
        value={chosen}
        onChange={setChosen}
      />
      <Checks
        legend={t('leadersField')}
        options={data.users.filter((u) => chosen.includes(u.username)).map((u) => [u.username, u.displayName])}
        value={leaders}
        onChange={setLeaders}
      />
      <button type="button" className="primary" onClick={() => void save()}>
        {t('save')}
      </button>
    </div>
  );
}
