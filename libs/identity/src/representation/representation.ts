import { ForbiddenException, Injectable, type OnModuleInit } from '@nestjs/common';
import { BusinessRegister } from '@townhall/registers';
import type { FastifyRequest } from 'fastify';
import { AuthAudit } from '../audit/auth-audit.js';
import { SessionAccessPolicy } from '../sessions/session-access.policy.js';
import type { Representation } from '../sessions/session.types.js';
import { Sessions, type LiveSession } from '../sessions/sessions.js';

/** Who acts: the person always, and the organisation they act for, if any (both are recorded). */
export interface Actor {
  personId: string;
  organisation: Representation | null;
}

/** The actor of an admitted portal request. */
export function actorOf(request: FastifyRequest): Actor {
  return { personId: request.principal!.id, organisation: request.liveSession?.data.actingFor ?? null };
}

/**
 * Citizens acting for an organisation: allowed when the business register lists them as a
 * representative, and checked with the register again at every action, so a board change
 * counts at once.
 */
@Injectable()
export class RepresentationService implements OnModuleInit {
  constructor(
    private readonly register: BusinessRegister,
    private readonly sessions: Sessions,
    private readonly audit: AuthAudit,
    private readonly policy: SessionAccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.addCheck('portal', (request, session) => this.recheck(request, session));
  }

  /** The organisations the logged-in citizen may act for (none without a national identifier). */
  async choices(request: FastifyRequest): Promise<Representation[]> {
    const id = request.principal?.nationalId;
    return id ? this.register.representationsOf({ country: id.country, personalCode: id.code }) : [];
  }

  /** Starts acting for the organisation, if the register lists the citizen; null = for themselves. */
  async actFor(request: FastifyRequest, registryCode: string | null): Promise<void> {
    const session = request.liveSession!;
    if (registryCode === null) {
      const before = session.data.actingFor;
      delete session.data.actingFor;
      await this.sessions.save(session);
      if (before) await this.record(request, 'representation-ended', 'ok', 'back to acting for themselves', before);
      return;
    }
    const organisation = (await this.choices(request)).find((o) => o.registryCode === registryCode);
    if (!organisation) {
      await this.record(request, 'representation-refused', 'refused', `not a representative of ${registryCode}`, {
        registryCode,
        country: '',
        name: '',
      });
      throw new ForbiddenException(
        `The business register does not list you as a representative of the company ${registryCode}.`,
      );
    }
    session.data.actingFor = organisation;
    await this.sessions.save(session);
    await this.record(request, 'representation-started', 'ok', undefined, organisation);
  }

  /** At every action: is the citizen still a representative of the organisation they act for? */
  private async recheck(request: FastifyRequest, session: LiveSession): Promise<void> {
    const acting = session.data.actingFor;
    if (!acting) return;
    const still = (await this.choices(request)).some((o) => o.registryCode === acting.registryCode);
    if (still) return;
    delete session.data.actingFor;
    await this.sessions.save(session);
    await this.record(request, 'representation-ended', 'refused', 'no longer a representative in the register', acting);
    throw new ForbiddenException(
      `The business register no longer lists you as a representative of ${acting.name}. You now act for yourself.`,
    );
  }

  private record(
    request: FastifyRequest,
    event: string,
    outcome: 'ok' | 'refused',
    reason: string | undefined,
    organisation: Representation,
  ): Promise<void> {
    return this.audit.record(request, {
      realm: 'portal',
      event,
      outcome,
      reason,
      principalId: request.principal?.id,
      sessionRef: request.liveSession ? this.sessions.reference(request.liveSession.id) : undefined,
      detail: { organisation },
    });
  }
}
