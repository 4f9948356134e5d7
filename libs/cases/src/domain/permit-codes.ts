import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '@townhall/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 128 bits of HMAC-SHA256, base64url. */
const SIGNATURE_BYTES = 16;

/**
 * The code a permit's QR code carries: `<permit id>.<signature>`, the id random (a UUID v4),
 * the signature an HMAC-SHA256 of the municipality's id and the permit's id under a key
 * derived (HKDF) from SECRETS_ENCRYPTION_KEY for this use only (its development default is
 * refused in production). A code changed in any character, or made for another
 * municipality, does not verify, and is answered "not valid" without a look-up.
 */
@Injectable()
export class PermitCodes {
  private readonly key: Buffer;

  constructor(config: PlatformConfig) {
    const secret = Buffer.from(config.SECRETS_ENCRYPTION_KEY, 'base64');
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'townhall permit verification v1', 32));
  }

  codeOf(tenantId: string, permitId: string): string {
    return `${permitId}.${this.signature(tenantId, permitId).toString('base64url')}`;
  }

  /** The permit's id when the code is one this municipality issued; null otherwise. */
  verify(tenantId: string, code: string): string | null {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{22})$/.exec(code);
    if (!match || !UUID.test(match[1])) return null;
    const given = Buffer.from(match[2], 'base64url');
    const expected = this.signature(tenantId, match[1]);
    // Base64url of 16 bytes has 22 characters whose last carries spare bits: compare bytes and the text.
    return given.length === expected.length &&
      timingSafeEqual(given, expected) &&
      given.toString('base64url') === match[2]
      ? match[1]
      : null;
  }

  private signature(tenantId: string, permitId: string): Buffer {
    return createHmac('sha256', this.key)
      .update(`permit|${tenantId}|${permitId}`)
      .digest()
      .subarray(0, SIGNATURE_BYTES);
  }
}
