import { gzipSync } from 'node:zlib';
import { hostileJsonNumber, hostileString } from './hostile-values.js';
import type { Random } from './random.js';

/** The first `n` bytes, n < length. */
export function truncate(random: Random, bytes: Uint8Array): Uint8Array {
  return bytes.length === 0 ? bytes : bytes.subarray(0, random.int(0, bytes.length - 1));
}

/** A copy with 1 to 16 bits flipped. */
export function flipBits(random: Random, bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  if (out.length === 0) return out;
  const flips = random.int(1, 16);
  for (let i = 0; i < flips; i += 1) out[random.int(0, out.length - 1)]! ^= 1 << random.int(0, 7);
  return out;
}

/** Random bytes written over, inserted in or cut out of the input. */
export function spliceBytes(random: Random, bytes: Uint8Array): Uint8Array {
  const at = random.int(0, bytes.length);
  const cut = random.chance(0.5) ? random.int(0, Math.min(32, bytes.length - at)) : 0;
  const insert = random.bytes(random.length(64));
  return Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at + cut)]);
}

/** A hostile JSON value for replacing a node: wrong types, metacharacters, edge numbers, nesting. */
export function hostileJsonValue(random: Random, depth = 2): unknown {
  const kind = random.weighted({ string: 4, number: 3, nil: 1, bool: 1, array: depth > 0 ? 1 : 0, object: depth > 0 ? 1 : 0, proto: 0.3 });
  switch (kind) {
    case 'string':
      return hostileString(random);
    case 'number':
      return hostileJsonNumber(random);
    case 'nil':
      return null;
    case 'bool':
      return random.chance(0.5);
    case 'array':
      return Array.from({ length: random.int(0, 3) }, () => hostileJsonValue(random, depth - 1));
    case 'object':
      return Object.fromEntries(Array.from({ length: random.int(0, 3) }, () => [hostileString(random, 32), hostileJsonValue(random, depth - 1)]));
    case 'proto':
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
  }
}

/** Replaces, deletes or adds `count` random nodes of a JSON tree (in place; returns the possibly new root). */
export function mutateJson(random: Random, root: unknown, count: number): unknown {
  let tree = root;
  for (let i = 0; i < count; i += 1) {
    const path = randomPath(random, tree);
    if (path.length === 0) {
      tree = hostileJsonValue(random);
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], tree);
    const key = path.at(-1)!;
    const action = random.weighted({ replace: 6, remove: 2, add: 2 });
    if (action === 'replace') parent[key] = hostileJsonValue(random);
    else if (action === 'remove') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
    else if (Array.isArray(parent)) parent.push(hostileJsonValue(random));
    else parent[hostileString(random, 32)] = hostileJsonValue(random);
  }
  return tree;
}

function randomPath(random: Random, tree: unknown): Array<string | number> {
  const path: Array<string | number> = [];
  let node = tree;
  while (node !== null && typeof node === 'object' && random.chance(0.85)) {
    const keys: Array<string | number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    const key = random.pick(keys);
    path.push(key);
    node = (node as any)[key];
  }
  return path;
}

/** Invalid UTF-8 bytes put in the middle of a text body (inside a string or not). */
export function withInvalidUtf8(random: Random, text: string, bad: Uint8Array): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  const quote = bytes.indexOf(0x22, random.int(0, Math.max(0, bytes.length - 1)));
  const at = quote >= 0 ? quote + 1 : random.int(0, bytes.length);
  return Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
}

/** gzip that is not: a broken header, a truncated stream, or a flipped byte in the deflate data. */
export function badGzip(random: Random, body: Uint8Array): Uint8Array {
  const zipped = gzipSync(body);
  return random.pick([
    () => random.bytes(random.length(256)),
    () => zipped.subarray(0, random.int(0, Math.max(0, zipped.length - 1))),
    () => flipBits(random, zipped),
    () => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), random.bytes(random.int(0, 64))]),
    () => Buffer.concat([zipped, random.bytes(random.int(1, 32))]),
  ])();
}
