/** A `tasks` row as stored (migrations 001 and 002). */
export interface TaskRow {
  id: string;
  instance_id: string;
  tenant_id: string;
  element_id: string;
  name: string | null;
  status: string;
  assignee: string | null;
  candidate_groups: string;
  candidate_users: string;
  due_at: string | null;
  follow_up_at: string | null;
  priority: number;
  form_key: string | null;
  details: string | null;
  created_at: string;
  completed_at: string | null;
  completed_by: string | null;
  /** Deadline columns (migration 002). */
  warn_at?: string | null;
  paused_at?: string | null;
  extension_count?: number;
}
