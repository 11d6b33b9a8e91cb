import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** Rows created from an instance's local ids (tasks, jobs, timers, subscriptions, incidents). */
export const childId = (instanceId: string, localId: number): string => `${instanceId}-${localId}`;

export function parseChildId(id: string): { instanceId: string; localId: number } | undefined {
  const m = /^(.+)-(\d+)$/.exec(id);
  return m ? { instanceId: m[1]!, localId: Number(m[2]) } : undefined;
}
