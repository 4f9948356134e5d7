import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataAccessLog } from '@townhall/audit';
import { FileStorage, renderDocumentPdf } from '@townhall/documents';
import {
  answersFromForm,
  formStepView,
  inFormOrder,
  type AnswerError,
  type FieldView,
  type FormBody,
} from '@townhall/forms';
import { actorOf, SessionAccessPolicy } from '@townhall/identity';
import { feeRefundedOnDecision, feeRefundedOnWithdrawal } from '@townhall/payments';
import { Access } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase, type Locale } from '@townhall/tenancy';
import { formatDateTime, PageChrome, pageLocale, Pages, Translations } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { stateOf, transitionsFor, type CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationFilesRepository } from '../persistence/application-files.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { ApplicationLoader, type LoadedApplication } from '../use-cases/application-loader.js';
import { AttachFilesUseCase } from '../use-cases/attach-files.use-case.js';
import { ProvideInformationUseCase } from '../use-cases/provide-information.use-case.js';
import { editableFields, SaveAnswersUseCase } from '../use-cases/save-answers.use-case.js';
import { StartApplicationUseCase } from '../use-cases/start-application.use-case.js';
import { SubmitApplicationUseCase } from '../use-cases/submit-application.use-case.js';
import { WithdrawApplicationUseCase } from '../use-cases/withdraw-application.use-case.js';
import { TakeTransitionUseCase } from '../use-cases/take-transition.use-case.js';
import { ApplicantStepRequestDto } from './dto/applicant-step.request.dto.js';
import { answersSummary, errorSummary, historyOf, statusOf } from './application-views.js';
import { errorsByRow, registerGroupView, registerItemsFromForm, registerValueView } from './register-group-view.js';
import { registerGroupOf } from '../use-cases/register-items.js';
import { SubmissionLimit } from './submission-limit.js';
import { sendFile } from './send-file.js';
import { FormTargets, type FormTarget } from '../use-cases/form-target.js';
import { SubmitFollowUpUseCase } from '../use-cases/submit-follow-up.use-case.js';
import { FollowUpsRepository } from '../persistence/follow-ups.repository.js';
import { ApplicationFees, PayApplicationFeeUseCase } from '../use-cases/application-fees.js';

type Citizen = Extract<CaseActor, { kind: 'citizen' }>;

/**
 * The citizen's side of applications, as pages that work without JavaScript: start from a
 * service page, fill the form step by step (each step saved as a draft, checked on the
 * server), attach files, check and submit, then follow the application: its status, what
 * happens next, the deadline, its history; answer a request for information, withdraw,
 * download the decision. And "who has seen my data".
 */
@ApiExcludeController()
@Controller()
export class PortalApplicationsController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly files: ApplicationFilesRepository,
    private readonly storage: FileStorage,
    private readonly accessLog: DataAccessLog,
    private readonly start: StartApplicationUseCase,
    private readonly save: SaveAnswersUseCase,
    private readonly attach: AttachFilesUseCase,
    private readonly submitUseCase: SubmitApplicationUseCase,
    private readonly provide: ProvideInformationUseCase,
    private readonly withdrawUseCase: WithdrawApplicationUseCase,
    private readonly sessions: SessionAccessPolicy,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly translations: Translations,
    private readonly submissions: SubmissionLimit,
    private readonly targets: FormTargets,
    private readonly submitFollowUp: SubmitFollowUpUseCase,
    private readonly followUps: FollowUpsRepository,
    private readonly fees: ApplicationFees,
    private readonly payFee: PayApplicationFeeUseCase,
    private readonly transitions: TakeTransitionUseCase,
  ) {
    chrome.addLink('portal', { href: '/applications', text: 'cases.nav.applications' });
    chrome.addLink('portal', { href: '/me/data-access', text: 'cases.nav.dataAccess' });
  }

  @Post('services/:code/apply')
  @Access('citizen')
  async apply(@Param('code') code: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.submissions.check(request);
    const { definition } = await this.start.published(code);
    await this.sessions.requireLevel(request, 'portal', definition.assuranceLevel);
    const application = await this.start.execute({
      serviceCode: code,
      applicant: citizen(request),
      organisation: actorOf(request).organisation,
      locale: pageLocale(request, reply).locale,
    });
    return reply.redirect(`/applications/${application.id}/steps/1`, 303);
  }

  @Get('applications')
  @Access('citizen')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const rows = await this.tenantDb.read(async () => {
      const mine = await this.applications.listOfApplicant(request.principal!.id);
      return Promise.all(
        mine.map(async (application) => {
          const service = await this.loader.serviceOf(application);
          return {
            id: application.id,
            reference: application.reference,
            service: service.texts.title[locale],
            status: statusOf(application, service, locale, t),
            createdAt: application.createdAt,
            submittedAt: application.submittedAt,
            dueAt: application.stateKind === 'waiting-applicant' ? application.stateDueAt : application.decisionDueAt,
          };
        }),
      );
    });
    return this.page(request, reply, 'my-applications.njk', 'cases.mine.title', {
      applications: rows,
    });
  }

  @Get('applications/:id')
  @Access('citizen')
  async show(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const { loaded, history, files, followUps, payment, takenUp } = await this.tenantDb.read(async () => {
      const loaded = await this.loader.forApplicant(id, request.principal!.id);
      return {
        loaded,
        history: await this.events.history(id, false),
        files: await this.files.ofApplication(id),
        followUps: await this.followUps.ofApplication(id),
        payment: await this.fees.latest(id),
        takenUp: loaded.application.assigneeId !== null || (await this.events.touchedByStaff(id)),
      };
    });
    const { application, service } = loaded;
    if (application.stateKind === 'draft') {
      return reply.redirect(this.resumeUrl(loaded), 303);
    }
    const waitingForFee = application.stateKind === 'waiting-payment';
    const query = request.query as Record<string, string | undefined>;
    const steps = applicantSteps(loaded, payment, locale as Locale);
    return this.page(request, reply, 'application.njk', 'cases.application.title', {
      application,
      service: { code: service.code, title: service.texts.title[locale] },
      status: statusOf(application, service, locale, t),
      history: historyOf(history, service, locale, t, false),
      answers: answersSummary(service.form, application.answers, files, locale, t, application.verified),
      attachments: files.filter((f) => f.kind === 'attachment'),
      decisionFile: files.find((f) => f.id === application.decision?.documentId),
      permitFile: files.find((f) => f.kind === 'permit'),
      fee: waitingForFee ? this.feeView(service, application.answers, locale as Locale) : undefined,
      payment: payment
        ? {
            id: payment.id,
            status: payment.status,
            open: ['created', 'pending'].includes(payment.status) && payment.expiresAt.getTime() > Date.now(),
            receiptNumber: payment.receiptNumber,
            amount: payment.amount,
            // Money going back: made, or owed and on its way (the payments sweep makes it).
            refund:
              payment.status === 'refunded' ? 'made' : payment.status === 'paid' && payment.refundDueAt ? 'due' : null,
            // Whether withdrawing now would give the paid fee back (the fee rules' refundOnWithdrawal).
            refundOnWithdrawal: payment.status === 'paid' && feeRefundedOnWithdrawal(service.fees, takenUp),
            // Why withdrawing would keep it: the rules never give it back, or processing has started.
            keptOnWithdrawal: service.fees?.refundOnWithdrawal === 'never' ? 'rule' : 'processing',
            // A refusal that keeps the fee (the fee rules' refundOnRejection, `never` by default) says so.
            keptOnRejection:
              payment.status === 'paid' &&
              !payment.refundDueAt &&
              application.decision?.outcome === 'rejected' &&
              !feeRefundedOnDecision(service.fees, 'rejected'),
          }
        : undefined,
      decisionTitle: application.decision ? service.decisions[application.decision.key]?.title[locale] : undefined,
      steps,
      // A step of the template that ends the case (cancel the booking, withdraw the appeal) stands in for the generic withdrawal.
      canWithdraw:
        ['open', 'waiting-applicant', 'waiting-payment'].includes(application.stateKind) &&
        !steps.some((s) => s.endsCase),
      stepTaken: query.step ? stepLabel(service, query.step, locale as Locale) : undefined,
      canAppeal: application.decision?.appealUntil ? new Date(application.decision.appealUntil) > new Date() : false,
      appealOnline: await this.start
        .published('appeal')
        .then(() => true)
        .catch(() => false),
      firstStepToCorrect: this.firstEditableStep(loaded),
      followUps: followUps.map((f) => ({
        key: f.followUpKey,
        title: service.followUps?.find((d) => d.id === f.followUpKey)?.title[locale] ?? f.followUpKey,
        dueAt: f.dueAt,
        submittedAt: f.submittedAt,
        started: f.stepsDone > 0,
        next: Math.min(
          f.stepsDone + 1,
          service.followUps?.find((d) => d.id === f.followUpKey)?.form.ui.steps.length ?? 1,
        ),
      })),
      submitted: query.submitted === '1',
      answered: query.answered === '1',
      reported: query.reported === '1',
    });
  }

  @Get('applications/:id/steps/:step')
  @Access('citizen')
  async stepPage(
    @Param('id') id: string,
    @Param('step') step: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.showStep(id, undefined, step, request, reply);
  }

  @Post('applications/:id/steps/:step')
  @Access('citizen')
  async saveStep(
    @Param('id') id: string,
    @Param('step') step: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.postStep(id, undefined, step, request, reply);
  }

  @Get('applications/:id/follow-ups/:key/steps/:step')
  @Access('citizen')
  async followUpStepPage(
    @Param('id') id: string,
    @Param('key') key: string,
    @Param('step') step: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.showStep(id, followUpKey(key), step, request, reply);
  }

  @Post('applications/:id/follow-ups/:key/steps/:step')
  @Access('citizen')
  async followUpSaveStep(
    @Param('id') id: string,
    @Param('key') key: string,
    @Param('step') step: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.postStep(id, followUpKey(key), step, request, reply);
  }

  @Get('applications/:id/follow-ups/:key/review')
  @Access('citizen')
  async followUpReview(
    @Param('id') id: string,
    @Param('key') key: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.renderFollowUpReview(request, reply, id, followUpKey(key));
  }

  @Post('applications/:id/follow-ups/:key/submit')
  @Access('citizen')
  async followUpSubmit(
    @Param('id') id: string,
    @Param('key') key: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const checked = followUpKey(key);
    return this.orShowAgain(
      () => this.submitFollowUp.execute({ applicationId: id, applicant: citizen(request), followUpKey: checked }),
      () => reply.redirect(`/applications/${id}?reported=1`, 303),
      (refused) => this.renderFollowUpReview(request, reply, id, checked, refused, 422),
    );
  }

  private load(id: string, key: string | undefined, request: FastifyRequest) {
    return this.tenantDb.read(async () => {
      const loaded = await this.loader.forApplicant(id, request.principal!.id);
      return { loaded, target: await this.targets.of(loaded, key) };
    });
  }

  private async showStep(
    id: string,
    key: string | undefined,
    step: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const { loaded, target } = await this.load(id, key, request);
    const index = this.stepIndex(loaded, target, step);
    return this.renderStep(request, reply, loaded, target, index, target.answers, []);
  }

  private async postStep(
    id: string,
    key: string | undefined,
    step: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const { loaded: before, target } = await this.load(id, key, request);
    const index = this.stepIndex(before, target, step);
    const body = (request.body ?? {}) as FormBody;
    const fields = target.form.ui.steps[index].fields;
    const typed = answersFromForm(target.form, fields, body);
    for (const name of fields) {
      // A group a register filled: its rows are the register's items, kept or left out.
      const group = registerGroupOf(target.verified[name]);
      if (!group) continue;
      const items = registerItemsFromForm(target.form, name, group, body);
      if (items) typed[name] = items;
      else delete typed[name];
    }
    const action = typeof body._action === 'string' ? body._action : 'continue';
    // Files first: a file refused is named on the page like any other error, nothing else saved.
    const remove = ([] as string[]).concat(body._remove ?? []);
    try {
      await this.attach.execute({
        applicationId: id,
        applicantId: request.principal!.id,
        uploads: request.uploads ?? [],
        remove,
        followUpKey: key,
      });
    } catch (error) {
      if (!(error instanceof CaseException) || error.code !== CaseExceptionCode.InvalidFile) throw error;
      const fileErrors: AnswerError[] = error.errors.map((e) => ({
        field: e.field,
        keyword: 'file',
        params: { message: e.message },
        message: e.message,
      }));
      const shown = { ...target.answers, ...typed };
      return this.renderStep(request, reply, before, target, index, shown, fileErrors, 422);
    }
    if (action.startsWith('add:')) {
      // Another row of a group: shown with what was typed, saved when the step is saved.
      const group = action.slice(4);
      const rows = Array.isArray(typed[group]) ? (typed[group] as unknown[]) : [];
      // A register's group takes no row of the applicant's own.
      const added = registerGroupOf(target.verified[group]) ? {} : { [group]: [...rows, {}] };
      const answers = { ...target.answers, ...typed, ...added };
      return this.renderStep(request, reply, before, target, index, answers, []);
    }
    const result = await this.save.execute({
      applicationId: id,
      applicantId: request.principal!.id,
      stepIndex: index,
      answers: typed,
      followUpKey: key,
    });
    if (result.errors.length > 0) {
      return this.renderStep(request, reply, result.loaded, result.target, index, result.answers, result.errors, 422);
    }
    if (action === 'upload') return reply.redirect(`${target.base}/steps/${index + 1}`, 303);
    const last = index + 1 >= target.form.ui.steps.length;
    if (!key && before.application.stateKind === 'waiting-applicant') {
      const next = this.nextEditableStep(result.loaded, index);
      return reply.redirect(
        next === null ? `/applications/${id}/answer` : `/applications/${id}/steps/${next + 1}`,
        303,
      );
    }
    return reply.redirect(last ? `${target.base}/review` : `${target.base}/steps/${index + 2}`, 303);
  }

  @Get('applications/:id/review')
  @Access('citizen')
  async review(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderReview(request, reply, id);
  }

  @Post('applications/:id/submit')
  @Access('citizen')
  async submit(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.submissions.check(request);
    const body = (request.body ?? {}) as FormBody;
    let paymentId: string | undefined;
    return this.orShowAgain(
      async () => {
        const submitted = await this.submitUseCase.execute({
          applicationId: id,
          applicant: citizen(request),
          delivery: typeof body.delivery === 'string' ? body.delivery : undefined,
        });
        if (submitted.stateKind === 'waiting-payment') {
          // The fee due with the application: on to paying it.
          const payment = await this.tenantDb.read(() => this.fees.latest(id));
          if (payment && ['created', 'pending'].includes(payment.status)) paymentId = payment.id;
        }
      },
      () => reply.redirect(paymentId ? `/payments/${paymentId}` : `/applications/${id}?submitted=1`, 303),
      (refused) => this.renderReview(request, reply, id, refused, 422),
    );
  }

  /** Pays the fee the application waits for: the payment still open, or a new one when the last lapsed. */
  @Post('applications/:id/pay')
  @Access('citizen')
  async pay(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const payment = await this.payFee.execute(id, request.principal!.id);
    return reply.redirect(`/payments/${payment.id}`, 303);
  }

  @Get('applications/:id/answer')
  @Access('citizen')
  async answerPage(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderAnswer(request, reply, id);
  }

  @Post('applications/:id/answer')
  @Access('citizen')
  async answer(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const body = (request.body ?? {}) as FormBody;
    const message = typeof body.message === 'string' ? body.message.slice(0, 5000) : undefined;
    return this.orShowAgain(
      () => this.provide.execute({ applicationId: id, applicant: citizen(request), message }),
      () => reply.redirect(`/applications/${id}?answered=1`, 303),
      (refused) => this.renderAnswer(request, reply, id, refused, 422),
    );
  }

  @Post('applications/:id/withdraw')
  @Access('citizen')
  async withdraw(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const body = (request.body ?? {}) as FormBody;
    await this.withdrawUseCase.execute({
      applicationId: id,
      applicant: citizen(request),
      expectedVersion: Number(body.version),
      reason: typeof body.reason === 'string' ? body.reason.slice(0, 2000) : undefined,
    });
    return reply.redirect(`/applications/${id}`, 303);
  }

  /** What taking a step of the template would do (the new state, the fee given back or kept), to confirm. */
  @Get('applications/:id/transitions/:transitionId')
  @Access('citizen')
  async stepConfirmPage(
    @Param('id') id: string,
    @Param('transitionId') transitionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.renderStepConfirm(request, reply, id, transitionId);
  }

  /**
   * Takes a step the template opens to the applicant, as officials take theirs (role, state,
   * version, history, deadlines, a fee the step gives back); a change made meanwhile, or a step
   * no longer open, shows the confirmation again with why (409).
   */
  @Post('applications/:id/transitions/:transitionId')
  @Access('citizen')
  async takeStep(
    @Param('id') id: string,
    @Param('transitionId') transitionId: string,
    @Body() body: ApplicantStepRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    try {
      await this.transitions.execute({
        applicationId: id,
        transitionId: transitionIdOf(transitionId),
        actor: citizen(request),
        expectedVersion: body.version,
      });
    } catch (error) {
      const code = error instanceof CaseException ? error.code : undefined;
      if (code !== CaseExceptionCode.ChangedMeanwhile && code !== CaseExceptionCode.TransitionNotAllowed) throw error;
      return this.renderStepConfirm(request, reply, id, transitionId, code, 409);
    }
    return reply.redirect(`/applications/${id}?step=${encodeURIComponent(transitionId)}`, 303);
  }

  @Get('applications/:id/files/:file')
  @Access('citizen')
  async download(
    @Param('id') id: string,
    @Param('file') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const file = await this.tenantDb.read(async () => {
      await this.loader.forApplicant(id, request.principal!.id);
      return /^[0-9a-f-]{36}$/i.test(fileId) ? this.files.find(id, fileId) : null;
    });
    if (!file) throw new CaseException('There is no such file.', CaseExceptionCode.ApplicationNotFound);
    const bytes = await this.storage.get(file.storageKey);
    return sendFile(reply, file.fileName, file.mediaType, bytes);
  }

  /** Starts an appeal of the decision (the municipality's appeal service), filled in with the decision. */
  @Post('applications/:id/appeal')
  @Access('citizen')
  async appeal(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.submissions.check(request);
    const { application } = await this.tenantDb.read(() => this.loader.forApplicant(id, request.principal!.id));
    const decision = application.decision;
    if (!decision?.appealUntil || new Date(decision.appealUntil) < new Date()) {
      throw new CaseException('This decision cannot be appealed (any more) here.', CaseExceptionCode.NotEditable);
    }
    const { definition } = await this.start.published('appeal');
    await this.sessions.requireLevel(request, 'portal', definition.assuranceLevel);
    const draft = await this.start.execute({
      serviceCode: 'appeal',
      applicant: citizen(request),
      organisation: actorOf(request).organisation,
      locale: pageLocale(request, reply).locale,
      answers: {
        decisionReference: application.reference,
        decisionDate: decision.decidedAt.slice(0, 10),
        decisionMaker: decision.decidedBy,
        appellantRole: 'addressee',
      },
    });
    return reply.redirect(`/applications/${draft.id}/steps/1`, 303);
  }

  @Get('applications/:id/receipt.pdf')
  @Access('citizen')
  async receipt(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const { loaded, files } = await this.withFiles(id, request);
    const { application, service } = loaded;
    if (!application.submittedAt) {
      throw new CaseException('A draft has no receipt: submit it first.', CaseExceptionCode.NotEditable);
    }
    const tenant = currentTenantSettings();
    // The page language's regional style (en → en-GB), in the municipality's time zone.
    const format = (date: Date) =>
      formatDateTime(date, { lang: locale, timeZone: tenant.timeZone, currency: tenant.currency });
    const bytes = await renderDocumentPdf({
      locale,
      municipality: { name: tenant.name, primaryColour: tenant.branding.primaryColor },
      title: t('cases.receipt.title'),
      reference: application.reference!,
      date: format(application.submittedAt),
      recipient: { name: request.principal!.name },
      facts: [
        { label: t('cases.decision.service'), value: service.texts.title[locale] },
        { label: t('cases.decision.reference'), value: application.reference! },
        { label: t('cases.application.submittedAt'), value: format(application.submittedAt) },
        ...(application.organisation
          ? [
              {
                label: t('cases.decision.organisation'),
                value: `${application.organisation.name} (${application.organisation.registryCode})`,
              },
            ]
          : []),
        ...(application.decisionDueAt
          ? [{ label: t('cases.receipt.decisionBy'), value: format(application.decisionDueAt) }]
          : []),
      ],
      sections: answersSummary(service.form, application.answers, files, locale as Locale, t)
        .filter((step) => step.rows.length > 0)
        .map((step) => ({ heading: step.title, paragraphs: step.rows.map((row) => `${row.label}: ${row.value}`) })),
      footer: t('cases.receipt.footer'),
    });
    return sendFile(reply, `${application.reference}-receipt.pdf`, 'application/pdf', bytes);
  }

  @Get('me/data-access')
  @Access('citizen')
  async dataAccess(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { rows, references } = await this.tenantDb.read(async () => {
      const rows = await this.accessLog.aboutPerson(request.principal!.id);
      const mine = await this.applications.listOfApplicant(request.principal!.id, 1000);
      return { rows, references: new Map(mine.map((a) => [a.id, a.reference])) };
    });
    return this.page(request, reply, 'data-access.njk', 'cases.dataAccess.title', {
      rows: rows.map((r) => ({ ...r, reference: r.applicationId ? references.get(r.applicationId) : null })),
    });
  }

  // ---- pages -----------------------------------------------------------------------------

  /** The confirmation of an applicant's step; refused (409) says why, and offers the step again if it still is open. */
  private async renderStepConfirm(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    transitionId: string,
    refused?: CaseExceptionCode,
    status = 200,
  ) {
    const { locale } = pageLocale(request, reply);
    const { loaded, payment } = await this.tenantDb.read(async () => ({
      loaded: await this.loader.forApplicant(id, request.principal!.id),
      payment: await this.fees.latest(id),
    }));
    const { application, service } = loaded;
    const step = applicantSteps(loaded, payment, locale as Locale).find((s) => s.id === transitionId);
    if (!step && !refused) {
      throw new CaseException(
        `"${transitionId}" cannot be taken now: the application is ${application.state}, or it is not yours to take.`,
        CaseExceptionCode.TransitionNotAllowed,
      );
    }
    return this.page(
      request,
      reply,
      'application-transition.njk',
      'cases.steps.confirmTitle',
      {
        application,
        service: { code: service.code, title: service.texts.title[locale] },
        step,
        label: step?.label ?? stepLabel(service, transitionId, locale as Locale) ?? transitionId,
        refused: refused === CaseExceptionCode.ChangedMeanwhile ? 'changed' : refused ? 'notNow' : undefined,
      },
      status,
    );
  }

  private async renderStep(
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: LoadedApplication,
    target: FormTarget,
    index: number,
    answers: Record<string, unknown>,
    errors: AnswerError[],
    status = 200,
  ) {
    const { application, service } = loaded;
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const step = target.form.ui.steps[index];
    const editable = target.editable(step.fields);
    if (!target.opens(step.fields)) {
      throw new CaseException('This cannot be changed now.', CaseExceptionCode.NotEditable);
    }
    // An error in a register's group names the row of the page it is on; errors are listed as the fields are.
    errors = inFormOrder(target.form, errorsByRow(errors, target.verified, answers));
    const summary = errors.map((e) =>
      e.keyword === 'file'
        ? { field: e.field, text: e.message, path: e.field }
        : errorSummary(target.form, [e], locale as Locale, t)[0],
    );
    const shown = errors.map((e, i) => ({ ...e, message: summary[i].text }));
    // A register's answer is shown as saved, whatever was sent for it.
    const saved = target.answers;
    const view = formStepView(target.form, index, locale as Locale, answers, shown);
    const files = await this.tenantDb.read(() => this.files.ofApplication(application.id));
    const stepRows = answersSummary(target.form, answers, files, locale as Locale, t)[index].rows;
    // A register's answer is shown read-only in its place; a register's group not open now is locked like the rest.
    const shownReadOnly = (name: string) => name in target.verified && !registerGroupOf(target.verified[name]);
    const attached: Record<string, { id: string; fileName: string; sizeBytes: number }[]> = {};
    for (const f of view.fields.filter((f) => f.widget === 'file')) {
      const ids = (answers[f.name] as string[] | undefined) ?? [];
      attached[f.name] = files.filter((file) => ids.includes(file.id));
    }
    const followUp = target.followUp
      ? service.followUps?.find((f) => f.id === target.followUp!.followUpKey)
      : undefined;
    return this.page(
      request,
      reply,
      'application-step.njk',
      'cases.step.title',
      {
        application,
        base: target.base,
        service: { code: service.code, title: followUp ? followUp.title[locale] : service.texts.title[locale] },
        step: {
          ...view,
          fields: view.fields
            .filter((f) => editable.has(f.name) || shownReadOnly(f.name))
            .map((f) => this.withRegisterSource(f, target, saved, answers, shown, locale as Locale, t)),
        },
        // Shown as text: a group or a date has no value to print as it is.
        locked: view.fields
          .filter((f) => !editable.has(f.name) && !shownReadOnly(f.name))
          .map((f) => ({ label: f.label, value: stepRows.find((row) => row.name === f.name)?.value })),
        hasFiles: view.fields.some((f) => f.widget === 'file'),
        attached,
        errors: summary,
        correcting: !target.followUp && application.stateKind === 'waiting-applicant',
        request: application.informationRequest,
      },
      status,
    );
  }

  /**
   * A field a register filled is shown read-only with its source; one the register did not
   * answer for says so in its hint (tied to the field by aria-describedby). A group filled
   * from a register's list shows the register's items, each to include or leave out.
   */
  private withRegisterSource(
    field: FieldView,
    target: FormTarget,
    saved: Record<string, unknown>,
    answers: Record<string, unknown>,
    errors: AnswerError[],
    locale: Locale,
    t: TFunction,
  ): FieldView {
    const verified = target.verified[field.name];
    const group = registerGroupOf(verified);
    if (group) {
      const { timeZone } = currentTenantSettings();
      return registerGroupView(field, group, target.form, answers, errors, locale, t, timeZone);
    }
    if (verified) {
      const { timeZone } = currentTenantSettings();
      const ui = target.form.ui.fields[field.name];
      return registerValueView(field, verified, saved[field.name], ui, locale, t, timeZone);
    }
    const unverified = target.unverified[field.name];
    if (unverified) {
      const note = t(`cases.prefill.unverified.${unverified.register}`);
      return { ...field, hint: field.hint ? `${field.hint} ${note}` : note };
    }
    return field;
  }

  private async renderFollowUpReview(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    key: string,
    refused?: CaseException,
    status = 200,
  ) {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const { loaded, target } = await this.load(id, key, request);
    if (target.followUp!.submittedAt) return reply.redirect(`/applications/${id}`, 303);
    const files = await this.tenantDb.read(() => this.files.ofApplication(id));
    const followUp = loaded.service.followUps!.find((f) => f.id === key)!;
    return this.page(
      request,
      reply,
      'application-review.njk',
      'cases.review.followUpTitle',
      {
        application: loaded.application,
        base: target.base,
        submitUrl: `${target.base}/submit`,
        submitText: 'cases.review.submitFollowUp',
        service: { code: loaded.service.code, title: followUp.title[locale] },
        answers: answersSummary(target.form, target.answers, files, locale as Locale, t),
        problems: problemsOf(refused, target, locale as Locale, t),
      },
      status,
    );
  }

  private async renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    refused?: CaseException,
    status = 200,
  ) {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const { loaded, files } = await this.withFiles(id, request);
    const { application, service } = loaded;
    if (application.stateKind !== 'draft') return reply.redirect(`/applications/${id}`, 303);
    return this.page(
      request,
      reply,
      'application-review.njk',
      'cases.review.title',
      {
        application,
        service: { code: service.code, title: service.texts.title[locale] },
        answers: answersSummary(service.form, application.answers, files, locale as Locale, t, application.verified),
        base: `/applications/${id}`,
        submitUrl: `/applications/${id}/submit`,
        submitText: 'cases.review.submit',
        deliveryOptions: service.delivery.map((d) => ({ value: d, label: t(`catalogue.service.deliveries.${d}`) })),
        fee: this.feeView(service, application.answers, locale as Locale),
        problems: this.applicationProblems(refused, loaded, locale as Locale, t),
      },
      status,
    );
  }

  private async renderAnswer(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    refused?: CaseException,
    status = 200,
  ) {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const { loaded, files } = await this.withFiles(id, request);
    const { application, service } = loaded;
    if (application.stateKind !== 'waiting-applicant') return reply.redirect(`/applications/${id}`, 303);
    return this.page(
      request,
      reply,
      'application-answer.njk',
      'cases.answer.title',
      {
        application,
        service: { code: service.code, title: service.texts.title[locale] },
        answers: answersSummary(service.form, application.answers, files, locale as Locale, t, application.verified),
        request: application.informationRequest,
        firstStepToCorrect: this.firstEditableStep(loaded),
        problems: this.applicationProblems(refused, loaded, locale as Locale, t),
      },
      status,
    );
  }

  /** Why the application cannot be sent, for its review or the answer to a request: linked to where it can be fixed now. */
  private applicationProblems(
    refused: CaseException | undefined,
    { application, service }: LoadedApplication,
    locale: Locale,
    t: TFunction,
  ) {
    const filled = {
      form: service.form,
      answers: application.answers,
      verified: application.verified ?? {},
      base: `/applications/${application.id}`,
      editable: (fields: string[]) => editableFields(application, fields),
    };
    return problemsOf(refused, filled, locale, t);
  }

  /**
   * Does what the citizen sent, then goes on; answers that do not pass show the page again
   * with the problems (422), nothing saved.
   */
  private async orShowAgain(
    work: () => Promise<unknown>,
    then: () => FastifyReply,
    showAgain: (refused: CaseException) => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    try {
      await work();
    } catch (error) {
      if (error instanceof CaseException && error.code === CaseExceptionCode.InvalidAnswers) {
        return showAgain(error);
      }
      throw error;
    }
    return then();
  }

  /**
   * The fee of the answers as the page shows it (computed on the server from the pinned
   * version's rules), or undefined when the service has none or nothing is due.
   */
  private feeView(service: LoadedApplication['service'], answers: Record<string, unknown>, locale: Locale) {
    let fee;
    try {
      fee = this.fees.feeOf(service, answers);
    } catch {
      return undefined; // answers not complete yet: the review names what is missing
    }
    if (!fee || fee.total === 0) return undefined;
    const fallback = currentTenantSettings().defaultLocale;
    return {
      due: service.fees!.due,
      total: fee.total,
      lines: fee.lines.map((l) => ({ label: l.label[locale] ?? l.label[fallback] ?? l.id, amount: l.amount })),
    };
  }

  /** An application of the citizen with its files, in one read. */
  private withFiles(id: string, request: FastifyRequest) {
    return this.tenantDb.read(async () => ({
      loaded: await this.loader.forApplicant(id, request.principal!.id),
      files: await this.files.ofApplication(id),
    }));
  }

  /** A portal page of the municipality, with the header of the person logged in. */
  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    title: string,
    context: Record<string, unknown>,
    status = 200,
  ) {
    return this.pages.send(
      request,
      reply,
      template,
      { ...(await this.chrome.portal(request)), title, tenant: currentTenantSettings(), ...context },
      status,
    );
  }

  private stepIndex(loaded: LoadedApplication, target: FormTarget, step: string): number {
    const index = /^[0-9]{1,3}$/.test(step) ? Number(step) - 1 : -1;
    const steps = target.form.ui.steps.length;
    // A form being filled in goes on where it was left: a step further on is reached through the ones before.
    const filling = target.followUp ? !target.followUp.submittedAt : loaded.application.stateKind === 'draft';
    const reachable = filling ? Math.min(target.stepsDone, steps - 1) : steps - 1;
    if (index < 0 || index > reachable) {
      throw new CaseException('The form has no such step yet.', CaseExceptionCode.ApplicationNotFound);
    }
    return index;
  }

  private resumeUrl({ application, service }: LoadedApplication): string {
    return application.stepsDone >= service.form.ui.steps.length
      ? `/applications/${application.id}/review`
      : `/applications/${application.id}/steps/${application.stepsDone + 1}`;
  }

  private firstEditableStep(loaded: LoadedApplication): number | null {
    return this.nextEditableStep(loaded, -1);
  }

  private nextEditableStep(loaded: LoadedApplication, after: number): number | null {
    const steps = loaded.service.form.ui.steps;
    for (let i = after + 1; i < steps.length; i++) {
      if (editableFields(loaded.application, steps[i].fields).size > 0) return i;
    }
    return null;
  }
}

/**
 * What keeps a form from being sent, as its review lists it: each answer that fails worded as
 * on its step, in the order of the pages, linked to its input on the step where it can be
 * changed (an item of a register's group by its row there); anything else (a way of delivery
 * not offered) as it was said.
 */
function problemsOf(
  refused: CaseException | undefined,
  { form, answers, verified, base, editable }: Pick<FormTarget, 'form' | 'answers' | 'verified' | 'base' | 'editable'>,
  locale: Locale,
  t: TFunction,
) {
  if (!refused) return [];
  if (refused.answerErrors.length === 0) return refused.errors.map((e) => ({ text: e.message }));
  const errors = inFormOrder(form, errorsByRow(refused.answerErrors, verified, answers));
  return errorSummary(form, errors, locale, t, { base, editable: (field) => editable([field]).has(field) });
}

/** A follow-up's key in a path: the template's ids are lower-case words joined by hyphens. */
function followUpKey(key: string): string {
  if (!/^[a-z0-9-]{1,64}$/.test(key)) {
    throw new CaseException('Nothing of that name is due on this application.', CaseExceptionCode.ApplicationNotFound);
  }
  return key;
}

/**
 * The steps the template opens to the applicant from the state the case is in, as the page
 * offers them: the label, the state it leads to, and what becomes of a paid fee.
 */
function applicantSteps(
  { application, service }: LoadedApplication,
  payment: { status: string; amount: number; refundDueAt: Date | null } | null,
  locale: Locale,
) {
  const actor: Citizen = { kind: 'citizen', id: application.applicantId, name: '' };
  const paid = payment?.status === 'paid' && !payment.refundDueAt ? payment.amount : null;
  return transitionsFor(service, application.state, actor, application.answers).map((t) => {
    const target = stateOf(service, t.to);
    const endsCase = target?.kind === 'closed';
    return {
      id: t.id,
      label: t.label[locale],
      toState: target?.label[locale] ?? t.to,
      endsCase,
      // The fee goes back with a step that says so; one that ends the case otherwise keeps it.
      refund: t.refundsFee && paid !== null ? paid : null,
      feeKept: !t.refundsFee && endsCase && paid !== null ? paid : null,
    };
  });
}

function stepLabel(service: LoadedApplication['service'], transitionId: string, locale: Locale): string | undefined {
  return service.workflow.transitions.find((t) => t.id === transitionId)?.label[locale];
}

/** A step's id in a path: the template's ids are lower-case words joined by hyphens. */
function transitionIdOf(id: string): string {
  if (!/^[a-z0-9-]{1,64}$/.test(id)) {
    throw new CaseException(
      `The workflow of this service has no step "${id.slice(0, 64)}".`,
      CaseExceptionCode.TransitionNotAllowed,
    );
  }
  return id;
}

function citizen(request: FastifyRequest): Citizen {
  return { kind: 'citizen', id: request.principal!.id, name: request.principal!.name };
}
