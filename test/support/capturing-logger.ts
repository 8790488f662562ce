import { Writable } from 'node:stream';
import { pino } from 'pino';

/** A pino logger at `level` whose lines the test can read, parsed. */
export function capturingLogger(level = 'info') {
  const lines: Array<{ level: number; msg: string; host?: string; what?: string; err?: string }> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
