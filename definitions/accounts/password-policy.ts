import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** bcrypt reads at most 72 bytes of a password and silently ignores the rest. */
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score: 3 means "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

/** Why a password is refused; each has a plain explanation in both languages. */
export type PasswordReason =
  | 'tooShort'
  | 'tooLong'
  | 'onlyDigits'
  | 'common'
  | 'similarToCommon'
  | 'keyboardPattern'
  | 'repeated'
  | 'sequence'
  | 'dates'
  | 'names'
  | 'containsName'
  | 'tooSimple';

export interface PasswordVerdict {
  ok: boolean;
  reasons: PasswordReason[];
}

let estimator: Promise<ZxcvbnFactory> | undefined;
/** The estimator and its dictionary (~0.5 MB) load on first use: pages that never ask for a new password never fetch them. */
const zxcvbn = () =>
  (estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  ));

const fromWarning: Record<string, PasswordReason> = {
  straightRow: 'keyboardPattern',
  keyPattern: 'keyboardPattern',
  simpleRepeat: 'repeated',
  extendedRepeat: 'repeated',
  sequences: 'sequence',
  recentYears: 'dates',
  dates: 'dates',
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'similarToCommon',
  wordByItself: 'common',
  namesByThemselves: 'names',
  commonNames: 'names',
  userInputs: 'containsName',
  pwned: 'common',
};

/**
 * The password policy, the same in the browser and on the server: at least 10 characters, at
 * most 72 bytes, and not guessable (zxcvbn score ≥ 3 against its list of common passwords, names
 * and patterns). `userInputs` are words a guesser would try first (the user name, the display name).
 */
export async function checkPassword(password: string, userInputs: string[] = []): Promise<PasswordVerdict> {
  const reasons = new Set<PasswordReason>();
  if ([...password].length < MIN_PASSWORD_LENGTH) reasons.add('tooShort');
  if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) reasons.add('tooLong');
  if (/^\d+$/.test(password)) reasons.add('onlyDigits');
  if (!reasons.has('tooLong')) {
    const inputs = userInputs.filter((w) => w.length >= 3);
    const result = (await zxcvbn()).check(password, inputs);
    if (result.score < MIN_PASSWORD_SCORE) {
      const warning = result.feedback.warning ? fromWarning[result.feedback.warning] : undefined;
      reasons.add(warning ?? (reasons.size === 0 ? 'tooSimple' : [...reasons][0]!));
    }
  }
  return { ok: reasons.size === 0, reasons: [...reasons] };
}

const TEXT: Record<'zh-CN' | 'en', Record<PasswordReason, string>> = {
  'zh-CN': {
    tooShort: `太短：至少 ${MIN_PASSWORD_LENGTH} 个字符`,
    tooLong: '太长：最多 72 个字节（一个汉字占 3 个字节）',
    onlyDigits: '只有数字：请加入字母或符号',
    common: '是常见密码，很容易被猜到：请换一个',
    similarToCommon: '和常见密码太像：请换一个',
    keyboardPattern: '是键盘上连着按的字母：请换一个',
    repeated: '有重复的字符或片段：请避免重复',
    sequence: '是顺序排列的字符（如 abc、123）：请避免',
    dates: '含有日期或年份，容易被猜到：请避免',
    names: '只是常见的姓名：请加入别的词',
    containsName: '含有用户名或姓名：请去掉',
    tooSimple: '太简单，容易被猜到：请用几个不相关的词，加上数字或符号',
  },
  en: {
    tooShort: `too short: at least ${MIN_PASSWORD_LENGTH} characters`,
    tooLong: 'too long: at most 72 bytes (a Chinese character takes 3)',
    onlyDigits: 'only digits: add letters or symbols',
    common: 'a common password, easy to guess: choose another',
    similarToCommon: 'too similar to a common password: choose another',
    keyboardPattern: 'a run of neighbouring keys: choose another',
    repeated: 'repeats characters or parts: avoid repetition',
    sequence: 'a sequence (like abc or 123): avoid it',
    dates: 'contains a date or year, easy to guess: avoid it',
    names: 'only common names: add other words',
    containsName: 'contains the user name or display name: remove it',
    tooSimple: 'too simple, easy to guess: use several unrelated words with digits or symbols',
  },
};

/** What to change, in plain words: "密码太短：至少 10 个字符；只有数字：请加入字母或符号". */
export function explainPassword(reasons: PasswordReason[], locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const parts = reasons.map((r) => TEXT[locale][r]);
  return locale === 'en' ? `The password is ${parts.join('; ')}.` : `密码${parts.join('；')}。`;
}
