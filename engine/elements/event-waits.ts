import { exprSource, type EventDefinition, type FlowNode } from '../../definitions/index.js';
import type { Execution } from '../kernel/execution.js';
import type { Token, Wait, WaitRole } from '../state.js';
import type { ScheduleTimerEffect } from '../effects.js';
import { businessDue } from '../time/business-time.js';
import { resolveTimer, type ResolvedTimer } from '../time/timer.js';

interface WaitPlace {
  role: WaitRole;
  /** The element whose event this is (catch event, boundary event, event-subprocess start). */
  el: FlowNode;
  token?: Token;
  scope: number;
}

/**
 * Opens the timer or message wait an event definition asks for. Expressions are evaluated
 * in `evalScope`; on failure an incident is raised on `incidentToken` and null is returned.
 */
export function openEventWait(
  ctx: Execution,
  event: EventDefinition,
  place: WaitPlace,
  evalScope: number,
  incidentToken?: Token,
): Wait | null {
  const fail = (message: string, limit?: true): null => {
    if (incidentToken)
      ctx.raiseIncident(incidentToken, limit ? 'EVALUATION_LIMIT' : 'FEEL_ERROR', `<${place.el.id}> ${message}`);
    return null;
  };
  const base = {
    role: place.role,
    el: place.el.id,
    scope: place.scope,
    ...(place.token ? { token: place.token.id } : {}),
  };
  if (event.type === 'timer') {
    const value = ctx.evaluate(event.timer.value, evalScope);
    if (!value.ok) return fail(value.message, value.limit);
    if (event.timer.kind === 'duration' && event.timer.businessTime) {
      // civic:deadline: a duration in working units, counted on the business calendar.
      const text = typeof value.value === 'string' ? value.value.trim() : '';
      if (text === '')
        return fail(
          `working-time duration evaluated to ${JSON.stringify(value.value)}, expected text such as "5 workDay"`,
        );
      const calendar = event.timer.businessTime.calendar;
      let dueAt: string;
      try {
        dueAt = businessDue(ctx.env, text, calendar);
      } catch (err) {
        if (incidentToken)
          ctx.raiseIncident(incidentToken, 'INVALID_VALUE', `<${place.el.id}> ${(err as Error).message}`);
        return null;
      }
      return openTimer(ctx, base, { dueAt }, { deadline: text, ...(calendar ? { calendar } : {}) });
    }
    const resolved = resolveTimer(event.timer.kind, value.value, ctx.env.now, ctx.env.minTimerCycleMs);
    if (!resolved.ok) return fail(resolved.message);
    return openTimer(ctx, base, resolved.timer);
  }
  if (event.type === 'message') {
    const name = ctx.evaluate(event.message.name, evalScope);
    if (!name.ok) return fail(name.message, name.limit);
    let key: string | undefined;
    if (event.message.correlationKey) {
      const k = ctx.evaluate(event.message.correlationKey, evalScope);
      if (!k.ok) return fail(k.message, k.limit);
      if (k.value === null || k.value === undefined)
        return fail(`correlation key ${exprSource(event.message.correlationKey)} evaluated to null`);
      key = String(k.value);
    }
    const messageName = String(name.value);
    return ctx.openWait(
      { ...base, kind: 'message', message: messageName, ...(key !== undefined ? { key } : {}) },
      (id) => ({
        type: 'openSubscription',
        subscriptionId: id,
        elementId: place.el.id,
        messageName,
        ...(key !== undefined ? { correlationKey: key } : {}),
      }),
    );
  }
  if (event.type === 'signal') {
    const name = ctx.evaluate(event.signal, evalScope);
    if (!name.ok) return fail(name.message, name.limit);
    const signalName = String(name.value);
    ctx.emit('signalSubscribed', place.el.id, { name: signalName });
    return ctx.openWait({ ...base, kind: 'signal', signal: signalName }, (id) => ({
      type: 'openSignalSubscription',
      subscriptionId: id,
      elementId: place.el.id,
      signalName,
    }));
  }
  return null;
}

export function openTimer(
  ctx: Execution,
  base: Omit<Wait, 'id' | 'kind'>,
  timer: ResolvedTimer,
  business?: Pick<ScheduleTimerEffect, 'deadline' | 'calendar'>,
): Wait {
  return ctx.openWait(
    { ...base, kind: 'timer', dueAt: timer.dueAt, ...(timer.repeat ? { repeat: timer.repeat } : {}) },
    (id) => ({
      type: 'scheduleTimer',
      timerId: id,
      elementId: base.el,
      dueAt: timer.dueAt,
      ...business,
    }),
  );
}
