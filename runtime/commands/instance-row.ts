import type { InstanceState } from '../../engine/index.js';

export interface InstanceRow {
  id: string;
  definition_id: string;
  process_key: string;
  tenant_id: string;
  business_key: string | null;
  status: string;
  state: string;
  version: number;
  pinned: string;
  parent_id: string | null;
  parent_call: number | null;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
}

/** Definition versions an instance pinned when it started: `{ decisions: {key: definitionId}, forms: {...} }`. */
export interface Pinned {
  decisions: Record<string, string>;
  forms: Record<string, string>;
}

export function parseState(row: InstanceRow): InstanceState {
  return JSON.parse(row.state) as InstanceState;
}
