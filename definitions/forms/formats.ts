// The custom string formats of civicflow forms, registered once here and used by every ajv that
// checks a form: the compiler's, the server's (validate.ts) and rjsf's in the browser (TaskForm).

/** Mainland mobile numbers: 11 digits starting 13–19. */
const MOBILE = /^1[3-9]\d{9}$/;
/** Landlines: area code (010, 0571 …), an optional "-", 7–8 digits, an optional extension; or a 400/800 number. */
const LANDLINE = /^(0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?|[48]00-?\d{3}-?\d{4})$/;
/** The same rule ajv-formats' "fast" email uses, so a browser and a server never disagree. */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

const ID_CARD = /^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident identity number (GB 11643-1999): 18 characters, a real birth date, the mod 11-2 check character. */
export function isChineseIdCard(value: string): boolean {
  const m = ID_CARD.exec(value.toUpperCase());
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || !isCalendarDate(year, month, day)) return false;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(value[i]), 0);
  return ID_CHECK[sum % 11] === value[17]!.toUpperCase();
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code (GB 32100-2015): 18 characters without I, O, S, V, Z, and the mod 31 check character. */
export function isUnifiedSocialCreditCode(value: string): boolean {
  if (!USCC.test(value)) return false;
  const sum = USCC_WEIGHTS.reduce((s, w, i) => s + w * USCC_CHARS.indexOf(value[i]!), 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] === value[17];
}

/**
 * A file field's entry (附件/照片): the id of an attachment of the case (staff), or the token of a
 * photo uploaded on the public intake page before submitting. The server checks it belongs there.
 */
const ATTACHMENT_REF = /^[A-Za-z0-9_-]{16,64}$/;

/** The format of a file field's items: `{ type: 'array', items: { type: 'string', format: 'civic-attachment' } }`. */
export const ATTACHMENT_FORMAT = 'civic-attachment';

/** The names of a form's file fields (top level). */
export function fileFieldsOf(schema: { properties?: Record<string, unknown> } | undefined): string[] {
  return Object.entries(schema?.properties ?? {})
    .filter(([, p]) => {
      const items = (p as { type?: unknown; items?: { format?: unknown } }).items;
      return (p as { type?: unknown }).type === 'array' && items?.format === ATTACHMENT_FORMAT;
    })
    .map(([k]) => k);
}

/** Every civicflow format by name, as ajv's `addFormat` and rjsf's `customFormats` take them. */
export const CIVIC_FORMATS = {
  'cn-mobile': (v: string) => MOBILE.test(v),
  'cn-landline': (v: string) => LANDLINE.test(v),
  'cn-id-card': isChineseIdCard,
  'cn-uscc': isUnifiedSocialCreditCode,
  email: (v: string) => v.length <= 254 && EMAIL.test(v),
  'civic-attachment': (v: string) => ATTACHMENT_REF.test(v),
} as const satisfies Record<string, (value: string) => boolean>;

export type CivicFormat = keyof typeof CIVIC_FORMATS;

export function isCivicFormat(name: unknown): name is CivicFormat {
  return typeof name === 'string' && Object.hasOwn(CIVIC_FORMATS, name);
}
