import type { Knex } from 'knex';
import type { Tx } from './tx.js';

/** Messages of write batches one database has on the wire at once (its other commits queue meanwhile). */
const IN_FLIGHT = 2;

/**
 * Group commit for PostgreSQL: the command path's write-only transactions (one message each,
 * see `Tx`) that become ready while earlier ones are on the wire are sent together, as one
 * message and so one transaction, when a message slot frees. A command's writes are guarded
 * (instance versions, `Tx.check`), so committing several commands together is the same as
 * committing them one after another; only a failure would couple them, so a group that fails is
 * sent again one transaction per command, concurrently, each answering for itself.
 *
 * Nothing waits on a timer: under light load every commit goes alone at once; under load each
 * message carries what queued during the previous one, so the database pays the per-transaction
 * cost (commit record, WAL flush, wake-up of a backend) once per group.
 */
export class GroupCommit {
  private queue: Array<{ tx: Tx; done(err?: unknown): void }> = [];
  private inFlight = 0;

  submit(tx: Tx): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ tx, done: (err) => (err === undefined ? resolve() : reject(err)) });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < IN_FLIGHT && this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      this.inFlight++;
      void this.send(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async send(group: Array<{ tx: Tx; done(err?: unknown): void }>): Promise<void> {
    if (group.length > 1) {
      group.sort((a, b) => (a.tx.lockOrder < b.tx.lockOrder ? -1 : a.tx.lockOrder > b.tx.lockOrder ? 1 : 0));
      try {
        await group[0]!.tx.sendGroup(group.map((g) => g.tx));
        for (const g of group) g.done();
        return;
      } catch {
        // PostgreSQL rolled the whole message back: each command finds out for itself below.
      }
    }
    await Promise.all(
      group.map((g) =>
        g.tx.sendAlone().then(
          () => g.done(),
          (err: unknown) => g.done(err ?? new Error('commit failed')),
        ),
      ),
    );
  }
}

const committers = new WeakMap<Knex, GroupCommit>();

/** The group committer of one database (one per connection pool). */
export function groupCommitFor(knex: Knex): GroupCommit {
  let committer = committers.get(knex);
  if (!committer) committers.set(knex, (committer = new GroupCommit()));
  return committer;
}
