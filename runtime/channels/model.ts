/** The ways an appeal reaches a centre. Each starts the process its tenant set for it (inherited down the tree). */
export const CHANNELS = ['web', 'mini-program', 'enterprise-qr', 'window', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a case records as its channel: the words staff and the dashboard use. */
export const CHANNEL_NAMES: Record<Channel, string> = {
  web: '网页',
  'mini-program': '小程序',
  'enterprise-qr': '一企一码',
  window: '窗口',
  phone: '电话',
};

/** Channels citizens use without an account, and those staff register for them. */
export const PUBLIC_CHANNELS = ['web', 'mini-program', 'enterprise-qr'] as const satisfies readonly Channel[];
export const STAFF_CHANNELS = ['window', 'phone'] as const satisfies readonly Channel[];

export interface ChannelTarget {
  processKey: string;
  formKey: string;
}

export interface ChannelSetting extends ChannelTarget {
  channel: Channel;
  name: string;
  /** The tenant whose setting applies: the tenant itself, or the nearest ancestor that has one. */
  setBy: string;
  inherited: boolean;
}
