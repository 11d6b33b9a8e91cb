import type { Locale } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';

/** Why a 离岗代理 was refused, in the person's words; the code stays English. */
const MESSAGES = {
  LEAVE_PROXY_FORBIDDEN: {
    status: 403,
    zh: () => '只有本人或本单位的管理员可以为其设置离岗代理',
    en: () => 'only the person or an administrator of their unit may set their leave proxy',
  },
  USER_NOT_FOUND: { status: 404, zh: () => '找不到该人员', en: () => 'no such person' },
  LEAVE_PROXY_NOT_FOUND: { status: 404, zh: () => '找不到该离岗代理', en: () => 'no such leave proxy' },
  PROXY_SELF: { status: 400, zh: () => '代理人不能是本人', en: () => 'the proxy cannot be the person away' },
  PROXY_NOT_FOUND: { status: 400, zh: () => '找不到所选的代理人', en: () => 'the chosen proxy does not exist' },
  PROXY_DISABLED: {
    status: 400,
    zh: (a: string) => `${a} 的账号已停用，不能担任代理人`,
    en: (a: string) => `${a}'s account is disabled`,
  },
  PROXY_OTHER_UNIT: {
    status: 400,
    zh: (a: string, b: string) => `代理人须是${b}的人员，${a} 不属于该单位`,
    en: (a: string, b: string) => `the proxy must work at ${b}; ${a} does not`,
  },
  PERIOD_INVALID: {
    status: 400,
    zh: () => '结束日期不能早于开始日期',
    en: () => 'the end date is before the start date',
  },
  PERIOD_IN_PAST: {
    status: 400,
    zh: () => '开始日期不能早于今天',
    en: () => 'the start date is in the past',
  },
  PERIOD_OVERLAPS: {
    status: 409,
    zh: (a: string, period: string, proxy: string) =>
      `${a} 在${period}已设置离岗代理（代理人 ${proxy}），同一时间只能有一个，请先取消原来的`,
    en: (a: string, period: string, proxy: string) =>
      `${a} already has a leave proxy for ${period} (${proxy}); cancel it first`,
  },
  PROXY_AWAY: {
    status: 409,
    zh: (a: string, period: string) => `${a} 在${period}也设置了离岗代理，不能担任代理人，请另选一位同事`,
    en: (a: string, period: string) => `${a} is away too (${period}); choose another colleague`,
  },
  USER_IS_PROXY: {
    status: 409,
    zh: (a: string, period: string, other: string) =>
      `${a} 是 ${other} 的离岗代理人（${period}），期间不能再设置离岗代理；请先请 ${other} 另选代理人`,
    en: (a: string, period: string, other: string) =>
      `${a} stands in for ${other} (${period}) and cannot be away then; ask ${other} to choose another proxy first`,
  },
  LEAVE_PROXY_CLOSED: {
    status: 409,
    zh: () => '该离岗代理已取消或已结束',
    en: () => 'that leave proxy is already cancelled or over',
  },
} satisfies Record<string, { status: number; zh: (...a: string[]) => string; en: (...a: string[]) => string }>;

export type LeaveProxyRefusal = keyof typeof MESSAGES;

export function leaveProxyRefused(code: LeaveProxyRefusal, locale: Locale, ...words: string[]): ApiError {
  const m = MESSAGES[code];
  const say = (locale === 'zh-CN' ? m.zh : m.en) as (...a: string[]) => string;
  return new ApiError(m.status, code, say(...words));
}
