/**
 * Notification channels beside the in-app notification center. An adapter (SMS gateway,
 * WeChat template message, …) implements `NotificationChannel` and says honestly what happened:
 * `sent` only when the provider accepted the message. The default adapter for every channel is
 * `RecordingChannel`, which records what would have been sent (status `recorded`) and sends
 * nothing, so nothing claims an SMS it did not send.
 */
export interface OutgoingMessage {
  notificationId: number;
  channel: string;
  tenant: string;
  recipientKind: 'user' | 'group';
  recipient: string;
  subject: string;
  body: string | null;
}

export interface DeliveryResult {
  status: 'sent' | 'recorded' | 'failed';
  /** What the provider answered, or what would have been sent. */
  detail?: string;
}

export interface NotificationChannel {
  readonly name: string;
  deliver(message: OutgoingMessage): Promise<DeliveryResult>;
}

export type ChannelRegistry = Record<string, NotificationChannel>;

/** Records the message that would go out; sends nothing. */
export class RecordingChannel implements NotificationChannel {
  constructor(readonly name: string) {}

  async deliver(m: OutgoingMessage): Promise<DeliveryResult> {
    return {
      status: 'recorded',
      detail: JSON.stringify({
        wouldSend: { to: `${m.recipientKind}:${m.recipient}`, text: m.body ? `${m.subject}\n${m.body}` : m.subject },
      }),
    };
  }
}

/** `sms` and `wechat` record only, until a real adapter is configured. */
export function defaultChannels(): ChannelRegistry {
  return { sms: new RecordingChannel('sms'), wechat: new RecordingChannel('wechat') };
}
