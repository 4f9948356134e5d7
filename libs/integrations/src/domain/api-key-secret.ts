import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** `th_` and 8 letters or digits: public, shown in lists and logs, names the key. */
const PREFIX = /^th_[a-z0-9]{8}$/;
/** The whole key: its prefix, then 32 random bytes (base64url, 43 characters). */
const KEY = /^(th_[a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface NewApiKeySecret {
  /** The whole key, shown once to the admin who made it, never stored. */
  key: string;
  prefix: string;
  /** SHA-256 of the whole key, hex: what is stored. */
  secretHash: string;
}

/**
 * A new key. Its secret has 256 bits of entropy: a fast hash (SHA-256) is enough to keep it,
 * as nobody can guess it from the hash (no password stretching needed).
 */
export function newApiKeySecret(): NewApiKeySecret {
  const prefix = `th_${Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, secretHash: hashOf(key) };
}

/** The prefix of a presented key, or null when it is not shaped like one of ours. */
export function prefixOf(key: string): string | null {
  return KEY.exec(key)?.[1] ?? null;
}

export function isApiKeyPrefix(value: string): boolean {
  return PREFIX.test(value);
}

/** Whether the presented key is the one whose hash is stored; takes the same time either way. */
export function keyMatches(key: string, secretHash: string): boolean {
  const stored = Buffer.from(secretHash, 'hex');
  const presented = createHash('sha256').update(key).digest();
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
