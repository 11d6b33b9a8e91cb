import type { TenantDirectory } from '../store/tenants.js';
import { CalendarStore } from './calendars.js';
import { defaultChannels, type ChannelRegistry } from './channels.js';
import { PolicyStore } from './policy.js';

/** What the deadline features share: tenant calendars, policies and notification channels. */
export interface DeadlineKit {
  tenants: TenantDirectory;
  calendars: CalendarStore;
  policies: PolicyStore;
  channels: ChannelRegistry;
}

export function createDeadlineKit(tenants: TenantDirectory, channels: ChannelRegistry = {}): DeadlineKit {
  return {
    tenants,
    calendars: new CalendarStore(tenants),
    policies: new PolicyStore(tenants),
    channels: { ...defaultChannels(), ...channels },
  };
}
