import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, SessionAccessPolicy } from '@townhall/identity';
import { Access, ProblemResponseDto } from '@townhall/platform';
import { TenantDatabase } from '@townhall/tenancy';
import { pageLocale } from '@townhall/web';
import { BadRequestException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { transitionsFor } from '../domain/workflow.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { ApplicationLoader } from '../use-cases/application-loader.js';
import { LevelTooLowError, SubmitApplicationUseCase } from '../use-cases/submit-application.use-case.js';
import { SubmitApplicationRequestDto } from './dto/submit-application.request.dto.js';
import { ApplicantStepRequestDto } from './dto/applicant-step.request.dto.js';
import { TransitionResultResponseDto } from './dto/office-case.response.dto.js';
import { TakeTransitionUseCase } from '../use-cases/take-transition.use-case.js';
import { SubmissionLimit } from './submission-limit.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** The citizen's applications as JSON: submit one whole, list them, read one, take a step the template opens to them. */
@ApiTags('applications')
@Controller('api/v1/applications')
export class ApplicationsApiController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly applications: ApplicationsRepository,
    private readonly loader: ApplicationLoader,
    private readonly submitUseCase: SubmitApplicationUseCase,
    private readonly sessions: SessionAccessPolicy,
    private readonly submissions: SubmissionLimit,
    private readonly transitions: TakeTransitionUseCase,
  ) {}

  @Post()
  @Access('citizen')
  @ApiOperation({
    summary: 'Make and submit an application in one request (201; the same Idempotency-Key answers 200 with it)',
  })
  async submit(
    @Body() body: SubmitApplicationRequestDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key must be 8 to 100 letters, digits, - or _.');
    }
    await this.submissions.check(request);
    const principal = request.principal!;
    const { application, created } = await this.submitWhole(request, {
      serviceCode: body.service,
      applicant: { kind: 'citizen', id: principal.id, name: principal.name },
      organisation: actorOf(request).organisation,
      locale: pageLocale(request, reply).locale,
      answers: body.answers,
      delivery: body.delivery,
      idempotencyKey,
      loggedInAt: principal.acr,
    });
    return reply
      .status(created ? HttpStatus.CREATED : HttpStatus.OK)
      .header('Location', `/api/v1/applications/${application.id}`)
      .send(summary(application));
  }

  /** Submits; a service needing a stronger login is refused by the session policy, which audits it outside the rolled-back transaction. */
  private async submitWhole(request: FastifyRequest, input: Parameters<SubmitApplicationUseCase['submitNew']>[0]) {
    try {
      return await this.submitUseCase.submitNew(input);
    } catch (error) {
      if (error instanceof LevelTooLowError) await this.sessions.requireLevel(request, 'portal', error.needed);
      throw error;
    }
  }

  @Get()
  @Access('citizen')
  @ApiOperation({ summary: "The citizen's applications, newest first" })
  async list(@Req() request: FastifyRequest) {
    const mine = await this.tenantDb.read(() => this.applications.listOfApplicant(request.principal!.id));
    return mine.map(summary);
  }

  @Get(':id')
  @Access('citizen')
  @ApiOperation({ summary: "One of the citizen's applications with its answers" })
  async get(@Param('id') id: string, @Req() request: FastifyRequest) {
    const { application, service } = await this.tenantDb.read(() =>
      this.loader.forApplicant(id, request.principal!.id),
    );
    const applicant = { kind: 'citizen' as const, id: application.applicantId, name: '' };
    return {
      ...summary(application),
      answers: application.answers,
      decision: application.decision,
      // The steps the template opens to the applicant now (cancel a booking, withdraw an appeal).
      transitions: transitionsFor(service, application.state, applicant, application.answers).map((t) => t.id),
    };
  }

  @Post(':id/transitions/:transitionId')
  @HttpCode(200)
  @Access('citizen')
  @ApiOperation({
    summary: 'Take a step the template opens to the applicant (optimistic: name the version you saw)',
  })
  @ApiOkResponse({ type: TransitionResultResponseDto })
  @ApiNotFoundResponse({ type: ProblemResponseDto, description: 'No such application of yours (here)' })
  @ApiConflictResponse({ type: ProblemResponseDto, description: 'Changed meanwhile, or the step is not open now' })
  async takeStep(
    @Param('id') id: string,
    @Param('transitionId') transitionId: string,
    @Body() body: ApplicantStepRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<TransitionResultResponseDto> {
    if (!/^[a-z0-9-]{1,64}$/.test(transitionId)) {
      throw new CaseException('transitionId must be a transition id.', CaseExceptionCode.TransitionNotAllowed);
    }
    const principal = request.principal!;
    const application = await this.transitions.execute({
      applicationId: id,
      transitionId,
      actor: { kind: 'citizen', id: principal.id, name: principal.name },
      expectedVersion: body.version,
    });
    return { id: application.id, state: application.state, version: application.version };
  }
}

function summary(a: ApplicationEntity) {
  return {
    id: a.id,
    reference: a.reference,
    service: a.serviceCode,
    serviceVersion: a.serviceVersion,
    state: a.state,
    stateKind: a.stateKind,
    version: a.version,
    submittedAt: a.submittedAt,
    decisionDueAt: a.decisionDueAt,
    stateDueAt: a.stateDueAt,
  };
}
