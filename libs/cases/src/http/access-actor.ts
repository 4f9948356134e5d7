import { apiClientOf } from '@townhall/integrations';
import type { FastifyRequest } from 'fastify';
import type { CaseActor } from '../domain/workflow.js';

type Staff = Extract<CaseActor, { kind: 'staff' }>;

/** The official logged in to the office (the `staff` policy admitted them). */
export function staffActor(request: FastifyRequest): Staff {
  const member = request.staffMember!;
  return { kind: 'staff', id: member.id, name: member.name, role: member.role };
}

/** Who is recorded in the applicant's data-access log: the official, or the system (by its key's id). */
export function accessActorOf(request: FastifyRequest): { kind: 'staff' | 'system'; id: string; name: string } {
  const client = apiClientOf(request);
  if (client) return { kind: 'system', id: client.keyId, name: client.actorName };
  const { id, name } = staffActor(request);
  return { kind: 'staff', id, name };
}
