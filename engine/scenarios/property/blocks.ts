import fc from 'fast-check';

/** A condition over the integer variable `n`, as FEEL text and as its meaning. */
export interface Cond {
  feel: string;
  holds: (n: number) => boolean;
}

export interface Branch<B> {
  cond: Cond;
  body: B;
}

/**
 * A well-formed (block-structured) process body. Every block is entered by one token and
 * left by one, so the reference model in `model.ts` can say exactly what must be running.
 */
export type Block =
  | { t: 'empty' }
  /** `signal`: the wait is a signal catch event (its name is its id) instead of a user task. */
  | { t: 'user'; signal?: boolean }
  | { t: 'script'; k: number }
  /** `linked`: consecutive items are joined by a link throw and catch event pair instead of a sequence flow. */
  | { t: 'seq'; items: Block[]; linked: boolean }
  | { t: 'par'; branches: Block[] }
  | { t: 'xor'; branches: Array<Branch<Block>>; otherwise: Block }
  | { t: 'or'; branches: Array<Branch<Block>>; otherwise: Block }
  /** `shift` set: an input mapping `n = n + shift` makes a local `n` inside the subprocess. */
  | { t: 'sub'; body: Block; shift: number | null }
  /** An ad-hoc subprocess activating every branch on entry (the first is a user task: it needs an activity). */
  | { t: 'adhoc'; branches: Block[] };

/** The same tree with element ids assigned (see `numbered`). */
export type Numbered =
  | { t: 'empty' }
  | { t: 'user'; id: string; signal: boolean }
  | { t: 'script'; id: string; k: number }
  | { t: 'seq'; items: Numbered[]; linked: boolean }
  | { t: 'par'; id: string; branches: Numbered[] }
  | { t: 'xor'; id: string; branches: Array<Branch<Numbered>>; otherwise: Numbered }
  | { t: 'or'; id: string; branches: Array<Branch<Numbered>>; otherwise: Numbered }
  | { t: 'sub'; id: string; body: Numbered; shift: number | null }
  | { t: 'adhoc'; id: string; branches: Numbered[] };

const k = fc.integer({ min: 0, max: 9 });
export const cond: fc.Arbitrary<Cond> = fc.oneof(
  k.map((v) => ({ feel: `n &lt; ${v}`, holds: (n: number) => n < v })),
  k.map((v) => ({ feel: `n &gt;= ${v}`, holds: (n: number) => n >= v })),
  k.map((v) => ({ feel: `n = ${v}`, holds: (n: number) => n === v })),
  k.map((v) => ({ feel: `n != ${v}`, holds: (n: number) => n !== v })),
  fc.integer({ min: 2, max: 3 }).map((m) => ({ feel: `modulo(n, ${m}) = 0`, holds: (n: number) => n % m === 0 })),
);

/** Random block trees, at most about three levels of nesting deep. */
export const block: fc.Arbitrary<Block> = fc.letrec<{ block: Block; branch: Branch<Block> }>((tie) => ({
  block: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'block', withCrossShrink: true },
    { weight: 4, arbitrary: fc.boolean().map((signal) => ({ t: 'user' as const, signal })) },
    { weight: 1, arbitrary: k.map((v) => ({ t: 'script' as const, k: v })) },
    { weight: 1, arbitrary: fc.constant({ t: 'empty' as const }) },
    {
      weight: 3,
      arbitrary: fc
        .record({ items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }), linked: fc.boolean() })
        .map((r) => ({ t: 'seq' as const, ...r })),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(tie('block'), { minLength: 2, maxLength: 3 })
        .map((branches) => ({ t: 'par' as const, branches })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ branches: fc.array(tie('branch'), { minLength: 1, maxLength: 3 }), otherwise: tie('block') })
        .map((r) => ({ t: 'xor' as const, ...r })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ branches: fc.array(tie('branch'), { minLength: 1, maxLength: 3 }), otherwise: tie('block') })
        .map((r) => ({ t: 'or' as const, ...r })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ body: tie('block'), shift: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }) })
        .map((r) => ({ t: 'sub' as const, ...r })),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(tie('block'), { minLength: 0, maxLength: 2 })
        .map((rest) => ({ t: 'adhoc' as const, branches: [{ t: 'user' as const }, ...rest] })),
    },
  ),
  branch: fc.record({ cond, body: tie('block') }),
})).block;

/** Assigns stable element ids in document order. */
export function numbered(root: Block): Numbered {
  let next = 1;
  const id = (prefix: string) => `${prefix}_${next++}`;
  const walk = (b: Block): Numbered => {
    switch (b.t) {
      case 'empty':
        return b;
      case 'user':
        return { t: 'user', id: id(b.signal ? 'Signal' : 'Task'), signal: b.signal === true };
      case 'script':
        return { t: 'script', id: id('Script'), k: b.k };
      case 'seq':
        return { t: 'seq', items: b.items.map(walk), linked: b.linked };
      case 'par':
        return { t: 'par', id: id('Par'), branches: b.branches.map(walk) };
      case 'xor':
      case 'or': {
        const own = id(b.t === 'xor' ? 'Xor' : 'Or');
        return {
          t: b.t,
          id: own,
          branches: b.branches.map((br) => ({ cond: br.cond, body: walk(br.body) })),
          otherwise: walk(b.otherwise),
        };
      }
      case 'sub':
        return { t: 'sub', id: id('Sub'), body: walk(b.body), shift: b.shift };
      case 'adhoc':
        return { t: 'adhoc', id: id('AdHoc'), branches: b.branches.map(walk) };
    }
  };
  return walk(root);
}
