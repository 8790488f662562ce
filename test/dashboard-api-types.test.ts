import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes } from '../scripts/dashboard-api-types.js';

describe("the dashboard's API types", () => {
  it("are the ones generated from the query and replay APIs' /openapi.json (npm run dashboard:api-types)", async () => {
    const generated = await generateApiTypes();
    expect(generated.map((file) => file.file.split('/').at(-1))).toEqual(['query-api.ts', 'replay-api.ts']);
    for (const { file, text } of generated) expect(readFileSync(file, 'utf8'), file).toBe(text);
  });
});
