/** Sent on `window` when a 离岗代理 was set or cancelled, so that the inbox banner asks again. */
export const LEAVE_PROXY_CHANGED = 'civicflow:leave-proxy-changed';

export function leaveProxyChanged(): void {
  window.dispatchEvent(new Event(LEAVE_PROXY_CHANGED));
}
