import type { Knex } from 'knex';
import { ApiError } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';
import { CHANNELS, CHANNEL_NAMES, type Channel, type ChannelSetting, type ChannelTarget } from './model.js';

interface ChannelRow {
  tenant_id: string;
  channel: Channel;
  process_key: string;
  form_key: string;
}

type ChannelDeps = Pick<Deps, 'db' | 'tenants' | 'definitions'>;

/** Each channel's setting as it applies to the tenant: its own, else the nearest ancestor's; a channel nobody set is absent. */
export async function channelSettings(
  deps: ChannelDeps,
  tenantId: string,
  db: Knex = deps.db.knex,
): Promise<ChannelSetting[]> {
  const chain = await deps.tenants.chain(tenantId);
  const rows = (await db('tenant_channels').whereIn('tenant_id', chain)) as ChannelRow[];
  const out: ChannelSetting[] = [];
  for (const channel of CHANNELS) {
    const row = chain
      .map((t) => rows.find((r) => r.tenant_id === t && r.channel === channel))
      .find((r) => r !== undefined);
    if (row)
      out.push({
        channel,
        name: CHANNEL_NAMES[channel],
        processKey: row.process_key,
        formKey: row.form_key,
        setBy: row.tenant_id,
        inherited: row.tenant_id !== tenantId,
      });
  }
  return out;
}

/** What an appeal on `channel` at `tenantId` starts; refuses when neither the tenant nor any ancestor has set the channel. */
export async function resolveChannel(deps: ChannelDeps, tenantId: string, channel: Channel): Promise<ChannelSetting> {
  const found = (await channelSettings(deps, tenantId)).find((s) => s.channel === channel);
  if (!found) {
    throw new ApiError(
      404,
      'CHANNEL_NOT_CONFIGURED',
      `tenant "${tenantId}" and its parents have not set which process the ${channel} channel starts; an administrator sets it with PUT /api/tenants/${tenantId}/channels`,
    );
  }
  return found;
}

/**
 * Sets or clears (null: inherit again) the tenant's own channels. Each process and form must be
 * deployed for the tenant (its own or an ancestor's), so a channel never leads nowhere.
 */
export async function setChannels(
  deps: ChannelDeps,
  tenantId: string,
  changes: Partial<Record<Channel, ChannelTarget | null>>,
  actor: string,
  now: string,
): Promise<ChannelSetting[]> {
  const knex = deps.db.knex;
  for (const [channel, target] of Object.entries(changes) as Array<[Channel, ChannelTarget | null]>) {
    if (!target) continue;
    if (!(await deps.definitions.resolve(knex, 'process', target.processKey, tenantId))) {
      throw new ApiError(
        422,
        'PROCESS_NOT_FOUND',
        `no process "${target.processKey}" is deployed for tenant "${tenantId}" or its parents; deploy it before the ${channel} channel can start it`,
      );
    }
    if (!(await deps.definitions.resolve(knex, 'form', target.formKey, tenantId))) {
      throw new ApiError(
        422,
        'FORM_NOT_FOUND',
        `no form "${target.formKey}" is deployed for tenant "${tenantId}" or its parents; deploy it before the ${channel} channel can show it`,
      );
    }
  }
  await knex.transaction(async (trx) => {
    for (const [channel, target] of Object.entries(changes) as Array<[Channel, ChannelTarget | null]>) {
      await trx('tenant_channels').where({ tenant_id: tenantId, channel }).delete();
      if (target)
        await trx('tenant_channels').insert({
          tenant_id: tenantId,
          channel,
          process_key: target.processKey,
          form_key: target.formKey,
          updated_at: now,
          updated_by: actor,
        });
    }
  });
  return channelSettings(deps, tenantId);
}

/** First start: a manifest's channels, only where the tenant has none of its own yet (an administrator's choice survives restarts). */
export async function seedChannels(
  knex: Knex,
  tenantId: string,
  channels: Partial<Record<Channel, ChannelTarget>>,
  now: string,
): Promise<void> {
  for (const [channel, target] of Object.entries(channels) as Array<[Channel, ChannelTarget]>) {
    if (!(CHANNELS as readonly string[]).includes(channel))
      throw new Error(`unknown channel "${channel}" (known: ${CHANNELS.join(', ')})`);
    await knex('tenant_channels')
      .insert({
        tenant_id: tenantId,
        channel,
        process_key: target.processKey,
        form_key: target.formKey,
        updated_at: now,
        updated_by: 'system:examples',
      })
      .onConflict(['tenant_id', 'channel'])
      .ignore();
  }
}
