import { createHash } from 'node:crypto';
import { select, type Queryable, type Tx } from '../platform/db/tx.js';

/** Definition versions an instance pinned when it started: `{ decisions: {key: definitionId}, forms: {...} }`. */
export interface Pinned {
  decisions: Record<string, string>;
  forms: Record<string, string>;
}

const INSERT_PIN_SET = 'insert into pin_sets (id, pinned) values (?, ?) on conflict (id) do nothing';
const CACHE_LIMIT = 10_000;

/**
 * The definition versions cases pinned at their start, stored once per distinct set (migration
 * 005). A set's key is a hash of its content, so writing it is idempotent and sets are
 * immutable: both directions are cached.
 */
export class PinSets {
  private readonly keyByJson = new Map<string, string>();
  private readonly byKey = new Map<string, Pinned>();
  /** Keys known to be in the database (read from it, or written by a transaction that committed). */
  private readonly stored = new Set<string>();

  /** Stores the set (if new) inside the command's transaction and returns the value for `instances.pinned`. */
  store(tx: Tx, pinned: Pinned): string {
    const json = canonicalJson(pinned);
    let key = this.keyByJson.get(json);
    if (!key) {
      key = createHash('sha256').update(json).digest('base64url').slice(0, 22);
      remember(this.keyByJson, json, key);
    }
    if (!this.stored.has(key)) {
      tx.write(INSERT_PIN_SET, [key, json]);
      const committed = key;
      tx.afterCommit(() => this.markStored(committed));
    }
    remember(this.byKey, key, pinned);
    return key;
  }

  private markStored(key: string): void {
    if (this.stored.size >= CACHE_LIMIT) this.stored.clear();
    this.stored.add(key);
  }

  /** The pinned versions from `instances.pinned`: a set's key, or (rows from before migration 005) the JSON itself. */
  async read(db: Queryable, stored: string): Promise<Pinned> {
    if (stored.startsWith('{')) return JSON.parse(stored) as Pinned;
    const known = this.byKey.get(stored);
    if (known) return known;
    const [row] = await select<{ pinned: string }>(db, 'select pinned from pin_sets where id = ?', [stored]);
    if (!row) throw new Error(`pin set ${stored} is missing`);
    const pinned = JSON.parse(row.pinned) as Pinned;
    remember(this.byKey, stored, pinned);
    this.markStored(stored);
    return pinned;
  }
}

function canonicalJson(pinned: Pinned): string {
  const sorted = (r: Record<string, string>) =>
    Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({ decisions: sorted(pinned.decisions), forms: sorted(pinned.forms) });
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value!);
  map.set(key, value);
}
