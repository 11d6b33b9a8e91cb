import { unzipSync } from 'fflate';

/**
 * The files of one import as the designer opens them: loose `.bpmn` / `.dmn` / `.form` files, and
 * ZIP archives of them (as Camunda Modeler users pass a project around) unpacked in the browser.
 * A ZIP is read within bounds, so a crafted archive (a "zip bomb") cannot exhaust the tab: at most
 * `maxEntries` files, each at most `maxFileBytes` and together at most `maxTotalBytes` once
 * unpacked, as its directory declares them (fflate never writes past a declared size).
 */
export interface ImportLimits {
  /** The archive itself, before anything is unpacked. */
  maxZipBytes: number;
  maxEntries: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const IMPORT_LIMITS: ImportLimits = {
  maxZipBytes: 20 * 1024 * 1024,
  maxEntries: 200,
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
};

export interface ImportedFile {
  name: string;
  content: string;
}

/** An import refused; `key` is the designer's message (i18n), `params` fill it. */
export class ImportRefused extends Error {
  constructor(
    readonly key:
      | 'importZipInvalid'
      | 'importZipTooLarge'
      | 'importZipTooManyEntries'
      | 'importZipEntryTooLarge'
      | 'importZipDuplicate'
      | 'importNotText'
      | 'importUnknownFile'
      | 'importOneDiagram',
    readonly params: Record<string, string | number>,
  ) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'ImportRefused';
  }
}

const ZIP_FILE = /\.zip$/i;
const DIAGRAM_FILE = /\.(bpmn|xml)$/i;
const COMPANION_FILE = /\.(dmn|form|form\.json)$/i;

const MIB = 1024 * 1024;
const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

/** Folders, macOS resource forks and hidden files carry nothing to import. */
function ignoredEntry(path: string): boolean {
  if (path.endsWith('/')) return true;
  const parts = path.split('/');
  return parts.some((p) => p === '__MACOSX') || parts[parts.length - 1]!.startsWith('.');
}

function decode(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ImportRefused('importNotText', { name });
  }
}

/** One archive's files, by their names without folders (a name twice is refused: which one would be meant?). */
export function unpackZip(zipName: string, bytes: Uint8Array, limits: ImportLimits = IMPORT_LIMITS): ImportedFile[] {
  if (bytes.length > limits.maxZipBytes)
    throw new ImportRefused('importZipTooLarge', { name: zipName, max: mib(limits.maxZipBytes) });
  let entries = 0;
  let total = 0;
  let unpacked: Record<string, Uint8Array>;
  try {
    unpacked = unzipSync(bytes, {
      filter: (file) => {
        if (ignoredEntry(file.name)) return false;
        entries += 1;
        if (entries > limits.maxEntries)
          throw new ImportRefused('importZipTooManyEntries', { name: zipName, max: limits.maxEntries });
        if (file.originalSize > limits.maxFileBytes)
          throw new ImportRefused('importZipEntryTooLarge', {
            name: `${zipName}/${file.name}`,
            max: mib(limits.maxFileBytes),
          });
        total += file.originalSize;
        if (total > limits.maxTotalBytes)
          throw new ImportRefused('importZipTooLarge', { name: zipName, max: mib(limits.maxTotalBytes) });
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ImportRefused) throw err;
    throw new ImportRefused('importZipInvalid', { name: zipName, message: (err as Error).message });
  }
  const out: ImportedFile[] = [];
  for (const [path, content] of Object.entries(unpacked)) {
    const name = path.split('/').pop()!;
    if (out.some((f) => f.name === name)) throw new ImportRefused('importZipDuplicate', { name: zipName, file: name });
    out.push({ name, content: decode(content, `${zipName}/${path}`) });
  }
  return out;
}

/** The picked files, each ZIP replaced by the files it holds; a name twice is refused. */
export async function readImportFiles(files: File[], limits: ImportLimits = IMPORT_LIMITS): Promise<ImportedFile[]> {
  const out: ImportedFile[] = [];
  for (const file of files) {
    if (ZIP_FILE.test(file.name) && file.size > limits.maxZipBytes)
      throw new ImportRefused('importZipTooLarge', { name: file.name, max: mib(limits.maxZipBytes) });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const read = ZIP_FILE.test(file.name)
      ? unpackZip(file.name, bytes, limits)
      : [{ name: file.name, content: decode(bytes, file.name) }];
    for (const f of read) {
      if (out.some((o) => o.name === f.name))
        throw new ImportRefused('importZipDuplicate', { name: file.name, file: f.name });
      out.push(f);
    }
  }
  return out;
}

/** One diagram and the decision tables and forms deployed with it, from loose files and ZIPs picked together. */
export async function readImport(
  picked: File[],
  limits: ImportLimits = IMPORT_LIMITS,
): Promise<{ diagram: ImportedFile; companions: ImportedFile[] }> {
  const known = (name: string) => DIAGRAM_FILE.test(name) || COMPANION_FILE.test(name);
  const unknown = picked.find((f) => !known(f.name) && !ZIP_FILE.test(f.name));
  if (unknown) throw new ImportRefused('importUnknownFile', { name: unknown.name });
  const files = await readImportFiles(picked, limits);
  const other = files.find((f) => !known(f.name));
  if (other) throw new ImportRefused('importUnknownFile', { name: other.name });
  const diagrams = files.filter((f) => DIAGRAM_FILE.test(f.name));
  if (diagrams.length !== 1) throw new ImportRefused('importOneDiagram', {});
  return { diagram: diagrams[0]!, companions: files.filter((f) => f !== diagrams[0]) };
}
