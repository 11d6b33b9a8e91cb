import { DateTime, Duration } from 'luxon';

/** Where the runtime reads the time. The controlled clock lets demos and tests move through days. */
export interface Clock {
  now(): string;
  readonly controlled: boolean;
}

export const systemClock: Clock = {
  now: () => new Date().toISOString(),
  controlled: false,
};

/** A clock an administrator can set or advance; between moves it runs on with real time. */
export class ControlledClock implements Clock {
  readonly controlled = true;
  private offsetMs = 0;

  now(): string {
    return new Date(Date.now() + this.offsetMs).toISOString();
  }

  set(iso: string): string {
    const at = DateTime.fromISO(iso, { setZone: true });
    if (!at.isValid) throw new RangeError(`"${iso}" is not an ISO 8601 date-time`);
    this.offsetMs = at.toMillis() - Date.now();
    return this.now();
  }

  advance(iso: string): string {
    const d = Duration.fromISO(iso);
    if (!d.isValid || d.toMillis() < 0) throw new RangeError(`"${iso}" is not a positive ISO 8601 duration`);
    this.offsetMs += d.toMillis();
    return this.now();
  }
}
