// The runtime: durable execution on SQLite or PostgreSQL behind a REST API.
export { startRuntime, configFromEnv, type Runtime, type RuntimeConfig } from './server.js';
export { openDatabase, type Database } from './platform/db/connection.js';
export { migrate } from './platform/db/migrate.js';
export { ControlledClock, ShiftedClock, systemClock, type Clock } from './platform/clock.js';
