/** A register's answer that does not have the shape its service promises. */
export class UnreadableAnswerError extends Error {
  constructor(readonly path: string) {
    super(`unreadable answer at ${path || 'the top'}`);
    this.name = 'UnreadableAnswerError';
  }
}

/** Small checks of a register's JSON answer: a wrong shape is an unreadable answer, not a crash later. */
export function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UnreadableAnswerError(path);
  return value as Record<string, unknown>;
}

export function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new UnreadableAnswerError(path);
  return value;
}

export function numberAt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UnreadableAnswerError(path);
  return value;
}

export function arrayAt<T>(value: unknown, path: string, item: (value: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) throw new UnreadableAnswerError(path);
  return value.map((v, i) => item(v, fieldOf(path, String(i))));
}

export function oneOfAt<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UnreadableAnswerError(path);
  }
  return value as T;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function dateAt(value: unknown, path: string): string {
  const text = stringAt(value, path);
  if (!DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) throw new UnreadableAnswerError(path);
  return text;
}

/** The path of a field below `path` ("" is the answer itself). */
export function fieldOf(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
