import { JetStreamApiError } from '@nats-io/jetstream';
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isTransientJetStreamError, untilJetStreamTakes } from './jetstream-setup.js';

const apiError = (code: number, description: string) => new JetStreamApiError({ code: 503, err_code: code, description });
const silent = pino({ level: 'silent' });

describe('what JetStream says "not now" with', () => {
  it('asks again after a timeout, no responders, a temporarily unavailable system or no leader', () => {
    expect(isTransientJetStreamError(new TimeoutError())).toBe(true);
    expect(isTransientJetStreamError(new RequestError('no responders', { cause: new NoRespondersError('$JS.API.INFO') }))).toBe(true);
    expect(isTransientJetStreamError(apiError(10008, 'JetStream system temporarily unavailable'))).toBe(true);
    expect(isTransientJetStreamError(apiError(10009, 'JetStream cluster can not handle request'))).toBe(true);
  });

  it('takes a refusal as final: overlapping subjects, no peers with room, an error of ours', () => {
    expect(isTransientJetStreamError(apiError(10065, 'subjects overlap with an existing stream'))).toBe(false);
    expect(isTransientJetStreamError(apiError(10005, 'no suitable peers for placement, insufficient storage'))).toBe(false);
    expect(isTransientJetStreamError(new TypeError('cannot read properties of undefined'))).toBe(false);
  });

  it('runs the setup again after a transient failure, and gives up with the last error at the deadline', async () => {
    let tries = 0;
    const value = await untilJetStreamTakes('stream S', async () => (++tries < 3 ? Promise.reject(new TimeoutError()) : 'made'), silent, { firstPauseMs: 1 });
    expect([value, tries]).toEqual(['made', 3]);

    const last = apiError(10008, 'still unavailable');
    await expect(untilJetStreamTakes('stream S', () => Promise.reject(last), silent, { firstPauseMs: 1, deadlineMs: 20 })).rejects.toBe(last);
  });
});
