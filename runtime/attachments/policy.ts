import { extname } from 'node:path';
import { ATTACHMENT_KINDS, KIND_OF_SNIFFED, type AttachmentKind } from './tenant-policy.js';

/** How much one case and one tenant may store: every tenant-provided file is bounded. */
export interface AttachmentLimits {
  /** One file (default 20 MB). */
  maxFileBytes: number;
  /** Files on one case (default 50). */
  maxPerCase: number;
  /** Everything a tenant stores (default 5 GB). */
  maxBytesPerTenant: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxPerCase: 50,
  maxBytesPerTenant: 5 * 1024 ** 3,
};

export interface AttachmentConfig {
  /** Where the files are kept (the runtime's attachment directory). */
  dir: string;
  limits: AttachmentLimits;
}

/**
 * The types a case may hold, by what `file-type` finds in the bytes, with the file-name
 * extensions that may carry each: photos, PDF, Office documents (OOXML, the older OLE files, ODF).
 * Nothing that a browser would render as a page (HTML, SVG, XML) is among them.
 */
const ACCEPTED: Record<string, readonly string[]> = {
  jpg: ['jpg', 'jpeg'],
  png: ['png'],
  gif: ['gif'],
  webp: ['webp'],
  heic: ['heic', 'heif'],
  bmp: ['bmp'],
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  pptx: ['pptx'],
  cfb: ['doc', 'xls', 'ppt'],
  odt: ['odt'],
  ods: ['ods'],
  odp: ['odp'],
};

/** The extensions the upload field offers (`accept`). */
export const ACCEPTED_EXTENSIONS = [...new Set(Object.values(ACCEPTED).flat())].sort();

/** The old OLE Office files are one container kind (cfb); their media type follows the name. */
const CFB_MEDIA: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

export type TypeVerdict =
  | { ok: true; mediaType: string }
  | { ok: false; reason: 'unknown' | 'notAllowed' | 'mismatch'; sniffed: string | null };

/**
 * Whether bytes sniffed as `sniffed` may be kept under `fileName`: an accepted kind the unit's
 * policy allows (`kinds`), named as what it is.
 */
export function judgeType(
  sniffed: { ext: string; mime: string } | undefined,
  fileName: string,
  kinds: readonly AttachmentKind[] = ATTACHMENT_KINDS,
): TypeVerdict {
  if (!sniffed) return { ok: false, reason: 'unknown', sniffed: null };
  const names = ACCEPTED[sniffed.ext];
  const kind = KIND_OF_SNIFFED[sniffed.ext];
  if (!names || !kind || !kinds.includes(kind)) return { ok: false, reason: 'notAllowed', sniffed: sniffed.ext };
  const ext = extname(fileName).slice(1).toLowerCase();
  if (!names.includes(ext)) return { ok: false, reason: 'mismatch', sniffed: sniffed.ext };
  return { ok: true, mediaType: sniffed.ext === 'cfb' ? CFB_MEDIA[ext]! : sniffed.mime };
}

/** A client's file name made safe to keep and to send back: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch !== '"' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  if (clean.length <= 200) return clean || 'file';
  const ext = extname(clean);
  return clean.slice(0, 200 - ext.length) + ext;
}
