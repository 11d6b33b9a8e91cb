// SQLite WAL checkpoints off the request path (see startCheckpointer in connection.ts). Plain
// CommonJS so that it runs in a worker thread without a TypeScript loader.
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);

let db;
let timer;
let stopped = false;

function tick() {
  try {
    if (!db) {
      // Only once the main connection has switched the file to WAL (a fresh file starts without it).
      const probe = new Database(workerData.filename, { fileMustExist: true, timeout: 0 });
      if (probe.pragma('journal_mode', { simple: true }) === 'wal') db = probe;
      else probe.close();
    }
    if (db) db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy or not there yet: the next tick tries again (the writer's fallback autocheckpoint covers the gap)
  }
  if (!stopped) timer = setTimeout(tick, workerData.intervalMs);
}

timer = setTimeout(tick, workerData.intervalMs);
parentPort.on('message', () => {
  stopped = true;
  clearTimeout(timer);
  try {
    if (db) db.close();
  } catch {
    // closing is best effort
  }
  parentPort.close();
});
