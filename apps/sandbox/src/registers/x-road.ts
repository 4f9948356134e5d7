import { randomUUID } from 'node:crypto';
import {
  applyDecorators,
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

/** The registers the sandbox stands in for. */
export const SANDBOX_REGISTERS = ['population', 'property', 'business'] as const;
export type SandboxRegister = (typeof SANDBOX_REGISTERS)[number];

/** instance/member class/member code/subsystem, e.g. EE/GOV/tartu/townhall. */
export const X_ROAD_CLIENT = /^[A-Za-z0-9-]{2,20}\/[A-Z]{2,10}\/[A-Za-z0-9.-]{1,64}\/[A-Za-z0-9.-]{1,64}$/;

export interface RegisterFault {
  /** Every answer waits this long first (a slow or hanging register). */
  delayMs: number;
  /** Every answer is this 5xx instead (a failing register); null: answers normally. */
  status: number | null;
  /** The fault lasts for this many more requests, then the register is healthy again; null: until reset. */
  remaining: number | null;
}

const HEALTHY: RegisterFault = { delayMs: 0, status: null, remaining: null };

/**
 * What testers (and tests) can do to a register: slow it down, make it fail, and count the
 * requests it got, so that a client's circuit breaker failing fast can be seen from outside.
 */
@Injectable()
export class RegisterFaults {
  private readonly faults = new Map<SandboxRegister, RegisterFault>();
  private readonly requests = new Map<SandboxRegister, number>();

  set(register: SandboxRegister, fault: RegisterFault): RegisterFault {
    this.faults.set(register, fault);
    return fault;
  }

  reset(register: SandboxRegister): void {
    this.faults.delete(register);
  }

  of(register: SandboxRegister): RegisterFault {
    return this.faults.get(register) ?? HEALTHY;
  }

  requestsTo(register: SandboxRegister): number {
    return this.requests.get(register) ?? 0;
  }

  /** Counts a request and takes one off a limited fault; the fault it gets, if any. */
  take(register: SandboxRegister): RegisterFault {
    this.requests.set(register, this.requestsTo(register) + 1);
    const fault = this.of(register);
    if (fault.remaining !== null) {
      if (fault.remaining <= 1) this.faults.delete(register);
      else this.faults.set(register, { ...fault, remaining: fault.remaining - 1 });
    }
    return fault;
  }
}

const REGISTER_KEY = 'sandbox:x-road-register';

/**
 * As an X-Road security server would: the consumer must name itself (X-Road-Client) or is
 * refused with a 400; every answer carries an X-Road-Id. The register's faults apply here.
 */
@Injectable()
export class XRoadInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly faults: RegisterFaults,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const register = this.reflector.getAllAndOverride<SandboxRegister>(REGISTER_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    reply.header('X-Road-Id', `sandbox-${register}-${randomUUID()}`);
    const fault = this.faults.take(register);
    const client = request.headers['x-road-client'];
    if (typeof client !== 'string' || !X_ROAD_CLIENT.test(client)) {
      throw new BadRequestException(
        'The X-Road-Client header must name the consumer as instance/class/member/subsystem, e.g. EE/GOV/tartu/townhall.',
      );
    }
    if (fault.delayMs > 0) await delay(fault.delayMs, reply);
    if (fault.status !== null) {
      throw new HttpException(`The sandbox's ${register} register is failing (a fault set for testing).`, fault.status);
    }
    return next.handle();
  }
}

/** Waits, or less if the client gives up (its connection closes): nobody waits for the answer then. */
function delay(ms: number, reply: FastifyReply): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      reply.raw.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    reply.raw.once('close', done);
  });
}

/** A route of the register's X-Road service (not its sandbox-only controls). */
export const XRoadService = (register: SandboxRegister) =>
  applyDecorators(
    SetMetadata(REGISTER_KEY, register),
    UseInterceptors(XRoadInterceptor),
    ApiHeader({
      name: 'X-Road-Client',
      required: true,
      description: 'The consumer, as instance/class/member/subsystem, e.g. EE/GOV/tartu/townhall',
    }),
  );
