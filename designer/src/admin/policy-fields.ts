import type { MessageKey, T } from '../app/i18n/index.js';
import type { Policy, PolicyAnswer } from './admin-api.js';
import type { AdminData } from './section.js';

export type PolicyKey = keyof Policy;
export type FieldKind = 'count' | 'duration' | 'warning' | 'roles' | 'groups' | 'user' | 'channels' | 'missingCalendar';

/** The deadline policy as the screen shows it, in the order an administrator thinks about it. */
export const POLICY_FIELDS: Array<{ key: PolicyKey; label: MessageKey; kind: FieldKind; max?: number }> = [
  { key: 'warning', label: 'policyWarning', kind: 'warning' },
  { key: 'maxExtensions', label: 'policyMaxExtensions', kind: 'count', max: 10 },
  { key: 'extensionApproverRoles', label: 'policyApprovers', kind: 'roles' },
  { key: 'redDaysToSupervise', label: 'policyRedDays', kind: 'count', max: 60 },
  { key: 'supervisionDeadline', label: 'policySupervisionDeadline', kind: 'duration' },
  { key: 'supervisor', label: 'policySupervisor', kind: 'user' },
  { key: 'urgeRoles', label: 'policyUrgeRoles', kind: 'roles' },
  { key: 'urgeGroups', label: 'policyUrgeGroups', kind: 'groups' },
  { key: 'leaderRoles', label: 'policyLeaderRoles', kind: 'roles' },
  { key: 'channels', label: 'policyChannels', kind: 'channels' },
  { key: 'missingCalendar', label: 'policyMissingCalendar', kind: 'missingCalendar' },
];

export const POLICY_ROLES = ['staff', 'supervisor', 'tenant-admin', 'admin'] as const;
export const NOTICE_CHANNELS: Array<[string, MessageKey]> = [
  ['sms', 'noticeSms'],
  ['wechat', 'noticeWechat'],
];
export const DURATION_UNITS: Array<[string, MessageKey]> = [
  ['workDay', 'unitWorkDay'],
  ['workHour', 'unitWorkHour'],
];

/** The warning's unit as the picker offers it: time left, share of the limit used, or the default rule (''). */
export type WarningUnit = 'workDay' | 'workHour' | '%' | '';
export const WARNING_UNITS: Array<[WarningUnit, MessageKey]> = [
  ['workDay', 'warnWorkDaysLeft'],
  ['workHour', 'warnWorkHoursLeft'],
  ['%', 'warnPercentUsed'],
  ['', 'warnDefault'],
];

/** "2 workDay" → [2, 'workDay']; "80%" → [80, '%']; null (the default rule) → [0, '']. */
export function splitWarning(spec: unknown): [number, WarningUnit] {
  const text = typeof spec === 'string' ? spec : '';
  const pct = /^\s*(\d+)\s*%\s*$/.exec(text);
  if (pct) return [Number(pct[1]), '%'];
  const m = /^\s*(\d+)\s*(workDay|workHour)s?\s*$/.exec(text);
  return m ? [Number(m[1]), m[2] as WarningUnit] : [0, ''];
}

export const roleLabel = (t: T, role: string) => t(`role_${role.replace(/[-:]/g, '_')}` as MessageKey);

/** "3 workDay" → [3, 'workDay']; anything else as 1 working day. */
export function splitDuration(spec: string): [number, string] {
  const m = /^\s*(\d+)\s*(workDay|workHour)s?\s*$/.exec(spec);
  return m ? [Number(m[1]), m[2]!] : [1, 'workDay'];
}

/** A policy value in words: "3 个工作日", "督办、单位管理员", "由最近的督查员负责" … */
export function policyValueText(
  kind: FieldKind,
  value: unknown,
  t: T,
  data: AdminData,
  names: PolicyAnswer['names'] = { groups: {}, users: {} },
): string {
  const list = (value as string[] | undefined) ?? [];
  switch (kind) {
    case 'count':
      return value === null || value === undefined || value === '' ? t('policyNone') : String(value);
    case 'duration': {
      const [n, unit] = splitDuration(String(value));
      return `${n} ${t(unit === 'workHour' ? 'unitWorkHour' : 'unitWorkDay')}`;
    }
    case 'warning': {
      const [n, unit] = splitWarning(value);
      if (unit === '') return t('policyWarningDefault');
      if (unit === '%') return t('policyWarningUsed', { n });
      return t('policyWarningLeft', { n, unit: t(unit === 'workHour' ? 'unitWorkHour' : 'unitWorkDay') });
    }
    case 'roles':
      return list.length ? list.map((r) => roleLabel(t, r)).join('、') : t('policyNone');
    case 'groups':
      return list.length
        ? list.map((g) => data.groups.find((x) => x.id === g)?.name ?? names.groups[g] ?? g).join('、')
        : t('policyNone');
    case 'channels':
      return list.length
        ? list.map((c) => t(NOTICE_CHANNELS.find(([id]) => id === c)?.[1] ?? 'policyNone')).join('、')
        : t('policyInAppOnly');
    case 'user':
      return value
        ? (data.users.find((u) => u.username === value)?.displayName ?? names.users[String(value)] ?? String(value))
        : t('policyNearestSupervisor');
    case 'missingCalendar':
      return t(value === 'refuse' ? 'policyRefuse' : 'policyProvisional');
  }
}
