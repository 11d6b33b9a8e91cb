import { type Locale, translate } from '../../app/i18n/index.js';

/**
 * The simulation names each process instance it runs by a random id (`k3x9q2`) in its notices, its log
 * and its instance buttons; these read 「实例1」「实例2」… instead, numbered as they first show.
 */
export function scopeLabels(locale: Locale): { label(id: string): string } {
  const numbers = new Map<string, number>();
  return {
    label(id) {
      let n = numbers.get(id);
      if (n === undefined) numbers.set(id, (n = numbers.size + 1));
      return translate(locale, 'simInstance', { n });
    },
  };
}
