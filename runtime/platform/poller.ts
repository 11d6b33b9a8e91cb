import type { Logger } from 'pino';

export interface PollerOptions {
  /** Named in the log when a cycle fails. */
  name: string;
  /** Wait between cycles that found nothing to do. */
  idleMs: number;
  log?: Logger;
}

/**
 * Runs `cycle` again and again: at once while it reports work done (a backlog drains without
 * waiting), after `idleMs` when it did nothing or failed. One cycle at a time; `stop` waits for
 * the one in flight.
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<unknown> | undefined;
  private active = false;

  constructor(
    private readonly cycle: () => Promise<number>,
    private readonly options: PollerOptions,
  ) {}

  get running(): boolean {
    return this.active;
  }

  /** Starts polling after `first` (work that must precede the first cycle) has settled. */
  start(first: Promise<unknown> = Promise.resolve()): void {
    if (this.active) return;
    this.active = true;
    this.inFlight = first.finally(() => this.schedule(0));
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(ms: number): void {
    if (!this.active) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.cycle()
        .then((done) => this.schedule(done > 0 ? 0 : this.options.idleMs))
        .catch((err) => {
          this.options.log?.error({ err }, `${this.options.name} cycle failed`);
          this.schedule(this.options.idleMs);
        });
    }, ms);
  }
}
