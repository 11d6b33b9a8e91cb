import type { Locale } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';

/** What each refusal of a task operation tells a person to do (the engine's English message stays as detail). */
const MESSAGES: Record<string, { status: number; zh: string; en: string }> = {
  RETURN_NOT_ALLOWED: {
    status: 409,
    zh: '此环节不能退回到所选环节，请选择流程允许的退回环节',
    en: 'this step cannot be returned there; choose a step the process allows',
  },
  REFUSE_NOT_ALLOWED: {
    status: 409,
    zh: '此环节不能退单：它不是派单环节派来的，或派单员已确认由本部门办理',
    en: 'this step cannot be refused: it was not referred here, or the dispatcher confirmed this department must handle it',
  },
  WITHDRAW_NOT_ALLOWED: { status: 409, zh: '此环节不允许撤回', en: 'this step cannot be withdrawn' },
  WITHDRAW_TOO_LATE: {
    status: 409,
    zh: '下一环节已签收或已办理，不能撤回；请联系下一环节的办理人',
    en: 'the next step was already claimed or worked on; ask its handler instead',
  },
  WITHDRAW_NOT_COMPLETER: {
    status: 403,
    zh: '只有上一环节的办理人可以撤回',
    en: 'only the person who completed the step can withdraw it',
  },
  TRANSFER_NOT_ALLOWED: { status: 409, zh: '此环节不允许转办', en: 'this step cannot be transferred' },
  DELEGATE_NOT_ALLOWED: {
    status: 409,
    zh: '此环节不允许委派，或任务已在委派中',
    en: 'this step cannot be delegated, or it is delegated already',
  },
  TASK_DELEGATED: {
    status: 409,
    zh: '任务正在委派中：受托人办理后点“办毕交回”，再由委派人完成',
    en: 'the task is delegated: the delegate resolves it first, then the delegator completes it',
  },
  NOT_DELEGATED: { status: 409, zh: '任务没有委派给您，无需交回', en: 'the task is not delegated to you' },
  TASK_CHANGED: {
    status: 409,
    zh: '任务刚被他人处理过，请刷新后重试',
    en: 'someone changed the task just now; reload and try again',
  },
  USER_NOT_FOUND: {
    status: 400,
    zh: '找不到该人员，请从本单位及上级单位的人员中选择',
    en: 'no such person in your unit or the units above it',
  },
  GROUP_NOT_FOUND: { status: 400, zh: '找不到该部门或小组', en: 'no such department or group' },
  SIGNERS_FORBIDDEN: {
    status: 403,
    zh: '只有参与会签的人员、督办人员或管理员可以加签、减签',
    en: 'only a signer of the countersign, a supervisor or an administrator may add or remove signers',
  },
  SIGNERS_NOT_ALLOWED: {
    status: 409,
    zh: '此环节不是会签，或流程不允许在此环节加签、减签',
    en: 'this step is not a countersign, or the process does not allow changing its signers',
  },
  SIGNERS_ARE_USERS: {
    status: 400,
    zh: '此会签由人员签署，请选择人员',
    en: 'this countersign is signed by people; choose people',
  },
  SIGNERS_ARE_GROUPS: {
    status: 400,
    zh: '此会签由部门签署，请选择部门',
    en: 'this countersign is signed by departments; choose departments',
  },
  SIGNERS_INVALID: { status: 400, zh: '请选择要加签或减签的对象', en: 'choose whom to add or remove' },
  SIGNER_DUPLICATE: {
    status: 409,
    zh: '所选对象已在会签名单中，无需重复加签',
    en: 'that signer is already in the countersign',
  },
  SIGNER_NOT_FOUND: { status: 409, zh: '所选对象不在会签名单中', en: 'that signer is not in the countersign' },
  SIGNER_COMPLETED: {
    status: 409,
    zh: '已签署的人员或部门不能减签',
    en: 'a signer who has already signed cannot be removed',
  },
  SIGNER_LAST: {
    status: 409,
    zh: '会签至少要保留一位签署人，不能全部减去',
    en: 'at least one signer must remain in the countersign',
  },
  RECIPIENT_REQUIRED: { status: 400, zh: '请至少选择一位人员或一个部门', en: 'choose at least one person or group' },
};

export function operationRefused(code: string, locale: Locale, detail?: string): ApiError {
  const m = MESSAGES[code]!;
  return new ApiError(m.status, code, locale === 'zh-CN' ? m.zh : m.en, detail ? [{ detail }] : undefined);
}

/** An engine refusal (409 with its code) told in the person's words. */
export function explainRefusal(err: unknown, locale: Locale): unknown {
  if (err instanceof ApiError && MESSAGES[err.code]) return operationRefused(err.code, locale, err.message);
  return err;
}
