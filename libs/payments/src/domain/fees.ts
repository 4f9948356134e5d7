import type { FeeDefinition, FeeRule } from '@townhall/catalogue';
import { holds, tryEvaluate, type JsonLogic } from '@townhall/forms';
import { PaymentsException, PaymentsExceptionCode } from './payments.exception.js';
import type { PaymentLine } from './payment.entity.js';

/**
 * A reason the whole fee is waived (a non-profit booker, a pensioner…), checked before the
 * rules: when one holds, nothing is due and the exemption is named.
 */
export interface FeeExemption {
  id: string;
  label: Record<string, string>;
  when: JsonLogic;
}

export interface FeeInput {
  /** The service's fee rules (the template's, as published). */
  fees: FeeDefinition | undefined;
  /** The municipality's own amounts per rule id (its customisation's `fees`). */
  amounts?: Record<string, number | JsonLogic>;
  exemptions?: FeeExemption[];
  /** The applicant's answers: what the rules' conditions and amounts read. */
  answers: Record<string, unknown>;
  /**
   * Facts the server knows besides the answers, read by rules as `{ "var": "$hours" }`,
   * `$minutes`, `$units`…: a booking's duration, a count. Never taken from the payer.
   */
  facts?: Record<string, number>;
}

export interface ComputedFee {
  /** The rules that hold, each with its amount (rules that give 0 are left out). */
  lines: PaymentLine[];
  /** The sum, integer minor units. */
  total: number;
  /** The exemption that waived the fee, if one did. */
  exemptedBy?: { id: string; label: Record<string, string> };
}

/**
 * The fee of an application or a booking, on the server: the sum of the rules whose `when`
 * holds, each rule's amount being the municipality's (if it set one) or the template's, a
 * whole number of minor units or JsonLogic over the answers and facts giving one:
 *
 * - fixed: `amount: 2500`;
 * - per hour: `amount: { "*": [5000, { "var": "$hours" }] }`;
 * - per unit: `amount: { "*": [300, { "var": "copies" }] }`;
 * - exemptions: a rule's `when` (`{ "!=": [{ "var": "bookerType" }, "nonprofit"] }`) or a
 *   FeeExemption that waives the whole fee.
 *
 * A computed amount with a fraction of a minor unit (50 € an hour for 20 minutes) is rounded
 * half up to a whole one; a negative, infinite or non-numeric one is refused (a broken rule is
 * the municipality's to mend, never a payer's to exploit).
 */
export function computeFee(input: FeeInput): ComputedFee {
  const data = {
    ...input.answers,
    ...Object.fromEntries(Object.entries(input.facts ?? {}).map(([k, v]) => [`$${k}`, v])),
  };
  for (const exemption of input.exemptions ?? []) {
    if (holds(exemption.when, data))
      return { lines: [], total: 0, exemptedBy: { id: exemption.id, label: exemption.label } };
  }
  const lines: PaymentLine[] = [];
  for (const rule of input.fees?.rules ?? []) {
    if (!holds(rule.when, data)) continue;
    const amount = amountOf(rule, input.amounts?.[rule.id] ?? rule.amount, data);
    if (amount > 0) lines.push({ id: rule.id, label: { ...rule.label } as Record<string, string>, amount });
  }
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  if (!Number.isSafeInteger(total)) {
    throw new PaymentsException('The fee is too large to be paid.', PaymentsExceptionCode.BadFee);
  }
  return { lines, total };
}

/**
 * Whether an application's paid fee goes back when the applicant withdraws it, by the fee
 * rules' `refundOnWithdrawal`: `before-processing` (when not said) as long as no official has
 * taken the case up (`processingStarted`: claimed or given it, wrote a note, took a step, asked
 * for information); `always`; `never`. Nothing paid, nothing to refund: the caller looks.
 */
export function feeRefundedOnWithdrawal(fees: FeeDefinition | undefined, processingStarted: boolean): boolean {
  const rule = fees?.refundOnWithdrawal ?? 'before-processing';
  return rule === 'always' || (rule === 'before-processing' && !processingStarted);
}

/**
 * Whether an application's paid fee goes back with its decision, by the fee rules'
 * `refundOnRejection`: only a refusal (outcome `rejected`), and only where the rules say
 * `always` (the default is `never`: a fee for the processing, done either way). A partly
 * approved application keeps its fee.
 */
export function feeRefundedOnDecision(fees: FeeDefinition | undefined, outcome: string): boolean {
  return outcome === 'rejected' && (fees?.refundOnRejection ?? 'never') === 'always';
}

/** A price per hour over a duration in minutes, in whole minor units (rounded half up). */
export function perHour(ratePerHour: number, minutes: number): number {
  return roundMinor((ratePerHour * minutes) / 60);
}

/** Half up, to a whole minor unit; a float's error (x.4999999) does not tip it down. */
export function roundMinor(value: number): number {
  return Math.floor(value + 0.5 + 1e-9);
}

function amountOf(rule: FeeRule, amount: number | JsonLogic, data: Record<string, unknown>): number {
  let value: unknown = amount;
  if (typeof amount !== 'number') {
    const result = tryEvaluate(amount, data);
    if ('error' in result) {
      throw new PaymentsException(
        `Fee rule "${rule.id}" could not be computed: ${result.error}`,
        PaymentsExceptionCode.BadFee,
      );
    }
    value = result.value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PaymentsException(
      `Fee rule "${rule.id}" gives ${JSON.stringify(value)}, not an amount in minor units.`,
      PaymentsExceptionCode.BadFee,
    );
  }
  return roundMinor(value);
}
