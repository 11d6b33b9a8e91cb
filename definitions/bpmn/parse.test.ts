import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { bpmn, chain, problemsOf, summary, userTask } from '../fixtures/inline-bpmn.js';

const minimal = (body = '') => bpmn(`<bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${chain('S', 'E')}${body}`);

describe('reading BPMN: XML that is not a BPMN document', () => {
  it('rejects XML that is not well-formed, saying where', async () => {
    const problems = await problemsOf(minimal().replace('</bpmn:process>', ''));
    expect(summary(problems)).toEqual(['XML_INVALID - -']);
    expect(problems[0]!.message).toMatch(
      /^not a readable BPMN 2\.0 document: unparsable content <\/bpmn:definitions> at line \d+, column \d+: closing tag mismatch$/,
    );
    expect(problems[0]!.resource).toBe('test.bpmn');
  });

  it.each([
    ['an empty text', '', 'missing start tag'],
    ['plain text', 'hello', 'missing start tag'],
    ['an unclosed root', '<a>', 'unexpected end of file'],
  ])('rejects %s', async (_what, xml, reason) => {
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['XML_INVALID - -']);
    expect(problems[0]!.message).toContain(reason);
  });

  it('rejects a DMN document handed in as .bpmn', async () => {
    const dmn =
      '<?xml version="1.0"?><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="x" />';
    const problems = await problemsOf(dmn);
    expect(summary(problems)).toEqual(['XML_INVALID - -']);
    expect(problems[0]!.message).toBe(
      'not a readable BPMN 2.0 document: failed to parse document as <bpmn:Definitions>',
    );
  });

  it('rejects text given as something other than a string', async () => {
    const r = await compile([{ name: 'x.bpmn', content: { xml: '<bpmn:definitions/>' } }]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => [p.code, p.message])).toEqual([['XML_INVALID', 'x.bpmn must be given as XML text']]);
  });

  it('reports a document with no executable process', async () => {
    const problems = await problemsOf(minimal().replace('isExecutable="true"', 'isExecutable="false"'));
    expect(summary(problems)).toEqual(['PROCESS_MISSING - -']);
    expect(problems[0]!.message).toBe('contains no executable process (isExecutable="true")');
  });

  it('rejects XML longer than the limit before parsing it', async () => {
    const xml = minimal();
    expect(await problemsOf(xml, { maxXmlLength: xml.length })).toEqual([]);
    const problems = await problemsOf(xml, { maxXmlLength: xml.length - 1 });
    expect(summary(problems)).toEqual(['XML_TOO_LARGE - -']);
    expect(problems[0]!.message).toBe(`BPMN is ${xml.length} characters; the limit is ${xml.length - 1}`);
  });
});

describe('reading BPMN: document type declarations (external entities) are refused', () => {
  const secret = `TOP-SECRET-${process.pid}-civicflow`;
  const dir = mkdtempSync(join(tmpdir(), 'civicflow-xxe-'));
  const secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, secret);
  const url = pathToFileURL(secretFile).href;
  const body = '<bpmn:startEvent id="S" name="&xxe;" /><bpmn:endEvent id="E" />' + chain('S', 'E');
  const withDoctype = (doctype: string) => bpmn(body).replace('<bpmn:definitions', `${doctype}\n<bpmn:definitions`);

  it.each([
    ['an external general entity', `<!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM "${url}">]>`],
    [
      'an external parameter entity',
      `<!DOCTYPE bpmn:definitions [<!ENTITY % remote SYSTEM "${url}"> %remote; <!ENTITY xxe "x">]>`,
    ],
    ['a lower-case doctype', `<!doctype bpmn:definitions [<!ENTITY xxe SYSTEM "${url}">]>`],
    [
      'an entity expansion bomb',
      '<!DOCTYPE bpmn:definitions [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY xxe "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    ],
  ])('rejects %s, and no file content reaches any message', async (_what, doctype) => {
    const result = await compile([{ name: 'xxe.bpmn', content: withDoctype(doctype) }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(summary(result.problems)).toEqual(['XML_INVALID - -']);
    expect(result.problems[0]!.message).toBe(
      'not a readable BPMN 2.0 document: DOCTYPE declarations are not allowed in BPMN',
    );
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('also refuses a DOCTYPE in a DMN resource', async () => {
    const dmn = `<?xml version="1.0"?>\n<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "${url}">]>\n<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="&xxe;" namespace="x" />`;
    const result = await compile([{ name: 'xxe.dmn', content: dmn }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(summary(result.problems)).toEqual(['XML_INVALID - -']);
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('reading BPMN: schema warnings from moddle are problems', () => {
  it('reports an unknown BPMN element with its position', async () => {
    const problems = await problemsOf(minimal('<bpmn:fooBar id="X" />'));
    expect(summary(problems)).toEqual(['XML_INVALID - -']);
    expect(problems[0]!.message).toMatch(
      /^BPMN does not match the BPMN 2\.0 schema: unparsable content <bpmn:fooBar> at line \d+, column \d+: unknown type <bpmn:FooBar>$/,
    );
  });

  it('reports an unknown Zeebe extension element', async () => {
    const problems = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S" />${userTask('U', '<zeebe:nope />')}<bpmn:endEvent id="E" />${chain('S', 'U', 'E')}`,
      ),
    );
    expect(summary(problems)).toEqual(['XML_INVALID - -']);
    expect(problems[0]!.message).toContain('unknown type <zeebe:Nope>');
  });

  it('reports an unknown Zeebe attribute on the element that carries it', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" zeebe:bogus="1" /><bpmn:endEvent id="E" />${chain('S', 'E')}`),
    );
    expect(summary(problems)).toEqual(['XML_INVALID <S> bpmn:StartEvent']);
    expect(problems[0]!.message).toBe('<S> BPMN does not match the BPMN 2.0 schema: unknown attribute <zeebe:bogus>');
  });

  it('reports an attribute with an undeclared namespace prefix', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:task id="T" foo:bar="1" /><bpmn:endEvent id="E" />${chain('S', 'T', 'E')}`),
    );
    expect(summary(problems)).toEqual(['XML_INVALID - -']);
    expect(problems[0]!.message).toContain('missing namespace for prefix <foo>');
  });
});

describe('reading BPMN: references and ids', () => {
  it('names the flow and the missing node when a flow points nowhere', async () => {
    const problems = await problemsOf(minimal('<bpmn:sequenceFlow id="Flow_3" sourceRef="S" targetRef="Nope" />'));
    expect(summary(problems)).toEqual(['REFERENCE_MISSING <Flow_3> bpmn:SequenceFlow']);
    expect(problems[0]!.message).toBe('<Flow_3> targetRef refers to <Nope>, which does not exist');
  });

  it('names a flow that starts at a missing node', async () => {
    const problems = await problemsOf(minimal('<bpmn:sequenceFlow id="Flow_4" sourceRef="Ghost" targetRef="E" />'));
    expect(summary(problems)).toEqual(['REFERENCE_MISSING <Flow_4> bpmn:SequenceFlow']);
    expect(problems[0]!.message).toBe('<Flow_4> sourceRef refers to <Ghost>, which does not exist');
  });

  it('names a flow without a target at all', async () => {
    const problems = await problemsOf(
      bpmn('<bpmn:startEvent id="S" /><bpmn:sequenceFlow id="Flow_5" sourceRef="S" />'),
    );
    expect(summary(problems)).toEqual(['REFERENCE_MISSING <Flow_5> bpmn:SequenceFlow']);
    expect(problems[0]!.message).toBe('<Flow_5> sequence flow ends at a missing node');
  });

  it('names a flow into a node of another process', async () => {
    const other = `<bpmn:process id="q" isExecutable="true"><bpmn:startEvent id="Q0" /><bpmn:endEvent id="Q1" />${chain('Q0', 'Q1')}</bpmn:process>`;
    const problems = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${chain('S', 'E')}<bpmn:sequenceFlow id="Flow_X" sourceRef="S" targetRef="Q1" />`,
        other,
      ),
    );
    expect(summary(problems)).toEqual(['REFERENCE_MISSING <Flow_X> bpmn:SequenceFlow']);
    expect(problems[0]!.message).toBe('<Flow_X> sequence flow ends at a missing node <Q1>');
  });

  it('reports a missing default flow, message, error and boundary host on the element that refers to them', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:exclusiveGateway id="G" default="NoFlow" /><bpmn:endEvent id="E" />${chain('S', 'G', 'E')}
        <bpmn:boundaryEvent id="B" attachedToRef="NoTask"><bpmn:outgoing>B_E2</bpmn:outgoing><bpmn:messageEventDefinition id="MED" messageRef="NoMessage" /></bpmn:boundaryEvent>
        <bpmn:endEvent id="E2"><bpmn:errorEventDefinition errorRef="NoError" /></bpmn:endEvent>${chain('B', 'E2')}`),
    );
    expect(problems.filter((p) => p.code === 'REFERENCE_MISSING').map((p) => p.message)).toEqual([
      '<G> default refers to <NoFlow>, which does not exist',
      '<B> attachedToRef refers to <NoTask>, which does not exist',
      '<B> messageRef refers to <NoMessage>, which does not exist',
      '<E2> errorRef refers to <NoError>, which does not exist',
    ]);
    expect(summary(problems).every((s) => !s.endsWith('(message!)'))).toBe(true);
  });

  it('reports an id used twice in one file, where moddle drops the later element', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:task id="S" /><bpmn:endEvent id="E" />${chain('S', 'E')}`),
    );
    expect(summary(problems)).toEqual(['DUPLICATE_ID <S> bpmn:Task']);
    expect(problems[0]!.message).toMatch(
      /^<S> id is used by more than one element \(again at line \d+, column \d+\); the later element was ignored$/,
    );
  });

  it('reports an id shared by two processes of one file', async () => {
    const other = `<bpmn:process id="q" isExecutable="true"><bpmn:startEvent id="S" /></bpmn:process>`;
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${chain('S', 'E')}`, other),
    );
    expect(summary(problems)).toEqual(['DUPLICATE_ID <S> bpmn:StartEvent', 'START_MISSING <q> bpmn:Process']);
  });
});

describe('reading BPMN: extensions civicflow would otherwise ignore', () => {
  const withCamunda7 = (platform: string) =>
    bpmn(
      `<bpmn:startEvent id="S" /><bpmn:userTask id="U" camunda:assignee="demo"><bpmn:extensionElements><camunda:formData /></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="E" />${chain('S', 'U', 'E')}`,
    )
      .replace('<bpmn:definitions ', '<bpmn:definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" ')
      .replace('modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0"', platform)
      .replace('<bpmn:process id="p"', '<bpmn:process id="p" camunda:historyTimeToLive="180"');

  it('refuses Camunda 7 attributes and elements in a Camunda 7 file, naming them', async () => {
    const problems = await problemsOf(
      withCamunda7('modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.21.0"'),
    );
    expect(summary(problems)).toEqual([
      'UNSUPPORTED_EXTENSION <p> bpmn:Process',
      'UNSUPPORTED_EXTENSION <U> bpmn:UserTask',
      'UNSUPPORTED_EXTENSION <U> bpmn:UserTask',
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      '<p> has attribute camunda:historyTimeToLive, an extension civicflow does not read',
      '<U> uses <camunda:formData>, an extension civicflow does not read',
      '<U> has attribute camunda:assignee, an extension civicflow does not read',
    ]);
    // a file that does not say which engine it is for is not taken for a Camunda 8 one
    expect(await problemsOf(withCamunda7(''))).toHaveLength(3);
  });

  it('ignores Camunda 7 leftovers in a file drawn for Camunda 8, as Zeebe does, with a warning each', async () => {
    const result = await compile([
      {
        name: 'p.bpmn',
        content: withCamunda7('modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0"'),
      },
    ]);
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings?.map((w) => `${w.code} ${w.message}`)).toEqual([
      'CAMUNDA7_IGNORED <p> has attribute camunda:historyTimeToLive, a Camunda 7 extension; Camunda 8 ignores it in a Camunda 8 file, and so does civicflow',
      'CAMUNDA7_IGNORED <U> uses <camunda:formData>, a Camunda 7 extension; Camunda 8 ignores it in a Camunda 8 file, and so does civicflow',
      'CAMUNDA7_IGNORED <U> has attribute camunda:assignee, a Camunda 7 extension; Camunda 8 ignores it in a Camunda 8 file, and so does civicflow',
    ]);
    const plain = await compile([{ name: 'p.bpmn', content: minimal() }]);
    expect(plain.ok && !('warnings' in plain)).toBe(true);
  });

  it('reports Zeebe task listeners, which the engine does not run (execution listeners run), naming each', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" />${userTask('U', '<zeebe:taskListeners><zeebe:taskListener eventType="assigning" type="check-assignee" /><zeebe:taskListener eventType="completing" type="audit" retries="5" /></zeebe:taskListeners>')}
        <bpmn:endEvent id="E"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="end" type="archive" /></zeebe:executionListeners></bpmn:extensionElements></bpmn:endEvent>${chain('S', 'U', 'E')}`),
    );
    expect(summary(problems)).toEqual(['UNSUPPORTED_EXTENSION <U> bpmn:UserTask']);
    expect(problems.map((p) => p.message)).toEqual([
      '<U> uses <zeebe:TaskListeners> (assigning: job "check-assignee"; completing: job "audit"): task listeners are not supported by civicflow yet (Zeebe runs each as a job that can deny or correct the task); remove them, or do their work in a service task after the user task',
    ]);
  });

  it('accepts Zeebe metadata (version tag, properties) and namespace declarations on elements', async () => {
    const xml =
      bpmn(`<bpmn:extensionElements><zeebe:versionTag value="v1" /><zeebe:properties><zeebe:property name="owner" value="综治中心" /></zeebe:properties></bpmn:extensionElements>
      <bpmn:startEvent id="S" xmlns:foo="urn:foo" /><bpmn:endEvent id="E" />${chain('S', 'E')}`);
    expect(await problemsOf(xml)).toEqual([]);
  });
});
