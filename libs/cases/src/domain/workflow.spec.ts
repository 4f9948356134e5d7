import { readServiceTemplates } from '@townhall/catalogue';
import { automaticOn, mayTake, stateDueAt, transitionsFor, type CaseActor } from './workflow.js';

const felling = readServiceTemplates(undefined, ['felling-permit']).find((t) => t.code === 'felling-permit')!;
const staff = (role: 'admin' | 'owner' | 'handler' | 'viewer'): CaseActor => ({
  kind: 'staff',
  id: 'x',
  name: 'X',
  role,
});

describe('workflow', () => {
  it('lets a handler start the review and only an owner (or above) decide', () => {
    const inReview = (actor: CaseActor) =>
      transitionsFor(felling, 'in-review', actor, felling.example).map((t) => t.id);
    expect(inReview(staff('handler'))).toEqual(expect.arrayContaining(['request-information', 'plan-inspection']));
    expect(inReview(staff('handler'))).not.toContain('approve');
    expect(inReview(staff('owner'))).toEqual(expect.arrayContaining(['approve', 'reject', 'request-information']));
    expect(inReview(staff('viewer'))).toEqual([]);
    expect(inReview({ kind: 'citizen', id: 'c', name: 'C' })).toEqual([]);
  });

  it("offers the applicant the template's steps open to them, but not one the system takes on an event", () => {
    const wedding = readServiceTemplates(undefined, ['wedding-ceremony'])[0];
    const applicant: CaseActor = { kind: 'citizen', id: 'c', name: 'C' };
    const from = (state: string) => transitionsFor(wedding, state, applicant, wedding.example).map((t) => t.id);
    expect(from('confirmed')).toEqual(['cancel-confirmed']);
    expect(from('requested')).toEqual(['cancel-request']);
    // Answered by sending the information, not as a step of its own.
    expect(from('awaiting-information')).toEqual([]);
  });

  it('finds the automatic transition an event triggers, from the state the case is in only', () => {
    expect(automaticOn(felling, 'awaiting-information', 'information-received')?.id).toBe('information-received');
    expect(automaticOn(felling, 'in-review', 'information-received')).toBeUndefined();
  });

  it('gives a state with a deadline its due date in working days, and none to one without', () => {
    expect(stateDueAt(felling, 'submitted', new Date('2026-11-20T12:00:00Z'))?.toISOString()).toBe(
      '2026-11-25T12:00:00.000Z',
    );
    expect(stateDueAt(felling, 'approved', new Date())).toBeNull();
  });

  it('refuses a transition to the system for an official, and the applicant only what names them', () => {
    const close = felling.workflow.transitions.find((t) => t.id === 'close')!;
    expect(mayTake(close, staff('admin'))).toBe(false);
    expect(mayTake(close, { kind: 'system', name: 'Townhall' })).toBe(true);
  });
});
