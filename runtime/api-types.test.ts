import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from './api-types.js';

describe("the designer's generated API types", () => {
  it('match the routes (run `npm run api:types` after changing a route)', async () => {
    expect(
      readFileSync(API_TYPES_FILE, 'utf8') === (await apiTypes()),
      'designer/src/app/api/schema.gen.ts is stale: run `npm run api:types`',
    ).toBe(true);
  });
});
