import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The attachment files on disk: `<dir>/<tenant>/<id>`. Uploads arrive in `<dir>/.incoming` (same
 * file system, so keeping one is a rename) and leave it either kept or deleted.
 */
export class AttachmentFiles {
  constructor(readonly dir: string) {}

  get incoming(): string {
    return join(this.dir, '.incoming');
  }

  /** Moves an upload to its place; answers its key (relative to the directory). Tenant ids and row ids are path-safe by their schemas. */
  async keep(uploadPath: string, tenant: string, id: string): Promise<string> {
    await mkdir(join(this.dir, tenant), { recursive: true });
    const key = `${tenant}/${id}`;
    await rename(uploadPath, join(this.dir, key));
    return key;
  }

  async discard(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
  }

  /** The stored file's bytes, or undefined when the file is gone. */
  async open(key: string): Promise<{ stream: ReadStream; size: number } | undefined> {
    const path = join(this.dir, key);
    try {
      const { size } = await stat(path);
      return { stream: createReadStream(path), size };
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
