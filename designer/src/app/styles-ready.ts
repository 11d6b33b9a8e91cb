/** Resolves once the entry's stylesheet, linked by index.html's boot script (boot.ts), has loaded. */
export function stylesReady(): Promise<void> {
  return (globalThis as { civicflowStyles?: Promise<void> }).civicflowStyles ?? Promise.resolve();
}
