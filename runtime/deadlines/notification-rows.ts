/** A `notifications` row as the database returns it. */
export interface NotificationRow {
  id: number;
  kind: string | null;
  subject: string;
  body: string;
  tenant_id: string;
  instance_id: string | null;
  task_id: string | null;
  order_id: string | null;
  urge_id: string | null;
  recipient_kind: string;
  recipient: string;
  channel: string;
  data: string | null;
  created_at: string;
  read_at: string | null;
  read_by: string | null;
}

/** A `notification_deliveries` row: one attempt to deliver a notification on one channel. */
export interface DeliveryRow {
  notification_id: number;
  channel: string;
  status: string;
  detail: string | null;
  attempted_at: string;
}

/** A `task_urges` row (催办). */
export interface UrgeRow {
  id: string;
  seq: number;
  urged_by: string;
  message: string | null;
  created_at: string;
}
