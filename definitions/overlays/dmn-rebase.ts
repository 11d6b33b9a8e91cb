// Three-way rebase of a township's copy of a decision table onto the city's newer version, rule by rule
// and column by column. Rules and columns are matched by id; a rule's cells by the column they sit in
// (not their position), so a column the city added or removed moves every rule's cells with it. A cell
// only the city changed is taken; one both changed differently is a conflict of that rule. Rules the city
// added come in after the rule they follow in the city's table; the township's order stays otherwise.
// Tables of decisions present on all three sides are merged; anything else stays as the township has it.
import { DmnModdle, type DmnElement } from 'dmn-moddle';
import type { MergeChange, MergeConflict, Side } from './bpmn-rebase.js';

export interface DmnRebaseInput {
  base: string;
  ours: string;
  theirs: string;
  /** Per conflicting rule, column or decision id, which side wins (the township's when absent). */
  resolutions?: Record<string, Side>;
}

export interface DmnRebaseResult {
  xml: string;
  /** `type` is `rule`, `input`, `output` or `decision`; properties name columns by label, or the setting changed. */
  applied: MergeChange[];
  conflicts: MergeConflict[];
}

type El = DmnElement;
type Props = Map<string, string>;

const text = (el: El | undefined): string => (el?.text as string | undefined) ?? '';
const sameProps = (a: Props, b: Props) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
const keysOf = (...maps: Props[]) => [...new Set(maps.flatMap((m) => [...m.keys()]))];

function tableOf(root: El): Map<string, { decision: El; table: El }> {
  const out = new Map<string, { decision: El; table: El }>();
  for (const d of (root.drgElement ?? []) as El[])
    if (d.$type === 'dmn:Decision' && d.decisionLogic?.$type === 'dmn:DecisionTable' && d.id)
      out.set(d.id, { decision: d, table: d.decisionLogic });
  return out;
}

function columnProps(col: El): Props {
  const p: Props = new Map([['label', String(col.label ?? '')]]);
  if (col.$type === 'dmn:InputClause') {
    p.set('expression', text(col.inputExpression));
    p.set('typeRef', String(col.inputExpression?.typeRef ?? ''));
    p.set('values', text(col.inputValues));
  } else {
    p.set('name', String(col.name ?? ''));
    p.set('typeRef', String(col.typeRef ?? ''));
    p.set('values', text(col.outputValues));
  }
  return p;
}

/** A rule's settings and cells by the column they sit in (`in:<column id>`, `out:<column id>`). */
function ruleProps(rule: El, table: El): Props {
  const p: Props = new Map([['description', String(rule.description ?? '')]]);
  for (const [i, c] of ((table.input ?? []) as El[]).entries()) p.set(`in:${c.id}`, text(rule.inputEntry?.[i]));
  for (const [i, c] of ((table.output ?? []) as El[]).entries()) p.set(`out:${c.id}`, text(rule.outputEntry?.[i]));
  return p;
}

const tableProps = (decision: El, table: El): Props =>
  new Map([
    ['name', String(decision.name ?? '')],
    ['hitPolicy', String(table.hitPolicy ?? 'UNIQUE')],
    ['aggregation', String(table.aggregation ?? '')],
  ]);

/** Applies the city's changes (base → theirs) to the township's copy of a DMN document where they do not conflict. */
export async function rebaseDmn(input: DmnRebaseInput): Promise<DmnRebaseResult> {
  const moddle = DmnModdle();
  const read = async (xml: string, which: string) => {
    if (/<!DOCTYPE/i.test(xml)) throw new Error(`${which}: DOCTYPE declarations are not allowed in DMN`);
    return (await moddle.fromXML(xml, 'dmn:Definitions')).rootElement;
  };
  const [base, ours, theirs] = await Promise.all([
    read(input.base, 'base'),
    read(input.ours, 'ours'),
    read(input.theirs, 'theirs'),
  ]);
  const resolutions = input.resolutions ?? {};
  const applied: MergeChange[] = [];
  const conflicts: MergeConflict[] = [];
  const newId = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 9)}`;

  const [bTables, oTables, tTables] = [tableOf(base), tableOf(ours), tableOf(theirs)];
  for (const [decisionId, t] of tTables) {
    const b = bTables.get(decisionId);
    const o = oTables.get(decisionId);
    if (!b || !o) continue;
    const columns = new Map<string, El>();
    for (const c of [...(b.table.input ?? []), ...(b.table.output ?? [])] as El[]) if (c.id) columns.set(c.id, c);
    for (const c of [...(t.table.input ?? []), ...(t.table.output ?? [])] as El[]) if (c.id) columns.set(c.id, c);
    for (const c of [...(o.table.input ?? []), ...(o.table.output ?? [])] as El[]) if (c.id) columns.set(c.id, c);
    const columnLabel = (key: string) => {
      const c = columns.get(key.replace(/^(in|out):/, ''));
      return c ? String(c.label || c.name || c.id) : key;
    };

    /** Three-way over property maps: the keys to take from the city, and those both changed differently. */
    const threeWay = (bp: Props, op: Props, tp: Props) => {
      const take: string[] = [];
      const clash: string[] = [];
      for (const k of keysOf(bp, op, tp)) {
        const [bv, ov, tv] = [bp.get(k), op.get(k), tp.get(k)];
        if (tv === bv || tv === ov) continue;
        if (ov === bv) take.push(k);
        else clash.push(k);
      }
      return { take, clash };
    };
    const decide = (
      id: string,
      kind: MergeConflict['kind'],
      name: string,
      type: string,
      properties: string[],
    ): Side => {
      const resolution: Side = resolutions[id] === 'theirs' ? 'theirs' : 'ours';
      conflicts.push({ id, kind, name, type, properties, resolution });
      return resolution;
    };

    // The table's own settings.
    {
      const { take, clash } = threeWay(
        tableProps(b.decision, b.table),
        tableProps(o.decision, o.table),
        tableProps(t.decision, t.table),
      );
      const all =
        clash.length > 0 && decide(decisionId, 'changed', String(o.decision.name ?? ''), 'decision', clash) === 'theirs'
          ? [...take, ...clash]
          : take;
      for (const k of all) {
        if (k === 'name') o.decision.name = t.decision.name;
        else if (t.table[k] === undefined) delete o.table[k];
        else o.table[k] = t.table[k];
      }
      if (take.length > 0)
        applied.push({
          id: decisionId,
          kind: 'changed',
          name: String(o.decision.name ?? ''),
          type: 'decision',
          properties: take,
        });
    }

    // Each rule of the copy by the column its cells sit in, read before the columns move.
    const oRules = new Map<string, Props>(((o.table.rule ?? []) as El[]).map((r) => [r.id!, ruleProps(r, o.table)]));
    const bRules = new Map<string, Props>(((b.table.rule ?? []) as El[]).map((r) => [r.id!, ruleProps(r, b.table)]));
    const tRules = new Map<string, Props>(((t.table.rule ?? []) as El[]).map((r) => [r.id!, ruleProps(r, t.table)]));

    // Columns: inputs, then outputs.
    for (const prop of ['input', 'output'] as const) {
      const bCols = (b.table[prop] ?? []) as El[];
      const tCols = (t.table[prop] ?? []) as El[];
      const oCols = (o.table[prop] ??= []) as El[];
      const type = prop;
      tCols.forEach((tc, i) => {
        const bc = bCols.find((c) => c.id === tc.id);
        const oc = oCols.find((c) => c.id === tc.id);
        if (bc && oc) {
          const { take, clash } = threeWay(columnProps(bc), columnProps(oc), columnProps(tc));
          const all =
            clash.length > 0 && decide(tc.id!, 'changed', columnLabel(tc.id!), type, clash) === 'theirs'
              ? [...take, ...clash]
              : take;
          if (all.length > 0) {
            const at = oCols.indexOf(oc);
            tc.$parent = o.table;
            oCols.splice(at, 1, tc);
          }
          if (take.length > 0)
            applied.push({ id: tc.id!, kind: 'changed', name: columnLabel(tc.id!), type, properties: take });
        } else if (!bc && !oc) {
          const after = tCols
            .slice(0, i)
            .reverse()
            .find((p) => oCols.some((c) => c.id === p.id));
          tc.$parent = o.table;
          oCols.splice(after ? oCols.findIndex((c) => c.id === after.id) + 1 : 0, 0, tc);
          applied.push({ id: tc.id!, kind: 'added', name: columnLabel(tc.id!), type, properties: [] });
        }
      });
      for (const bc of bCols) {
        if (tCols.some((c) => c.id === bc.id)) continue;
        const oc = oCols.find((c) => c.id === bc.id);
        if (!oc) continue;
        if (
          !sameProps(columnProps(bc), columnProps(oc)) &&
          decide(bc.id!, 'removed-upstream', columnLabel(bc.id!), type, []) === 'ours'
        )
          continue;
        oCols.splice(oCols.indexOf(oc), 1);
        applied.push({ id: bc.id!, kind: 'removed', name: columnLabel(bc.id!), type, properties: [] });
      }
    }

    // Rules.
    const rules = (o.table.rule ??= []) as El[];
    const merged = new Map(oRules);
    const ruleName = (id: string) => {
      const at = rules.findIndex((r) => r.id === id);
      const props = merged.get(id) ?? tRules.get(id) ?? bRules.get(id);
      return props?.get('description') || (at >= 0 ? `#${at + 1}` : id);
    };
    const labelled = (keys: string[]) => [
      ...new Set(keys.map((k) => (k === 'description' ? 'description' : columnLabel(k)))),
    ];
    // Cells of a column no longer in the table are not the rule's change; those of a column the city added come with it.
    const live = new Set([
      'description',
      ...((o.table.input ?? []) as El[]).map((c) => `in:${c.id}`),
      ...((o.table.output ?? []) as El[]).map((c) => `out:${c.id}`),
    ]);
    const inBase = (k: string) => k === 'description' || baseKeys.has(k);
    const baseKeys = new Set([
      ...((b.table.input ?? []) as El[]).map((c) => `in:${c.id}`),
      ...((b.table.output ?? []) as El[]).map((c) => `out:${c.id}`),
    ]);
    const ruleThreeWay = (bp: Props, op: Props, tp: Props) => {
      const { take, clash } = threeWay(bp, op, tp);
      return { take: take.filter((k) => live.has(k)), clash: clash.filter((k) => live.has(k)) };
    };
    const tRuleEls = (t.table.rule ?? []) as El[];
    tRuleEls.forEach((tr, i) => {
      const id = tr.id!;
      const bp = bRules.get(id);
      const op = oRules.get(id);
      const tp = tRules.get(id)!;
      if (bp && op) {
        const { take, clash } = ruleThreeWay(bp, op, tp);
        const all =
          clash.length > 0 && decide(id, 'changed', ruleName(id), 'rule', labelled(clash)) === 'theirs'
            ? [...take, ...clash]
            : take;
        const next = new Map(op);
        for (const k of all) next.set(k, tp.get(k) ?? '');
        merged.set(id, next);
        const changed = take.filter(inBase);
        if (changed.length > 0)
          applied.push({ id, kind: 'changed', name: ruleName(id), type: 'rule', properties: labelled(changed) });
      } else if (!bp && !op) {
        insertRule(rules, tRuleEls, i, tr, o.table);
        merged.set(id, tp);
        applied.push({ id, kind: 'added', name: ruleName(id), type: 'rule', properties: [] });
      } else if (bp && !op && ruleThreeWay(bp, bp, tp).take.length > 0) {
        if (decide(id, 'removed-here', ruleName(id), 'rule', labelled(ruleThreeWay(bp, bp, tp).take)) === 'theirs') {
          insertRule(rules, tRuleEls, i, tr, o.table);
          merged.set(id, tp);
        }
      }
    });
    for (const [id, bp] of bRules) {
      if (tRules.has(id)) continue;
      const op = oRules.get(id);
      if (!op) continue;
      if (
        ruleThreeWay(op, bp, bp).take.length > 0 &&
        decide(id, 'removed-upstream', ruleName(id), 'rule', []) === 'ours'
      )
        continue;
      applied.push({ id, kind: 'removed', name: ruleName(id), type: 'rule', properties: [] });
      rules.splice(
        rules.findIndex((r) => r.id === id),
        1,
      );
      merged.delete(id);
    }

    // Every rule's cells written again in the merged column order; a cell of a column new to the rule is "-" (any).
    for (const rule of rules) {
      const props = merged.get(rule.id!);
      if (!props) continue;
      rule.description = props.get('description') || undefined;
      const entries = (prop: 'inputEntry' | 'outputEntry', cols: El[], prefix: 'in' | 'out', type: string) => {
        const before = (rule[prop] ?? []) as El[];
        rule[prop] = cols.map((c, i) => {
          const value = props.get(`${prefix}:${c.id}`) ?? (prefix === 'in' ? '-' : '');
          const entry =
            before[i] ?? moddle.create(type, { id: newId(prefix === 'in' ? 'UnaryTests' : 'LiteralExpression') });
          entry.text = value;
          entry.$parent = rule;
          return entry;
        });
      };
      entries('inputEntry', (o.table.input ?? []) as El[], 'in', 'dmn:UnaryTests');
      entries('outputEntry', (o.table.output ?? []) as El[], 'out', 'dmn:LiteralExpression');
    }
  }
  const { xml } = await moddle.toXML(ours, { format: true });
  return { xml, applied, conflicts };
}

function insertRule(rules: El[], theirs: El[], index: number, rule: El, table: El): void {
  const after = theirs
    .slice(0, index)
    .reverse()
    .find((p) => rules.some((r) => r.id === p.id));
  rule.$parent = table;
  rules.splice(after ? rules.findIndex((r) => r.id === after.id) + 1 : 0, 0, rule);
}
