// Drives the same appeal loop through bpmn-engine (npm, devDependency), the comparison peer.
//
// Its copy of the process is derived from examples/appeal/appeal-loop.bpmn:
// - FEEL conditions (`=category = "劳动纠纷"`) become JavaScript script conditions, because
//   bpmn-engine's `${...}` expressions have no operators;
// - the zeebe:/civic: extension elements are dropped (they mean nothing to bpmn-engine; kept,
//   they would only make its serialised state larger, ≈ +3.5 KB);
// - everything else (user tasks, exclusive gateways, the non-interrupting PT72H boundary
//   timers, the urge task) is the same XML.
// A signal's payload only becomes the task's output in bpmn-engine, so an extension (the
// documented way to hook activities) merges each user task's output into the process
// variables when the task ends: what `completeTask` does in civicflow.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import { APPEAL_DIR } from './civicflow-driver.js';
import { FOLLOW_UP, HANDLE, INTAKE } from './workload.js';

export function peerSource(): string {
  let xml = readFileSync(join(APPEAL_DIR, 'appeal-loop.bpmn'), 'utf8');
  xml = xml.replace(/<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>\s*/g, '');
  const total = (xml.match(/<bpmn:conditionExpression/g) ?? []).length;
  let converted = 0;
  xml = xml.replace(
    /<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"([^>]*)>=category = "([^"<]+)"<\/bpmn:conditionExpression>/g,
    (_m, attrs: string, category: string) => {
      converted++;
      return `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="js"${attrs}>next(null, environment.variables.category === ${JSON.stringify(category)})</bpmn:conditionExpression>`;
    },
  );
  if (total === 0 || converted !== total)
    throw new Error(
      `bpmn-engine copy: converted ${converted} of ${total} conditions; the example changed, update peerSource()`,
    );
  return xml;
}

interface ActivityApi {
  content: { output?: unknown };
  environment: { assignVariables(vars: Record<string, unknown>): void };
}
interface ExtensionActivity {
  type: string;
  on(event: 'end', handler: (api: ActivityApi) => void): void;
}

// bpmn-elements' typings want an { activate, deactivate } object back; its docs' extensions return nothing.
/** Merges each user task's output (the signal payload) into the process variables, as completeTask does in civicflow. */
export const extensions = {
  taskOutputToProcessVariables(activity: ExtensionActivity) {
    if (activity.type !== 'bpmn:UserTask') return;
    activity.on('end', (api) => {
      const output = api.content.output;
      if (!output || typeof output !== 'object') return;
      const { id: _id, ...variables } = output as Record<string, unknown>;
      api.environment.assignVariables(variables);
    });
  },
} as unknown as NonNullable<BpmnEngineOptions['extensions']>;

export interface Peer {
  /** The parsed-and-serialised definition, reused by every new instance (no XML parse per start). */
  sourceContext: NonNullable<BpmnEngineOptions['sourceContext']>;
  version: string;
}

export async function preparePeer(): Promise<Peer> {
  const engine = new Engine({ name: 'appeal-loop', source: peerSource(), extensions });
  const [definition] = await engine.getDefinitions();
  const sourceContext = (definition as unknown as { environment: { options: { source: Peer['sourceContext'] } } })
    .environment.options.source;
  const state = await engine.getState();
  return { sourceContext, version: state.engineVersion };
}

type Signal = { id: string } & Record<string, unknown>;
const RECEIVE: Signal = { id: 'Task_Receive', ...INTAKE };
const HANDLE_SIGNAL: Signal = { id: 'Task_HandleLabour', ...HANDLE };
const FOLLOW_UP_SIGNAL: Signal = { id: 'Task_FollowUp', ...FOLLOW_UP };

function newInstance(peer: Peer): Engine {
  return new Engine({ name: 'appeal-loop', sourceContext: peer.sourceContext, extensions });
}

/** Serialises the engine's state and releases the engine (clears its timers) unless it ended. */
async function store(engine: Engine): Promise<string> {
  const json = JSON.stringify(await engine.getState());
  if (engine.execution.isRunning) await engine.stop();
  return json;
}

/** One command against a stored instance: parse, recover, resume, signal, serialise. */
async function signalStored(json: string, signal: Signal): Promise<{ json: string; ended: boolean }> {
  const engine = new Engine({ extensions }).recover(JSON.parse(json));
  await engine.resume();
  let ended = false;
  engine.once('end', () => (ended = true));
  engine.execution.signal(signal);
  return { json: await store(engine), ended };
}

/** Start, receive (劳动纠纷): the stored state waiting at Task_HandleLabour. */
export async function peerWaitingStored(peer: Peer): Promise<string> {
  const engine = newInstance(peer);
  await engine.execute({ variables: {} });
  const started = await store(engine);
  return (await signalStored(started, RECEIVE)).json;
}

/** One appeal from start to end with the state stored as JSON between commands (as civicflow's loop). */
export async function peerLoopStored(peer: Peer): Promise<boolean> {
  const waiting = await peerWaitingStored(peer);
  const handled = await signalStored(waiting, HANDLE_SIGNAL);
  const closed = await signalStored(handled.json, FOLLOW_UP_SIGNAL);
  return closed.ended;
}

/** A live engine waiting at Task_HandleLabour (how bpmn-engine holds a waiting instance in memory). */
export async function peerWaitingLive(peer: Peer): Promise<Engine> {
  const engine = newInstance(peer);
  await engine.execute({ variables: {} });
  engine.execution.signal(RECEIVE);
  return engine;
}

/** One appeal from start to end in one live engine, never stored: bpmn-engine's best case. */
export async function peerLoopInMemory(peer: Peer): Promise<boolean> {
  const engine = await peerWaitingLive(peer);
  let ended = false;
  engine.once('end', () => (ended = true));
  engine.execution.signal(HANDLE_SIGNAL);
  engine.execution.signal(FOLLOW_UP_SIGNAL);
  return ended;
}

/** Runs one stored loop with full checks: the route taken, the boundary timer, the variables, the end. */
export async function peerCheck(peer: Peer): Promise<{ waitingState: string }> {
  const waiting = await peerWaitingStored(peer);
  const live = new Engine({ extensions }).recover(JSON.parse(waiting));
  await live.resume();
  const postponed = live.execution
    .getPostponed()
    .map((a) => a.id)
    .sort();
  const expected = ['Task_HandleLabour', 'Timer_LabourUrge'];
  if (JSON.stringify(postponed) !== JSON.stringify(expected))
    throw new Error(`bpmn-engine: waiting at ${postponed.join(', ')}, expected ${expected.join(', ')}`);
  let ended = false;
  live.once('end', () => (ended = true));
  live.execution.signal(HANDLE_SIGNAL);
  live.execution.signal(FOLLOW_UP_SIGNAL);
  if (!ended) throw new Error('bpmn-engine: the instance did not end');
  const vars = (await live.getState()).definitions[0]?.execution?.processes?.[0]?.environment?.variables as
    | Record<string, unknown>
    | undefined;
  if (vars?.category !== INTAKE.category || vars.satisfaction !== FOLLOW_UP.satisfaction)
    throw new Error('bpmn-engine: task outputs were not merged into the process variables');
  if (!(await peerLoopStored(peer)) || !(await peerLoopInMemory(peer)))
    throw new Error('bpmn-engine: a loop did not end');
  return { waitingState: waiting };
}

export async function releaseLive(engines: Engine[]): Promise<void> {
  for (const e of engines) if (e.execution?.isRunning) await e.stop();
}
