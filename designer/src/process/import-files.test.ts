import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, ImportRefused, readImport, unpackZip } from './import-files.js';

const BPMN = '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions id="D">示例</bpmn:definitions>';
const DMN = '<definitions id="decide" />';
const FORM = JSON.stringify({ id: 'review', components: [] });

const file = (name: string, bytes: Uint8Array | string) =>
  new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name);

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ImportRefused);
    return { key: (err as ImportRefused).key, params: (err as ImportRefused).params };
  }
  throw new Error('not refused');
};

const asyncRefusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => {
      throw new Error('not refused');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportRefused);
  return { key: (err as ImportRefused).key, params: (err as ImportRefused).params };
};

describe('a ZIP of a diagram with its decision tables and forms', () => {
  it('unpacks the files by their names, folders dropped, macOS and hidden entries skipped', () => {
    const zip = zipSync({
      'project/': {},
      'project/order.bpmn': strToU8(BPMN),
      'project/rules/decide.dmn': strToU8(DMN),
      'project/review.form': strToU8(FORM),
      '__MACOSX/project/._order.bpmn': strToU8('junk'),
      'project/.DS_Store': strToU8('junk'),
    });
    expect(unpackZip('p.zip', zip)).toEqual([
      { name: 'order.bpmn', content: BPMN },
      { name: 'decide.dmn', content: DMN },
      { name: 'review.form', content: FORM },
    ]);
  });

  it('opens one diagram with its companions from a ZIP and loose files picked together', async () => {
    const zip = zipSync({ 'order.bpmn': strToU8(BPMN), 'decide.dmn': strToU8(DMN) });
    const opened = await readImport([file('p.zip', zip), file('review.form', FORM)]);
    expect(opened.diagram).toEqual({ name: 'order.bpmn', content: BPMN });
    expect(opened.companions.map((f) => f.name)).toEqual(['decide.dmn', 'review.form']);
  });

  it('refuses a file it cannot import, inside the ZIP or beside it, naming it', async () => {
    const zip = zipSync({ 'order.bpmn': strToU8(BPMN), 'notes.txt': strToU8('x') });
    await expect(asyncRefusal(readImport([file('p.zip', zip)]))).resolves.toEqual({
      key: 'importUnknownFile',
      params: { name: 'notes.txt' },
    });
    await expect(asyncRefusal(readImport([file('order.bpmn', BPMN), file('a.png', 'x')]))).resolves.toEqual({
      key: 'importUnknownFile',
      params: { name: 'a.png' },
    });
  });

  it('refuses two diagrams, or none', async () => {
    const two = zipSync({ 'a.bpmn': strToU8(BPMN), 'b.bpmn': strToU8(BPMN) });
    await expect(asyncRefusal(readImport([file('p.zip', two)]))).resolves.toMatchObject({ key: 'importOneDiagram' });
    const none = zipSync({ 'decide.dmn': strToU8(DMN) });
    await expect(asyncRefusal(readImport([file('p.zip', none)]))).resolves.toMatchObject({ key: 'importOneDiagram' });
  });

  it('refuses the same name twice (in two folders, or in the ZIP and beside it)', async () => {
    const zip = zipSync({ 'a/review.form': strToU8(FORM), 'b/review.form': strToU8(FORM) });
    expect(refusal(() => unpackZip('p.zip', zip))).toEqual({
      key: 'importZipDuplicate',
      params: { name: 'p.zip', file: 'review.form' },
    });
    const one = zipSync({ 'order.bpmn': strToU8(BPMN) });
    await expect(asyncRefusal(readImport([file('p.zip', one), file('order.bpmn', BPMN)]))).resolves.toMatchObject({
      key: 'importZipDuplicate',
    });
  });

  it('refuses what is not a ZIP, and a file that is not UTF-8 text', () => {
    expect(refusal(() => unpackZip('p.zip', strToU8('not a zip at all')))).toMatchObject({
      key: 'importZipInvalid',
      params: { name: 'p.zip' },
    });
    const latin1 = zipSync({ 'order.bpmn': new Uint8Array([0x3c, 0xe9, 0xff, 0x3e]) });
    expect(refusal(() => unpackZip('p.zip', latin1))).toEqual({
      key: 'importNotText',
      params: { name: 'p.zip/order.bpmn' },
    });
  });
});

describe('the bounds of a ZIP (zip bombs)', () => {
  const limits = { ...IMPORT_LIMITS, maxEntries: 5, maxFileBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 };

  it('refuses an entry that unpacks past the per-file bound before inflating it', () => {
    // 16 MiB of zeros packs into a few KiB.
    const bomb = zipSync({ 'order.bpmn': new Uint8Array(16 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(refusal(() => unpackZip('bomb.zip', bomb, limits))).toEqual({
      key: 'importZipEntryTooLarge',
      params: { name: 'bomb.zip/order.bpmn', max: 1 },
    });
  });

  it('refuses entries that together unpack past the total bound', () => {
    const part = new Uint8Array(900 * 1024);
    const zip = zipSync({ 'a.form': part, 'b.form': part, 'c.form': part }, { level: 9 });
    expect(refusal(() => unpackZip('big.zip', zip, limits))).toEqual({
      key: 'importZipTooLarge',
      params: { name: 'big.zip', max: 2 },
    });
  });

  it('refuses more entries than allowed, and an archive larger than allowed before reading it', async () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.form`, strToU8(FORM)])));
    expect(refusal(() => unpackZip('many.zip', many, limits))).toEqual({
      key: 'importZipTooManyEntries',
      params: { name: 'many.zip', max: 5 },
    });
    const small = { ...limits, maxZipBytes: 100 };
    await expect(asyncRefusal(readImport([file('many.zip', many)], small))).resolves.toMatchObject({
      key: 'importZipTooLarge',
      params: { name: 'many.zip' },
    });
  });
});
