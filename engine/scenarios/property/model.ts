import type { Branch, Numbered } from './blocks.js';

/** What the structure says must be going on, given `n` and the user tasks completed so far. */
export interface Expected {
  done: boolean;
  /** User tasks that must be open (each exactly once). */
  open: string[];
  /** Tokens the engine must hold for this block (owners of subprocesses and join arrivals included). */
  tokens: number;
}

const DONE: Expected = { done: true, open: [], tokens: 0 };

/** The branches an exclusive (first true) or inclusive (all true) split takes, default when none. */
function chosen(b: { t: 'xor' | 'or'; branches: Array<Branch<Numbered>>; otherwise: Numbered }, n: number): Numbered[] {
  const taken = b.branches.filter((br) => br.cond.holds(n)).map((br) => br.body);
  if (taken.length === 0) return [b.otherwise];
  return b.t === 'xor' ? [taken[0]!] : taken;
}

/** A fork/join over `branches`: a finished branch leaves one token waiting at the join. */
function joined(branches: Numbered[], n: number, completed: ReadonlySet<string>): Expected {
  const rs = branches.map((br) => expected(br, n, completed));
  if (rs.every((r) => r.done)) return DONE;
  return {
    done: false,
    open: rs.flatMap((r) => r.open),
    tokens: rs.reduce((sum, r) => sum + (r.done ? 1 : r.tokens), 0),
  };
}

export function expected(b: Numbered, n: number, completed: ReadonlySet<string>): Expected {
  switch (b.t) {
    case 'empty':
    case 'script':
      return DONE;
    case 'user':
      return completed.has(b.id) ? DONE : { done: false, open: [b.id], tokens: 1 };
    case 'seq': {
      for (const item of b.items) {
        const r = expected(item, n, completed);
        if (!r.done) return r;
      }
      return DONE;
    }
    case 'par':
      return joined(b.branches, n, completed);
    case 'or':
      return joined(chosen(b, n), n, completed);
    case 'xor':
      return expected(chosen(b, n)[0]!, n, completed);
    case 'sub': {
      const r = expected(b.body, n + (b.shift ?? 0), completed);
      return r.done ? DONE : { ...r, tokens: r.tokens + 1 };
    }
    case 'adhoc': {
      // Every branch runs in an activation of its own; a finished one leaves nothing behind.
      const rs = b.branches.map((br) => expected(br, n, completed));
      if (rs.every((r) => r.done)) return DONE;
      return {
        done: false,
        open: rs.flatMap((r) => r.open),
        tokens: 1 + rs.reduce((sum, r) => sum + (r.done ? 0 : r.tokens), 0),
      };
    }
  }
}

/** Everything that runs on the taken paths: user tasks, and each script's result (`v_<id>`). */
export function taken(b: Numbered, n: number): { users: string[]; scripts: Record<string, number> } {
  const users: string[] = [];
  const scripts: Record<string, number> = {};
  const walk = (x: Numbered, n: number): void => {
    switch (x.t) {
      case 'empty':
        return;
      case 'user':
        users.push(x.id);
        return;
      case 'script':
        scripts[`v_${x.id}`] = n + x.k;
        return;
      case 'seq':
        for (const i of x.items) walk(i, n);
        return;
      case 'par':
        for (const i of x.branches) walk(i, n);
        return;
      case 'xor':
      case 'or':
        for (const i of chosen(x, n)) walk(i, n);
        return;
      case 'sub':
        walk(x.body, n + (x.shift ?? 0));
        return;
      case 'adhoc':
        for (const i of x.branches) walk(i, n);
        return;
    }
  };
  walk(b, n);
  return { users, scripts };
}

/** Every user task in the tree, taken or not. */
export function allUserTasks(b: Numbered): string[] {
  switch (b.t) {
    case 'user':
      return [b.id];
    case 'seq':
      return b.items.flatMap(allUserTasks);
    case 'par':
    case 'adhoc':
      return b.branches.flatMap(allUserTasks);
    case 'xor':
    case 'or':
      return [...b.branches.flatMap((br) => allUserTasks(br.body)), ...allUserTasks(b.otherwise)];
    case 'sub':
      return allUserTasks(b.body);
    default:
      return [];
  }
}
