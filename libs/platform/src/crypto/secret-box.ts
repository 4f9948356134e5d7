import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '../config/platform.config.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts secrets the platform must read back (a webhook's signing secret: HMAC needs it
 * at sign time, so it cannot be hashed like an API key) with AES-256-GCM under
 * SECRETS_ENCRYPTION_KEY. A sealed value is `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url),
 * the key id being the first bytes of the key's SHA-256, so a value sealed under another key
 * is named as such instead of failing as "corrupt". `context` is bound to the value as
 * additional authenticated data (e.g. the row's tenant and id): a sealed value copied to
 * another row does not open there.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;
  private readonly keyId: string;

  constructor(config: PlatformConfig) {
    this.key = Buffer.from(config.SECRETS_ENCRYPTION_KEY, 'base64');
    if (this.key.length !== 32) throw new Error('SECRETS_ENCRYPTION_KEY must be 32 bytes');
    this.keyId = createHash('sha256').update(this.key).digest('base64url').slice(0, 8);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The secret; throws when the value was sealed under another key, for another context, or altered. */
  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (version !== VERSION || ciphertext === undefined || rest.length > 0) throw new Error('not a sealed secret');
    if (keyId !== this.keyId) {
      throw new Error(`the secret was sealed under another SECRETS_ENCRYPTION_KEY (key id ${keyId})`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('the sealed secret does not open: altered, or sealed for another record');
    }
  }
}
