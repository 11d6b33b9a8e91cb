// bpmn-engine 25 with the persistence its maintainers recommend: the engine holds nothing
// between commands; after every step `JSON.stringify(await engine.getState())` is stored as a
// blob row in the same database, and before the next step the row is read back and
// `new Engine().recover(JSON.parse(blob)).resume()` continues it.
//
// The process and its variable-merging extension are engine/bench's bpmn-engine copy of the
// appeal loop (imported, not copied).
import type { Knex } from 'knex';
import { Engine } from 'bpmn-engine';
import { extensions, preparePeer, type Peer } from '../../engine/bench/bpmn-engine-driver.js';
import { FOLLOW_UP, HANDLE, INTAKE } from '../../engine/bench/workload.js';
import { newId } from '../platform/ids.js';
import type { CommandName } from './command-driver.js';

export const PEER_TABLE = 'bench_bpmn_engine_state';

const SIGNALS = [
  { name: 'completeReceive', signal: { id: 'Task_Receive', ...INTAKE } },
  { name: 'completeHandle', signal: { id: 'Task_HandleLabour', ...HANDLE } },
  { name: 'completeFollowUp', signal: { id: 'Task_FollowUp', ...FOLLOW_UP } },
] as const;

export { preparePeer, type Peer };

/** The blob table: id, the state as text, an optimistic version (the cheapest honest schema). */
export async function createPeerTable(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(PEER_TABLE);
  await knex.schema.createTable(PEER_TABLE, (t) => {
    t.string('id', 40).primary();
    t.text('state').notNullable();
    t.integer('version').notNullable();
  });
}

async function serialise(engine: Engine): Promise<string> {
  const json = JSON.stringify(await engine.getState());
  if (engine.execution?.isRunning) await engine.stop(); // release its timers; the row is the instance now
  return json;
}

export async function peerStart(knex: Knex, peer: Peer): Promise<string> {
  const engine = new Engine({ name: 'appeal-loop', sourceContext: peer.sourceContext, extensions });
  await engine.execute({ variables: {} });
  const id = newId();
  await knex(PEER_TABLE).insert({ id, state: await serialise(engine), version: 1 });
  return id;
}

/** Read the blob, recover, resume, signal the task, store the blob (only over the version read). */
export async function peerSignal(knex: Knex, id: string, step: 0 | 1 | 2): Promise<boolean> {
  const row = (await knex(PEER_TABLE).select('state', 'version').where({ id }).first()) as
    | { state: string; version: number }
    | undefined;
  if (!row) throw new Error(`bpmn-engine: no stored state ${id}`);
  const engine = new Engine({ extensions }).recover(JSON.parse(row.state));
  await engine.resume();
  let ended = false;
  engine.once('end', () => (ended = true));
  engine.execution.signal(SIGNALS[step].signal);
  const updated = await knex(PEER_TABLE)
    .where({ id, version: row.version })
    .update({ state: await serialise(engine), version: row.version + 1 });
  if (updated !== 1) throw new Error(`bpmn-engine: state ${id} changed underneath`);
  return ended;
}

export async function peerLoop(knex: Knex, peer: Peer, time?: (name: CommandName, ms: number) => void): Promise<void> {
  let t0 = performance.now();
  const id = await peerStart(knex, peer);
  time?.('start', performance.now() - t0);
  let ended = false;
  for (let s = 0; s < 3; s++) {
    t0 = performance.now();
    ended = await peerSignal(knex, id, s as 0 | 1 | 2);
    time?.(SIGNALS[s]!.name, performance.now() - t0);
  }
  if (!ended) throw new Error('bpmn-engine: the appeal did not end');
}

/** Start + receive: stored waiting at Task_HandleLabour with its boundary timer. */
export async function peerOpenCase(knex: Knex, peer: Peer): Promise<string> {
  const id = await peerStart(knex, peer);
  await peerSignal(knex, id, 0);
  return id;
}

/** One stored loop with checks: route, boundary timer, variables merged, end. */
export async function peerCheckLoop(knex: Knex, peer: Peer): Promise<void> {
  const id = await peerOpenCase(knex, peer);
  const row = await knex(PEER_TABLE).where({ id }).first();
  const engine = new Engine({ extensions }).recover(JSON.parse(row.state as string));
  await engine.resume();
  const postponed = engine.execution
    .getPostponed()
    .map((a) => a.id)
    .sort();
  await engine.stop();
  if (JSON.stringify(postponed) !== JSON.stringify(['Task_HandleLabour', 'Timer_LabourUrge']))
    throw new Error(`bpmn-engine waits at ${postponed.join(', ')}`);
  if ((await peerSignal(knex, id, 1)) || !(await peerSignal(knex, id, 2)))
    throw new Error('bpmn-engine: ended at the wrong step');
  const final = JSON.parse((await knex(PEER_TABLE).where({ id }).first()).state as string);
  const vars = final.definitions?.[0]?.execution?.processes?.[0]?.environment?.variables as
    | Record<string, unknown>
    | undefined;
  if (vars?.category !== INTAKE.category || vars?.satisfaction !== FOLLOW_UP.satisfaction)
    throw new Error('bpmn-engine: task outputs were not merged into the variables');
}
