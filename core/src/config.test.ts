import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseServiceConfig } from './config.js';

const Schema = z.object({ PORT: z.coerce.number().int().max(65535).default(8081), HOST: z.string().default('127.0.0.1') });

describe('parseServiceConfig', () => {
  it('applies defaults, then the overrides', () => {
    expect(parseServiceConfig('api', Schema, { PORT: '9000' }, { HOST: '0.0.0.0' })).toEqual({ PORT: 9000, HOST: '0.0.0.0' });
  });

  it('names the service and every bad variable in one typed error', () => {
    expect(() => parseServiceConfig('api', Schema, { PORT: '99999' })).toThrow(ConfigError);
    expect(() => parseServiceConfig('api', Schema, { PORT: 'x' })).toThrow(/invalid api configuration: PORT:/);
  });
});
