import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DataAccessLog } from '@townhall/audit';
import { FileStorage } from '@townhall/documents';
import { CitizensRepository, StaffRepository } from '@townhall/identity';
import { apiClientOf } from '@townhall/integrations';
import { Access, ProblemResponseDto } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase, type Locale } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages, Translations } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { stateOf, transitionsFor, type CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationFilesRepository } from '../persistence/application-files.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { FollowUpsRepository } from '../persistence/follow-ups.repository.js';
import { AddNoteUseCase } from '../use-cases/add-note.use-case.js';
import { ApplicationLoader } from '../use-cases/application-loader.js';
import { AssignCaseUseCase } from '../use-cases/assign-case.use-case.js';
import { TakeTransitionUseCase } from '../use-cases/take-transition.use-case.js';
import { answersSummary, historyOf, statusOf } from './application-views.js';
import {
  AssignRequestDto,
  NoteRequestDto,
  PersonQueryDto,
  QueueQueryDto,
  RevokePermitRequestDto,
  TransitionRequestDto,
} from './dto/office-case.request.dto.js';
import { PermitsRepository } from '../persistence/permits.repository.js';
import { RevokePermitUseCase } from '../use-cases/revoke-permit.use-case.js';
import {
  CaseResponseDto,
  CaseSummaryResponseDto,
  TransitionResultResponseDto,
} from './dto/office-case.response.dto.js';
import { accessActorOf, staffActor } from './access-actor.js';
import { sendFile } from './send-file.js';

const PAGE_SIZE = 50;

/**
 * Officials work cases in the office: a queue filtered by service, state, assignee and due
 * date; a case with its answers, files, history and the workflow's next steps for their
 * role; notes, claims and assignments. Opening a case is recorded in the applicant's
 * data-access log in the same transaction that reads it. JSON under /api/v1/office/cases.
 */
@ApiTags('office')
@Controller()
export class OfficeCasesController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly files: ApplicationFilesRepository,
    private readonly staff: StaffRepository,
    private readonly storage: FileStorage,
    private readonly accessLog: DataAccessLog,
    private readonly transitions: TakeTransitionUseCase,
    private readonly notes: AddNoteUseCase,
    private readonly assignUseCase: AssignCaseUseCase,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly translations: Translations,
    private readonly followUps: FollowUpsRepository,
    private readonly citizens: CitizensRepository,
    private readonly permits: PermitsRepository,
    private readonly revokePermit: RevokePermitUseCase,
  ) {
    chrome.addLink('office', { href: '/office/cases', text: 'cases.nav.queue' });
  }

  // ---- JSON ----------------------------------------------------------------------------

  @Get('api/v1/office/cases')
  @Access('staff-or-api-key', { scope: 'cases:read' })
  @ApiBearerAuth('apiKey')
  @ApiOperation({ summary: 'The work queue: cases being worked on, most urgent first, filtered' })
  @ApiOkResponse({ type: [CaseSummaryResponseDto] })
  @ApiUnauthorizedResponse({ type: ProblemResponseDto, description: 'No API key or login; an unknown or revoked key' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'The key lacks the scope cases:read' })
  async queueJson(@Query() query: QueueQueryDto, @Req() request: FastifyRequest): Promise<CaseSummaryResponseDto[]> {
    const rows = await this.queue(query, request);
    return rows.map((a) => ({
      id: a.id,
      reference: a.reference,
      service: a.serviceCode,
      state: a.state,
      stateKind: a.stateKind,
      assigneeId: a.assigneeId,
      stateDueAt: a.stateDueAt,
      decisionDueAt: a.decisionDueAt,
      submittedAt: a.submittedAt,
      version: a.version,
    }));
  }

  @Get('api/v1/office/cases/:id')
  @Access('staff-or-api-key', { scope: 'cases:read' })
  @ApiBearerAuth('apiKey')
  @ApiOperation({ summary: 'A case with its answers, files and history (the view is recorded for the applicant)' })
  @ApiOkResponse({ type: CaseResponseDto })
  @ApiUnauthorizedResponse({ type: ProblemResponseDto, description: 'No API key or login; an unknown or revoked key' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'The key lacks the scope cases:read' })
  @ApiNotFoundResponse({ type: ProblemResponseDto, description: 'No such case (here)' })
  async caseJson(@Param('id') id: string, @Req() request: FastifyRequest): Promise<CaseResponseDto> {
    const { application, service, history, files } = await this.open(id, request);
    const actor = caseActorOf(request);
    return {
      ...application,
      transitions: transitionsFor(service, application.state, actor, application.answers).map((t) => t.id),
      history,
      files: files.map(({ storageKey: _key, ...f }) => f),
    };
  }

  @Post('api/v1/office/cases/:id/transitions')
  @HttpCode(200)
  @Access('staff-or-api-key', { scope: 'cases:write' })
  @ApiBearerAuth('apiKey')
  @ApiOperation({
    summary: "Take a step of the case's workflow (optimistic: name the version you saw); a key acts as a system",
  })
  @ApiOkResponse({ type: TransitionResultResponseDto })
  @ApiUnauthorizedResponse({ type: ProblemResponseDto, description: 'No API key or login; an unknown or revoked key' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'The key lacks the scope cases:write' })
  @ApiNotFoundResponse({ type: ProblemResponseDto, description: 'No such case (here)' })
  @ApiConflictResponse({ type: ProblemResponseDto, description: 'Changed meanwhile, or the step is not open now' })
  async transitionJson(
    @Param('id') id: string,
    @Body() body: TransitionRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<TransitionResultResponseDto> {
    const application = await this.transitions.execute({
      applicationId: id,
      transitionId: body.transition,
      actor: caseActorOf(request),
      expectedVersion: body.version,
      text: body.text,
      dueDays: body.dueDays,
      fields: body.fields,
    });
    return { id: application.id, state: application.state, version: application.version };
  }

  @Get('api/v1/office/cases/:id/decision')
  @Access('staff-or-api-key', { scope: 'decisions:read' })
  @ApiBearerAuth('apiKey')
  @ApiOperation({ summary: "The case's decision document, as issued (PDF; the view is recorded for the applicant)" })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The decision (PDF)', schema: { type: 'string', format: 'binary' } })
  @ApiUnauthorizedResponse({ type: ProblemResponseDto, description: 'No API key or login; an unknown or revoked key' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'The key lacks the scope decisions:read' })
  @ApiNotFoundResponse({ type: ProblemResponseDto, description: 'No such case (here), or no decision yet' })
  async decisionJson(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const actor = accessActorOf(request);
    const file = await this.tenantDb.run(async () => {
      const { application } = await this.loader.forOffice(id);
      this.assertWithinLimits(application, request);
      const documentId = application.decision?.documentId;
      const file = documentId ? await this.files.find(id, documentId) : null;
      if (!file) throw new CaseException('This case has no decision yet.', CaseExceptionCode.ApplicationNotFound);
      await this.accessLog.record({
        personId: application.applicantId,
        applicationId: application.id,
        action: 'document-opened',
        actor,
        reason: `Case ${application.reference}`,
        detail: file.fileName,
      });
      return file;
    });
    return sendFile(reply, file.fileName, file.mediaType, await this.storage.get(file.storageKey));
  }

  // ---- pages ---------------------------------------------------------------------------

  @Get('office/cases')
  @ApiExcludeEndpoint()
  @Access('staff')
  async queuePage(@Query() query: QueueQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const { rows, services, members } = await this.tenantDb.read(async () => {
      const rows = await this.queue(query, request);
      const services = new Map<string, Awaited<ReturnType<ApplicationLoader['forOffice']>>['service']>();
      for (const a of rows) {
        if (!services.has(`${a.serviceId}:${a.serviceVersion}`)) {
          services.set(`${a.serviceId}:${a.serviceVersion}`, await this.loader.serviceOf(a));
        }
      }
      return { rows, services, members: await this.staff.list() };
    });
    const now = Date.now();
    const soon = now + 3 * 86_400_000;
    const names = new Map(members.map((m) => [m.id, m.name]));
    const page = query.page ?? 1;
    return this.pages.send(request, reply, 'office-queue.njk', {
      ...(await this.chrome.office(request)),
      title: 'cases.queue.title',
      tenant: currentTenantSettings(),
      query,
      page,
      more: rows.length === PAGE_SIZE,
      cases: rows.map((a) => {
        const service = services.get(`${a.serviceId}:${a.serviceVersion}`)!;
        const due = a.stateDueAt?.getTime();
        return {
          id: a.id,
          reference: a.reference,
          service: service.texts.title[locale],
          status: statusOf(a, service, locale as Locale, t),
          assignee: a.assigneeId ? (names.get(a.assigneeId) ?? '') : '',
          dueAt: a.stateDueAt,
          urgency: due === undefined ? 'none' : due < now ? 'overdue' : due < soon ? 'soon' : 'none',
        };
      }),
      serviceCodes: [...new Set([...services.values()].map((s) => s.code))],
      members: members.filter((m) => m.status === 'active' && m.role !== 'viewer'),
    });
  }

  @Get('office/cases/:id')
  @ApiExcludeEndpoint()
  @Access('staff')
  async casePage(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderCase(id, request, reply);
  }

  @Post('office/cases/:id/transitions')
  @ApiExcludeEndpoint()
  @Access('staff')
  async transitionPage(
    @Param('id') id: string,
    @Body() body: TransitionRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.orShowCase(
      id,
      request,
      reply,
      () => this.transitionJson(id, body, request),
      `?done=${encodeURIComponent(body.transition)}`,
    );
  }

  @Post('office/cases/:id/notes')
  @ApiExcludeEndpoint()
  @Access('staff')
  async notePage(
    @Param('id') id: string,
    @Body() body: NoteRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.notes.execute({ applicationId: id, actor: staffActor(request), text: body.text });
    return reply.redirect(`/office/cases/${id}#history`, 303);
  }

  /** Takes the case's permit back (owners and admins): its verification page then says "Revoked". */
  @Post('office/cases/:id/permit/revoke')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin', 'owner'] })
  async revokePermitPage(
    @Param('id') id: string,
    @Body() body: RevokePermitRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const revoke = () =>
      this.revokePermit.execute({ applicationId: id, actor: staffActor(request), reason: body.reason });
    return this.orShowCase(id, request, reply, revoke, '?done=permit-revoked');
  }

  @Post('office/cases/:id/assign')
  @ApiExcludeEndpoint()
  @Access('staff')
  async assignPage(
    @Param('id') id: string,
    @Body() body: AssignRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const actor = staffActor(request);
    const assign = () =>
      this.assignUseCase.execute({
        applicationId: id,
        actor,
        assigneeId: body.assignee === 'me' ? actor.id : body.assignee,
        expectedVersion: body.version,
      });
    return this.orShowCase(id, request, reply, assign, '');
  }

  @Get('office/cases/:id/files/:file')
  @ApiExcludeEndpoint()
  @Access('staff')
  async download(
    @Param('id') id: string,
    @Param('file') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const actor = staffActor(request);
    const file = await this.tenantDb.run(async () => {
      const { application } = await this.loader.forOffice(id);
      const file = /^[0-9a-f-]{36}$/i.test(fileId) ? await this.files.find(id, fileId) : null;
      if (!file) throw new CaseException('There is no such file.', CaseExceptionCode.ApplicationNotFound);
      await this.accessLog.record({
        personId: application.applicantId,
        applicationId: application.id,
        action: file.kind === 'decision' ? 'document-opened' : 'file-opened',
        actor: { kind: 'staff', id: actor.id, name: actor.name },
        reason: `Case ${application.reference}`,
        detail: file.fileName,
      });
      return file;
    });
    return sendFile(reply, file.fileName, file.mediaType, await this.storage.get(file.storageKey));
  }

  /**
   * A person's data and applications in this municipality. Officials in charge of one of the
   * person's open cases see it at once; anyone else first says why, and the reason goes into
   * the person's data-access log with the view.
   */
  @Get('office/people/:id')
  @ApiExcludeEndpoint()
  @Access('staff')
  async personPage(
    @Param('id') id: string,
    @Query() query: PersonQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const actor = staffActor(request);
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const found = await this.tenantDb.run(async () => {
      const person = /^[0-9a-f-]{36}$/i.test(id) ? await this.citizens.findById(id) : null;
      if (!person) throw new CaseException('There is no such person.', CaseExceptionCode.ApplicationNotFound);
      const applications = (await this.applications.listOfApplicant(person.id)).filter((a) => a.stateKind !== 'draft');
      const inCharge = applications.find(
        (a) => a.assigneeId === actor.id && ['open', 'waiting-applicant', 'waiting-payment'].includes(a.stateKind),
      );
      const reason = inCharge ? `Case ${inCharge.reference} (in charge)` : query.reason?.trim();
      if (!reason) return { person, applications: null };
      await this.accessLog.record({
        personId: person.id,
        action: 'person-data-opened',
        actor: { kind: 'staff', id: actor.id, name: actor.name },
        reason,
      });
      const rows = await Promise.all(
        applications.map(async (a) => {
          const service = await this.loader.serviceOf(a);
          return {
            id: a.id,
            reference: a.reference,
            service: service.texts.title[locale as Locale],
            status: statusOf(a, service, locale as Locale, t),
          };
        }),
      );
      return { person, applications: rows };
    });
    return this.pages.send(request, reply, 'office-person.njk', {
      ...(await this.chrome.office(request)),
      title: 'cases.person.title',
      tenant: currentTenantSettings(),
      person: found.applications
        ? {
            id: found.person.id,
            name: `${found.person.givenName} ${found.person.familyName}`,
            nationalId: found.person.nationalId,
            birthdate: found.person.birthdate,
          }
        : { id: found.person.id },
      applications: found.applications,
      back: query.case,
    });
  }

  // ---- the work ------------------------------------------------------------------------

  /**
   * Does the official's action and goes back to the case; one the case refuses (a conflict,
   * a step not allowed, a missing reason) shows the case again with the reason and its status.
   */
  private async orShowCase(
    id: string,
    request: FastifyRequest,
    reply: FastifyReply,
    action: () => Promise<unknown>,
    then: string,
  ): Promise<FastifyReply> {
    try {
      await action();
    } catch (error) {
      if (
        error instanceof CaseException &&
        error.status < 500 &&
        error.code !== CaseExceptionCode.ApplicationNotFound
      ) {
        return this.renderCase(id, request, reply, error.message, error.status);
      }
      throw error;
    }
    return reply.redirect(`/office/cases/${id}${then}`, 303);
  }

  private queue(query: QueueQueryDto, request: FastifyRequest) {
    const member = apiClientOf(request) ? null : request.staffMember!;
    if (!member && query.assignee === 'me') {
      throw new BadRequestException('assignee=me names the official logged in; with an API key, name a staff id.');
    }
    return this.tenantDb.read(() =>
      this.applications.queue({
        service: query.service,
        state: query.state,
        assignee: query.assignee === 'me' ? member!.id : query.assignee,
        due: query.due,
        // An official limited to some services or departments sees their cases only (a key sees all).
        services: member?.services,
        departments: member?.departments,
        limit: PAGE_SIZE,
        offset: ((query.page ?? 1) - 1) * PAGE_SIZE,
      }),
    );
  }

  /** An official limited to some services or departments finds no other case (a key is not limited). */
  private assertWithinLimits(application: ApplicationEntity, request: FastifyRequest): void {
    if (apiClientOf(request)) return;
    const member = request.staffMember!;
    const outside =
      (member.services.length > 0 && !member.services.includes(application.serviceCode)) ||
      (member.departments.length > 0 &&
        application.department !== null &&
        !member.departments.includes(application.department));
    if (outside) throw new CaseException('There is no such application.', CaseExceptionCode.ApplicationNotFound);
  }

  /** Reads a case for an official (or a system) and records the view, in one transaction: no view unrecorded. */
  private open(id: string, request: FastifyRequest) {
    const actor = accessActorOf(request);
    return this.tenantDb.run(async () => {
      const loaded = await this.loader.forOffice(id);
      const { application } = loaded;
      this.assertWithinLimits(application, request);
      await this.accessLog.record({
        personId: application.applicantId,
        applicationId: application.id,
        action: 'case-opened',
        actor,
        reason: `Case ${application.reference}${application.assigneeId === actor.id ? ' (in charge)' : ''}`,
      });
      return {
        ...loaded,
        history: await this.events.history(id, true),
        files: await this.files.ofApplication(id),
        views: await this.accessLog.aboutApplication(id, 50),
        followUps: await this.followUps.ofApplication(id),
      };
    });
  }

  private async renderCase(id: string, request: FastifyRequest, reply: FastifyReply, problem?: string, status = 200) {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const { application, service, history, files, views, followUps } = await this.open(id, request);
    const actor = staffActor(request);
    const { members, permit } = await this.tenantDb.read(async () => ({
      members: await this.staff.list(),
      permit: await this.permits.ofApplication(application.id),
    }));
    const query = request.query as Record<string, string | undefined>;
    return this.pages.send(
      request,
      reply,
      'office-case.njk',
      {
        ...(await this.chrome.office(request)),
        title: 'cases.case.title',
        tenant: currentTenantSettings(),
        application,
        service: { code: service.code, title: service.texts.title[locale as Locale] },
        status: statusOf(application, service, locale as Locale, t),
        answers: answersSummary(service.form, application.answers, files, locale as Locale, t, application.verified),
        fieldNames: Object.entries(service.form.ui.fields).map(([name, ui]) => ({
          name,
          label: ui.label[locale as Locale],
        })),
        history: historyOf(history, service, locale as Locale, t, true),
        files,
        views,
        followUps: followUps.map((f) => {
          const definition = service.followUps?.find((d) => d.id === f.followUpKey);
          return {
            title: definition?.title[locale as Locale] ?? f.followUpKey,
            dueAt: f.dueAt,
            submittedAt: f.submittedAt,
            answers:
              definition && f.submittedAt ? answersSummary(definition.form, f.answers, files, locale as Locale, t) : [],
          };
        }),
        transitions: transitionsFor(service, application.state, actor, application.answers).map((tr) => ({
          id: tr.id,
          label: tr.label[locale as Locale],
          decision: Boolean(tr.decision),
          asksInformation: stateOf(service, tr.to)?.kind === 'waiting-applicant',
        })),
        assignee: members.find((m) => m.id === application.assigneeId)?.name,
        members: members.filter((m) => m.status === 'active' && m.role !== 'viewer'),
        mayAssign: actor.role === 'owner' || actor.role === 'admin',
        permit: permit
          ? {
              revokedAt: permit.revokedAt,
              validFrom: permit.validFrom,
              validUntil: permit.validUntil,
              mayRevoke: !permit.revokedAt && (actor.role === 'owner' || actor.role === 'admin'),
            }
          : undefined,
        mayClaim: actor.role !== 'viewer' && application.assigneeId !== actor.id,
        problem,
        done: query.done,
      },
      status,
    );
  }
}

/** Who acts on a case: the official, or the municipality's system whose API key was admitted. */
function caseActorOf(request: FastifyRequest): CaseActor {
  const client = apiClientOf(request);
  return client ? { kind: 'system', name: client.actorName } : staffActor(request);
}
