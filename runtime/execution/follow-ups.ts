import { ApiError } from '../platform/http/errors.js';
import type { FollowUp } from './apply-effects.js';
import { correlateBuffered, correlateMessage } from './messages.js';
import { broadcastSignal } from './signals.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Carries out what one instance's effects asked of others, in the same transaction. */
export async function handleFollowUp(unit: UnitOfWork, f: FollowUp): Promise<void> {
  switch (f.kind) {
    case 'startCall': {
      const def = await unit.services.definitions.resolve(unit.tx, 'process', f.processKey, f.tenant);
      if (!def) {
        // The call cannot start: the parent's call activity becomes an incident, visible and retryable.
        await unit.execute(f.parentId, { type: 'terminateCall', callId: f.callId });
        return;
      }
      await unit.start({
        definitionId: def.id,
        tenant: f.tenant,
        variables: f.variables,
        parent: { instanceId: f.parentId, callId: f.callId },
      });
      return;
    }
    case 'cancelCall': {
      const child = await unit.tx.first<{ id: string }>(
        "select id from instances where parent_id = ? and parent_call = ? and status = 'active'",
        [f.parentId, f.callId],
      );
      if (child) await unit.execute(child.id, { type: 'cancelInstance' });
      return;
    }
    case 'childEnded': {
      const parent = await unit.readInstance(f.parentId);
      if (!parent || parent.status !== 'active') return;
      await unit.execute(
        f.parentId,
        f.completed
          ? { type: 'completeCall', callId: f.callId, variables: f.variables }
          : { type: 'terminateCall', callId: f.callId },
      );
      return;
    }
    case 'publish': {
      await correlateMessage(unit, {
        tenant: f.tenant,
        name: f.name,
        variables: f.variables,
        ...(f.correlationKey !== undefined ? { correlationKey: f.correlationKey } : {}),
      });
      return;
    }
    case 'signal': {
      // A thrown signal is broadcast in the same transaction as the step that threw it, like a
      // published message: it reaches exactly the cases waiting when it was thrown, or none if the step rolls back.
      await broadcastSignal(unit, { tenant: f.tenant, name: f.name, variables: f.variables });
      return;
    }
    case 'subscribed': {
      await correlateBuffered(unit, f);
      return;
    }
    default:
      throw new ApiError(500, 'INTERNAL', `unknown follow-up ${(f as { kind: string }).kind}`);
  }
}
