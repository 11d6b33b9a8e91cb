import type { Logger } from 'pino';
import type { Clock, ControlledClock } from '../clock.js';
import type { CommandService } from '../../execution/command-service.js';
import type { Database } from '../db/connection.js';
import type { DefinitionStore } from '../../store/definitions.js';
import type { TenantDirectory } from '../../store/tenants.js';
import type { Api } from './api.js';

/** What route handlers work with. */
export interface Deps {
  db: Database;
  tenants: TenantDirectory;
  definitions: DefinitionStore;
  commands: CommandService;
  clock: Clock | ControlledClock;
  log: Logger;
  /** What the server is doing that a user should know of (e.g. generating the demo month): shown by GET /api/health. */
  notices: Set<string>;
}

export type RuntimeApi = Api<Deps>;
