import type { Numbered } from './blocks.js';

const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_Random" targetNamespace="http://bpmn.io/schema/bpmn">\n';

/** Writes a numbered block tree as a BPMN process (`random`) the way Camunda Modeler 8 would, without diagram. */
export function toBpmn(body: Numbered): string {
  const out: string[] = [];
  let flows = 0;
  let links = 0;
  const signals: string[] = [];
  /** Joins two nodes of one scope by a link throw/catch pair (Camunda Modeler 8 draws a "go to" this way). */
  const link = (lines: string[], source: string, target: string): void => {
    const n = ++links;
    lines.push(
      `<bpmn:intermediateThrowEvent id="LinkThrow_${n}"><bpmn:linkEventDefinition id="LinkEventDefinition_T${n}" name="link-${n}" /></bpmn:intermediateThrowEvent>`,
      `<bpmn:intermediateCatchEvent id="LinkCatch_${n}"><bpmn:linkEventDefinition id="LinkEventDefinition_C${n}" name="link-${n}" /></bpmn:intermediateCatchEvent>`,
    );
    flow(lines, source, `LinkThrow_${n}`);
    flow(lines, `LinkCatch_${n}`, target);
  };
  const flow = (lines: string[], source: string, target: string, condition?: string): string => {
    const id = `Flow_${++flows}`;
    lines.push(
      condition === undefined
        ? `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`
        : `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    );
    return id;
  };

  /** Emits the block into `lines`; returns its first and last node, or null when it has none. */
  const emit = (b: Numbered, lines: string[]): { first: string; last: string } | null => {
    switch (b.t) {
      case 'empty':
        return null;
      case 'user':
        if (b.signal) {
          lines.push(
            `<bpmn:intermediateCatchEvent id="${b.id}"><bpmn:signalEventDefinition id="${b.id}_Def" signalRef="${b.id}_Ref" /></bpmn:intermediateCatchEvent>`,
          );
          signals.push(`<bpmn:signal id="${b.id}_Ref" name="${b.id}" />`);
        } else
          lines.push(
            `<bpmn:userTask id="${b.id}"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>`,
          );
        return { first: b.id, last: b.id };
      case 'script':
        lines.push(
          `<bpmn:scriptTask id="${b.id}"><bpmn:extensionElements><zeebe:script expression="=n + ${b.k}" resultVariable="v_${b.id}" /></bpmn:extensionElements></bpmn:scriptTask>`,
        );
        return { first: b.id, last: b.id };
      case 'seq': {
        let first: string | undefined;
        let last: string | undefined;
        for (const item of b.items) {
          const r = emit(item, lines);
          if (!r) continue;
          if (last) (b.linked ? link : flow)(lines, last, r.first);
          else first = r.first;
          last = r.last;
        }
        return first && last ? { first, last } : null;
      }
      case 'par':
      case 'xor':
      case 'or': {
        const tag = b.t === 'par' ? 'parallelGateway' : b.t === 'xor' ? 'exclusiveGateway' : 'inclusiveGateway';
        const split = `${b.id}_split`;
        const merge = `${b.id}_merge`;
        const arms: Array<{ body: Numbered; cond?: string; isDefault?: boolean }> =
          b.t === 'par'
            ? b.branches.map((body) => ({ body }))
            : [
                ...b.branches.map((br) => ({ body: br.body, cond: br.cond.feel })),
                { body: b.otherwise, isDefault: true },
              ];
        const inner: string[] = [];
        let defaultFlow: string | undefined;
        for (const arm of arms) {
          const r = emit(arm.body, inner);
          const id = flow(inner, split, r ? r.first : merge, arm.cond);
          if (arm.isDefault) defaultFlow = id;
          if (r) flow(inner, r.last, merge);
        }
        lines.push(
          `<bpmn:${tag} id="${split}"${defaultFlow ? ` default="${defaultFlow}"` : ''} />`,
          `<bpmn:${tag} id="${merge}" />`,
          ...inner,
        );
        return { first: split, last: merge };
      }
      case 'sub': {
        const inner: string[] = [];
        scope(b.body, inner, `${b.id}_start`, `${b.id}_end`);
        const io =
          b.shift === null
            ? ''
            : `<bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=n + ${b.shift}" target="n" /></zeebe:ioMapping></bpmn:extensionElements>`;
        lines.push(`<bpmn:subProcess id="${b.id}">${io}`, ...inner.map((l) => `  ${l}`), '</bpmn:subProcess>');
        return { first: b.id, last: b.id };
      }
      case 'adhoc': {
        const inner: string[] = [];
        const firsts = b.branches.flatMap((br, i) => {
          const r = emit(br, inner);
          if (!r) return [];
          // A branch ends where its flows do; a gateway needs a flow out, so a none event closes it.
          if (r.last.endsWith('_merge')) {
            inner.push(`<bpmn:intermediateThrowEvent id="${b.id}_done_${i}" />`);
            flow(inner, r.last, `${b.id}_done_${i}`);
          }
          return [r.first];
        });
        const list = firsts.map((id) => `&#34;${id}&#34;`).join(', ');
        lines.push(
          `<bpmn:adHocSubProcess id="${b.id}"><bpmn:extensionElements><zeebe:adHoc activeElementsCollection="=[${list}]" /></bpmn:extensionElements>`,
          ...inner.map((l) => `  ${l}`),
          '</bpmn:adHocSubProcess>',
        );
        return { first: b.id, last: b.id };
      }
    }
  };

  /** A (sub)process body: start → block → end. */
  const scope = (b: Numbered, lines: string[], start: string, end: string) => {
    lines.push(`<bpmn:startEvent id="${start}" />`, `<bpmn:endEvent id="${end}" />`);
    const r = emit(b, lines);
    if (r) {
      flow(lines, start, r.first);
      flow(lines, r.last, end);
    } else {
      flow(lines, start, end);
    }
  };

  scope(body, out, 'Start', 'End');
  return `${HEADER}  <bpmn:process id="random" isExecutable="true">\n${out.map((l) => `    ${l}`).join('\n')}\n  </bpmn:process>\n${signals.map((l) => `  ${l}\n`).join('')}</bpmn:definitions>\n`;
}
