import { errors, jwtVerify, decodeProtectedHeader, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Signatures Townhall accepts on ID tokens: public-key ones only (never none, never HMAC). */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_SKEW_SECONDS = 60;
const MAX_AGE = '10m';

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce: string;
  keys: JWTVerifyGetKey;
  /** What the provider says it signs with (discovery); intersected with ours. */
  providerAlgorithms?: string[];
}

/** An ID token Townhall will not accept, with the reason in words. */
export class IdTokenRejected extends Error {}

/**
 * Verifies an ID token completely: signature against the provider's published keys,
 * issuer exactly, audience our client id (and azp when several), expiry and issue time
 * within a minute of skew, and the nonce of this browser's login.
 */
export async function verifyIdToken(idToken: string, expected: IdTokenExpectations): Promise<JWTPayload> {
  let algorithm: string | undefined;
  try {
    algorithm = decodeProtectedHeader(idToken).alg;
  } catch {
    throw new IdTokenRejected('The ID token is not a signed JWT.');
  }
  const algorithms = expected.providerAlgorithms
    ? ACCEPTED_ALGORITHMS.filter((a) => expected.providerAlgorithms!.includes(a))
    : ACCEPTED_ALGORITHMS;
  if (!algorithm || !algorithms.includes(algorithm)) {
    throw new IdTokenRejected(`The ID token is signed with ${String(algorithm)}, which is not accepted.`);
  }
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(idToken, expected.keys, {
      issuer: expected.issuer,
      audience: expected.clientId,
      algorithms,
      clockTolerance: CLOCK_SKEW_SECONDS,
      maxTokenAge: MAX_AGE,
      requiredClaims: ['sub', 'iat', 'exp'],
    }));
  } catch (error) {
    throw new IdTokenRejected(describe(error));
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== expected.clientId) {
    throw new IdTokenRejected('The ID token was issued to another client (azp).');
  }
  if (claims.nonce !== expected.nonce) {
    throw new IdTokenRejected('The ID token does not carry the nonce of this login.');
  }
  return claims;
}

function describe(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The ID token signature is not valid.';
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'The ID token is signed with a key the provider does not publish.';
  if (error instanceof errors.JWTExpired) return 'The ID token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'iss') return 'The ID token was issued by another provider.';
    if (claim === 'aud') return 'The ID token is meant for another client.';
    if (claim === 'iat') return 'The ID token was issued at an unacceptable time.';
    return `The ID token's ${claim} claim is not acceptable (${error.reason}).`;
  }
  if (error instanceof errors.JOSEError) return `The ID token is not acceptable (${error.code}).`;
  return `The ID token could not be checked: ${(error as Error).message}`;
}
