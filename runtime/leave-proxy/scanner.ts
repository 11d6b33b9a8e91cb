import type { Logger } from 'pino';
import type { Deps } from '../platform/http/deps.js';
import { Poller } from '../platform/poller.js';
import { handOverDue } from './service.js';

/**
 * Hands over the open tasks of people whose 离岗代理 began on a later day than it was set (a
 * period starting today is handed over when it is set), started and stopped with the runtime.
 */
export class LeaveHandoverScanner {
  private readonly poller: Poller;

  constructor(
    private readonly deps: Deps,
    options: { pollMs?: number; log?: Logger } = {},
  ) {
    this.poller = new Poller(() => this.runOnce(), {
      name: 'leave proxy hand-over',
      idleMs: options.pollMs ?? 60_000,
      ...(options.log ? { log: options.log } : {}),
    });
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** One pass: the tasks it handed over (0 keeps the poller idle). */
  async runOnce(): Promise<number> {
    return handOverDue(this.deps);
  }
}
