// Intake channels: which process and form each channel starts at a tenant (inherited down the tree).
export {
  CHANNELS,
  CHANNEL_NAMES,
  PUBLIC_CHANNELS,
  STAFF_CHANNELS,
  type Channel,
  type ChannelSetting,
  type ChannelTarget,
} from './model.js';
export { channelSettings, resolveChannel, seedChannels, setChannels } from './service.js';
export { intakeFormOf, startAppeal } from './intake.js';
export { channelRoutes } from './routes.js';
