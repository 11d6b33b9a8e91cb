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

/**
 * Real time, shifted only by the server itself: a demo server generates its demo month on it (the
 * month's days pass in seconds, then it is set back to real time). Nobody can set it over the API.
 */
export class ShiftedClock implements Clock {
  readonly controlled: boolean = false;
  protected offsetMs = 0;

  now(): string {
    return new Date(Date.now() + this.offsetMs).toISOString();
  }

  set(iso: string): string {
    const at = DateTime.fromISO(iso, { setZone: true });
    if (!at.isValid) throw new RangeError(`"${iso}" is not an ISO 8601 date-time`);
    this.offsetMs = at.toMillis() - Date.now();
    return this.now();
  }
}

/** A clock an administrator can set or advance; between moves it runs on with real time. */
export class ControlledClock extends ShiftedClock {
  override readonly controlled = true;

  advance(iso: string): string {
    const d = Duration.fromISO(iso);
    if (!d.isValid || d.toMillis() < 0) throw new RangeError(`"${iso}" is not a positive ISO 8601 duration`);
    this.offsetMs += d.toMillis();
    return this.now();
  }
}
