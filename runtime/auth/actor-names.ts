import type { Knex } from 'knex';
import type { Locale } from '../../definitions/index.js';

/**
 * The runtime's own actors (`system:…`) in words: staff never read an account id. An unknown
 * `system:` actor is "系统".
 */
const SYSTEM_ACTORS: Record<string, { 'zh-CN': string; en: string }> = {
  'system:examples': { 'zh-CN': '系统（示例载入）', en: 'System (examples loaded)' },
  'system:ladder': { 'zh-CN': '系统（时限预警）', en: 'System (deadline warnings)' },
  'system:timer': { 'zh-CN': '系统（定时）', en: 'System (timer)' },
  'system:calendar': { 'zh-CN': '系统（日历调整）', en: 'System (calendar change)' },
  'system:leave-proxy': { 'zh-CN': '系统（离岗代理）', en: 'System (leave proxy)' },
  public: { 'zh-CN': '群众', en: 'citizen' },
};

/** Display names of the actors (users by their display name, `system:…` in words); null stays null. */
export async function actorNames(
  db: Knex,
  actors: Iterable<string | null>,
  locale: Locale,
): Promise<(actor: string | null) => string | null> {
  const users = [...new Set(actors)].filter(
    (a): a is string => !!a && !(a in SYSTEM_ACTORS) && !a.startsWith('system:'),
  );
  const rows = users.length
    ? ((await db('users').whereIn('username', users).select('username', 'display_name')) as Array<{
        username: string;
        display_name: string;
      }>)
    : [];
  const names = new Map(rows.map((r) => [r.username, r.display_name]));
  return (actor) => {
    if (actor === null) return null;
    const system = SYSTEM_ACTORS[actor];
    if (system) return system[locale];
    if (actor.startsWith('system:')) return locale === 'en' ? 'System' : '系统';
    return names.get(actor) ?? actor;
  };
}
