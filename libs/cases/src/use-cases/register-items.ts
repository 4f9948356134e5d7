import type { FieldError } from '@townhall/platform';
import type { VerifiedAnswer } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';

/**
 * A group a register filled (the children in the applicant's custody): the applicant chooses
 * which of the register's items the application is about and fills in the other sub-fields,
 * but cannot add an item of their own, nor change what the register gave of one.
 */
export type RegisterGroup = VerifiedAnswer & { fields: Record<string, string>; items: Record<string, unknown>[] };

export function registerGroupOf(verified: VerifiedAnswer | undefined): RegisterGroup | null {
  return verified?.items && verified.fields ? (verified as RegisterGroup) : null;
}

/** Whether an answer's item is the register's item: the same value in each sub-field the register gave. */
function sameItem(group: RegisterGroup, answer: Record<string, unknown>, given: Record<string, unknown>): boolean {
  return Object.keys(group.fields).every((sub) => answer[sub] === given[sub]);
}

/**
 * For each of the register's items, the index of the answer's item that is it (-1: left
 * out). An item sent twice counts once; an item that is none of the register's, not at all.
 */
export function chosenItems(group: RegisterGroup, answer: unknown): number[] {
  const items = Array.isArray(answer) ? answer : [];
  return group.items.map((given) =>
    items.findIndex((item) => typeof item === 'object' && item !== null && sameItem(group, item, given)),
  );
}

/**
 * What is wrong with the items of the groups a register filled: an item that is not one of
 * the register's (named by the first sub-field of the nearest one that differs), or one
 * listed twice. [] when every item is one of the register's, each once.
 */
export function registerItemProblems(
  verified: Record<string, VerifiedAnswer>,
  answers: Record<string, unknown>,
  fields: string[] = Object.keys(verified),
): FieldError[] {
  const problems: FieldError[] = [];
  for (const field of fields) {
    const group = registerGroupOf(verified[field]);
    const value = answers[field];
    // Not a list: the schema's check names it.
    if (!group || !Array.isArray(value)) continue;
    const register = `the ${group.register} register`;
    const taken = new Set<number>();
    value.forEach((item: unknown, index) => {
      if (typeof item !== 'object' || item === null) return;
      const answer = item as Record<string, unknown>;
      const at = `${field}.${index}`;
      const same = group.items.findIndex((given) => sameItem(group, answer, given));
      if (same >= 0) {
        if (taken.has(same)) problems.push({ field: at, message: `${at} is listed twice: list each once` });
        taken.add(same);
        return;
      }
      // The register's item it agrees with most is the one it was: its first changed sub-field is named.
      const subs = Object.keys(group.fields);
      let nearest = -1;
      let agreeing = 0;
      group.items.forEach((given, i) => {
        const count = subs.filter((sub) => answer[sub] === given[sub]).length;
        if (count > agreeing) [nearest, agreeing] = [i, count];
      });
      if (nearest < 0) {
        problems.push({
          field: at,
          message: `${at} is not one of those ${register} gives: only those can be listed`,
        });
        return;
      }
      const changed = subs.find((sub) => answer[sub] !== group.items[nearest][sub])!;
      problems.push({
        field: `${at}.${changed}`,
        message: `${at}.${changed} is from ${register} and cannot be changed`,
      });
    });
  }
  return problems;
}

/** Refuses (422, naming each field) items of a register's group that are not the register's. */
export function checkRegisterItems(
  verified: Record<string, VerifiedAnswer>,
  answers: Record<string, unknown>,
  fields?: string[],
): void {
  const problems = registerItemProblems(verified, answers, fields);
  if (problems.length > 0) {
    throw new CaseException(
      `What a national register gave cannot be changed: ${problems.map((p) => p.message).join('; ')}.`,
      CaseExceptionCode.InvalidAnswers,
      problems,
    );
  }
}

/**
 * The answers an application starts with: what a register gave wins over what was sent,
 * except a group of a register's items the applicant sent (chosen among the register's and
 * completed), which is kept, to be checked against the register's.
 */
export function withRegisterAnswers(
  sent: Record<string, unknown>,
  registered: { answers: Record<string, unknown>; verified: Record<string, VerifiedAnswer> },
): Record<string, unknown> {
  const answers = { ...sent };
  for (const [field, value] of Object.entries(registered.answers)) {
    if (registerGroupOf(registered.verified[field]) && sent[field] !== undefined) continue;
    answers[field] = value;
  }
  return answers;
}
