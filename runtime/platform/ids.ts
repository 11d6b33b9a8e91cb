import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/**
 * A new row id: 16 characters, 8 of them the time in milliseconds (base 32, so ids sort roughly by
 * creation and new rows land at the end of an index) and 8 random (40 bits). Short ids matter:
 * every task, job and history row of a case repeats its instance id in the row and its indexes.
 */
export function newId(): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 8; i++) {
    head = ALPHABET[time % 32]! + head;
    time = Math.floor(time / 32);
  }
  let random = randomBytes(5).readUIntBE(0, 5);
  let tail = '';
  for (let i = 0; i < 8; i++) {
    tail = ALPHABET[random % 32]! + tail;
    random = Math.floor(random / 32);
  }
  return head + tail;
}

/** Rows created from an instance's local ids (tasks, jobs, timers, subscriptions, incidents). */
export const childId = (instanceId: string, localId: number): string => `${instanceId}-${localId}`;

export function parseChildId(id: string): { instanceId: string; localId: number } | undefined {
  const m = /^(.+)-(\d+)$/.exec(id);
  return m ? { instanceId: m[1]!, localId: Number(m[2]) } : undefined;
}

/** A case's tracking number: `SQ` + the Shanghai date + 8 random characters — printed on the receipt, read out on the phone. */
export function trackingNumber(now: string): string {
  const day = new Date(Date.parse(now) + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const random = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  return `SQ${day}-${random}`;
}
