import type { ServiceTemplate, WorkflowState, WorkflowTransition } from '@townhall/catalogue';
import { holds } from '@townhall/forms';
import { STAFF_ROLES, type StaffRole } from '@townhall/tenancy';
import { addWorkingDays } from './working-days.js';

/** Who acts on a case. */
export type CaseActor =
  | { kind: 'citizen'; id: string; name: string }
  | { kind: 'staff'; id: string; name: string; role: StaffRole }
  | { kind: 'system'; name: string };

/**
 * Whether the actor may take the transition. Staff roles rank admin > owner > handler >
 * viewer: a transition open to handlers is open to owners too; viewers take none.
 */
export function mayTake(transition: WorkflowTransition, actor: CaseActor): boolean {
  if (actor.kind === 'citizen') return transition.by.includes('applicant');
  if (actor.kind === 'system') return transition.by.includes('system');
  if (actor.role === 'viewer') return false;
  const rank = (role: StaffRole) => STAFF_ROLES.indexOf(role);
  return transition.by.some(
    (by) => (STAFF_ROLES as readonly string[]).includes(by) && rank(actor.role) <= rank(by as StaffRole),
  );
}

export function stateOf(service: ServiceTemplate, id: string): WorkflowState | undefined {
  return service.workflow.states.find((s) => s.id === id);
}

/**
 * The transitions the actor may take from the state, given the answers. The applicant takes
 * a step the system takes on an event (`information-received`) by sending what it waits for
 * (the answer, the report), not as a step of its own.
 */
export function transitionsFor(
  service: ServiceTemplate,
  state: string,
  actor: CaseActor,
  answers: Record<string, unknown>,
): WorkflowTransition[] {
  const onEvent = new Set((service.workflow.automatic ?? []).filter((a) => a.on).map((a) => a.transition));
  return service.workflow.transitions.filter(
    (t) =>
      t.from === state &&
      mayTake(t, actor) &&
      holds(t.when, answers) &&
      !(actor.kind === 'citizen' && onEvent.has(t.id)),
  );
}

/** The transition a system event triggers from the state (information received, submitted…). */
export function automaticOn(
  service: ServiceTemplate,
  state: string,
  event: 'submitted' | 'payment-received' | 'follow-up-received' | 'information-received',
): WorkflowTransition | undefined {
  for (const step of service.workflow.automatic ?? []) {
    if (step.on !== event) continue;
    const transition = service.workflow.transitions.find((t) => t.id === step.transition && t.from === state);
    if (transition) return transition;
  }
  return undefined;
}

/** When a case entering the state at `at` is due to leave it, if the state has a deadline. */
export function stateDueAt(service: ServiceTemplate, state: string, at: Date): Date | null {
  const days = stateOf(service, state)?.deadlineDays;
  return days ? addWorkingDays(at, days) : null;
}
