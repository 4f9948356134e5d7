import type { FeeDefinition } from '@townhall/catalogue';
import { computeFee, feeRefundedOnDecision, feeRefundedOnWithdrawal, perHour, roundMinor } from './fees.js';
import { PaymentsException } from './payments.exception.js';

const label = { en: 'x', et: 'x', fi: 'x', sv: 'x', bg: 'x' };

describe('computeFee', () => {
  const roomHire: FeeDefinition = {
    due: 'on-submit',
    rules: [
      { id: 'booking', label, amount: 500 },
      {
        id: 'hire',
        label,
        amount: { '*': [5000, { var: '$hours' }] },
        when: { '!=': [{ var: 'bookerType' }, 'nonprofit'] },
      },
      { id: 'chairs', label, amount: { '*': [150, { var: 'chairs' }] }, when: { '>': [{ var: 'chairs' }, 0] } },
    ],
  };

  it('sums a fixed rule, a per-hour rule over a server fact and a per-unit rule over an answer', () => {
    const fee = computeFee({ fees: roomHire, answers: { bookerType: 'company', chairs: 4 }, facts: { hours: 2 } });
    expect(fee.lines.map((l) => [l.id, l.amount])).toEqual([
      ['booking', 500],
      ['hire', 10000],
      ['chairs', 600],
    ]);
    expect(fee.total).toBe(11100);
  });

  it('leaves out a rule whose condition does not hold (an exemption by rule), and one that gives 0', () => {
    const fee = computeFee({ fees: roomHire, answers: { bookerType: 'nonprofit', chairs: 0 }, facts: { hours: 2 } });
    expect(fee.lines.map((l) => l.id)).toEqual(['booking']);
    expect(fee.total).toBe(500);
  });

  it("takes the municipality's own amount for a rule over the template's", () => {
    const fee = computeFee({
      fees: roomHire,
      amounts: { booking: 0, hire: { '*': [3000, { var: '$hours' }] } },
      answers: { bookerType: 'company', chairs: 0 },
      facts: { hours: 3 },
    });
    expect(fee.total).toBe(9000);
    expect(fee.lines.map((l) => l.id)).toEqual(['hire']);
  });

  it('waives the whole fee when an exemption holds, and names it', () => {
    const fee = computeFee({
      fees: roomHire,
      exemptions: [{ id: 'pensioner', label: { en: 'Pensioners pay nothing' }, when: { '>=': [{ var: 'age' }, 68] } }],
      answers: { bookerType: 'company', chairs: 3, age: 70 },
      facts: { hours: 2 },
    });
    expect(fee).toEqual({
      lines: [],
      total: 0,
      exemptedBy: { id: 'pensioner', label: { en: 'Pensioners pay nothing' } },
    });
  });

  it('rounds a fraction of a minor unit half up, never down by a float error', () => {
    expect(perHour(5000, 20)).toBe(1667); // 1666.67
    expect(perHour(4999, 30)).toBe(2500); // 2499.5
    expect(roundMinor(0.1 * 3 * 10)).toBe(3);
    const fee = computeFee({ fees: roomHire, answers: { bookerType: 'company', chairs: 0 }, facts: { hours: 1 / 3 } });
    expect(fee.total).toBe(500 + 1667);
  });

  it('refuses a rule that gives a negative or non-numeric amount, naming the rule', () => {
    const broken: FeeDefinition = { due: 'on-submit', rules: [{ id: 'discount', label, amount: { '-': [0, 500] } }] };
    expect(() => computeFee({ fees: broken, answers: {} })).toThrow(PaymentsException);
    expect(() => computeFee({ fees: broken, answers: {} })).toThrow(/discount.*-500/);
    const text: FeeDefinition = { due: 'on-submit', rules: [{ id: 'odd', label, amount: { var: 'name' } }] };
    expect(() => computeFee({ fees: text, answers: { name: 'free' } })).toThrow(/odd/);
  });

  it('is nothing for a service without fees', () => {
    expect(computeFee({ fees: undefined, answers: {} })).toEqual({ lines: [], total: 0 });
  });
});

describe('feeRefundedOnWithdrawal', () => {
  const fees = (refundOnWithdrawal?: FeeDefinition['refundOnWithdrawal']): FeeDefinition => ({
    due: 'on-submit',
    ...(refundOnWithdrawal ? { refundOnWithdrawal } : {}),
    rules: [{ id: 'fee', label, amount: 2500 }],
  });

  it('refunds by default until an official takes the case up', () => {
    expect(feeRefundedOnWithdrawal(fees(), false)).toBe(true);
    expect(feeRefundedOnWithdrawal(fees(), true)).toBe(false);
    expect(feeRefundedOnWithdrawal(fees('before-processing'), true)).toBe(false);
  });

  it('refunds always, or never, when the fee rules say so', () => {
    expect(feeRefundedOnWithdrawal(fees('always'), true)).toBe(true);
    expect(feeRefundedOnWithdrawal(fees('never'), false)).toBe(false);
  });
});

describe('feeRefundedOnDecision', () => {
  const fees = (refundOnRejection?: FeeDefinition['refundOnRejection']): FeeDefinition => ({
    due: 'on-submit',
    ...(refundOnRejection ? { refundOnRejection } : {}),
    rules: [{ id: 'fee', label, amount: 2500 }],
  });

  it('refunds the fee of a refused application only where the fee rules say always', () => {
    expect(feeRefundedOnDecision(fees('always'), 'rejected')).toBe(true);
    expect(feeRefundedOnDecision(fees('never'), 'rejected')).toBe(false);
    expect(feeRefundedOnDecision(fees(), 'rejected')).toBe(false);
    expect(feeRefundedOnDecision(undefined, 'rejected')).toBe(false);
  });

  it('keeps the fee of an application approved, partly approved or issued', () => {
    for (const outcome of ['approved', 'partly-approved', 'issued']) {
      expect(feeRefundedOnDecision(fees('always'), outcome)).toBe(false);
    }
  });
});
