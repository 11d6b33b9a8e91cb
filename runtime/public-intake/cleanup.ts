import type { Logger } from 'pino';
import { AttachmentFiles, pruneIntakeUploads } from '../attachments/index.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/connection.js';
import { Poller } from '../platform/poller.js';

export interface IntakeUploadSweeperOptions {
  /** Wait between passes that found nothing to remove (default: ten minutes). */
  pollMs?: number;
  /** Uploads removed in one pass (default 100); a pass that removed some is followed at once by the next. */
  batch?: number;
  log?: Logger;
}

/**
 * Removes the photos citizens uploaded on the public page but never submitted (older than a day,
 * never claimed by an appeal): their rows and their files, in the background, started and stopped
 * with the runtime like the deadline ladder — not only when the same unit's next upload comes.
 */
export class IntakeUploadSweeper {
  private readonly poller: Poller;
  private readonly files: AttachmentFiles;

  constructor(
    private readonly db: Database,
    attachmentsDir: string,
    private readonly clock: Clock,
    private readonly options: IntakeUploadSweeperOptions = {},
  ) {
    this.files = new AttachmentFiles(attachmentsDir);
    this.poller = new Poller(() => this.runOnce(), {
      name: 'public intake upload cleanup',
      idleMs: options.pollMs ?? 10 * 60_000,
      ...(options.log ? { log: options.log } : {}),
    });
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** One pass: answers how many unsubmitted uploads it removed. */
  async runOnce(): Promise<number> {
    const removed = await pruneIntakeUploads(this.db.knex, this.files, this.clock.now(), {
      limit: this.options.batch ?? 100,
    });
    if (removed > 0) this.options.log?.info({ removed }, 'unsubmitted public intake uploads removed');
    return removed;
  }
}
