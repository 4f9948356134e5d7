import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { Access } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages, Translations } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  GATEWAY_METHODS,
  OFFICE_METHODS,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  type PaymentEntity,
} from '../domain/payment.entity.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { textIn } from '../use-cases/payment-receipt.js';
import { refundMessageReason } from '../use-cases/payment-transitions.js';
import { RecordOfficePaymentUseCase } from '../use-cases/record-office-payment.use-case.js';
import { RefundPaymentUseCase } from '../use-cases/refund-payment.use-case.js';
import {
  PaymentActionRequestDto,
  PaymentReceivedRequestDto,
  PaymentReportQueryDto,
  RefundGivenRequestDto,
} from './dto/payment.request.dto.js';
import { sendDownload } from './send-download.js';

/** Who sees the money: the municipality's admins (the finance department is given the admin role for now). */
const FINANCE = { roles: ['admin'] };

/**
 * The finance department's reconciliation: every payment opened in a date range (by status and
 * method), with the gateway's reference and the receipt number to match the bank statement; as
 * a page and as CSV; a refund of a paid payment through the gateway; and, for invoices and
 * payments at the desk, which pass outside the gateway, the money recorded as received and as
 * given back (a refund owed is listed until it is).
 */
@ApiTags('office: payments')
@Controller()
export class OfficePaymentsController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly refund: RefundPaymentUseCase,
    private readonly office: RecordOfficePaymentUseCase,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly translations: Translations,
  ) {}

  @Get('office/payments')
  @Access('staff', FINANCE)
  @ApiExcludeEndpoint()
  async page(
    @Query() query: PaymentReportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const tenant = currentTenantSettings();
    const rows = await this.list(query);
    const filter = new URLSearchParams(
      Object.entries({
        from: query.from,
        to: query.to,
        status: query.status,
        method: query.method,
        owed: query.owed,
      }).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ).toString();
    return this.pages.send(request, reply, 'office-payments.njk', {
      ...(await this.chrome.office(request)),
      title: 'payments.office.title',
      tenant,
      query,
      csvHref: `/office/payments.csv${filter ? `?${filter}` : ''}`,
      statusOptions: [
        { value: '', label: t('payments.office.any') },
        ...PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`payments.status.${s}`) })),
      ],
      methodOptions: [
        { value: '', label: t('payments.office.any') },
        ...PAYMENT_METHODS.map((m) => ({ value: m, label: t(`payments.methods.${m}`) })),
      ],
      total: rows.filter((p) => p.status === 'paid').reduce((sum, p) => sum + p.amount, 0),
      done: doneBanner(query),
      payments: rows.map((p) => ({
        id: p.id,
        createdAt: p.createdAt,
        paidAt: p.paidAt,
        what: textIn(p.description, locale, tenant.defaultLocale),
        purpose: `${p.purposeKind} ${p.purposeId}`,
        amount: p.amount,
        status: p.status,
        method: p.method,
        providerRef: p.providerRef,
        receiptNumber: p.receiptNumber,
        action: officeAction(p),
        refundOwed: p.status === 'paid' && p.refundDueAt !== null,
        refundReason:
          (p.refundDueAt !== null || p.status === 'refunded') && p.refundReason
            ? refundMessageReason(p.purposeKind, p.refundReason)
            : null,
      })),
    });
  }

  @Get('office/payments.csv')
  @Access('staff', FINANCE)
  @ApiExcludeEndpoint()
  async csv(@Query() query: PaymentReportQueryDto, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const tenant = currentTenantSettings();
    const rows = await this.list(query);
    const head = [
      'receipt_number',
      'payment_id',
      'created_at',
      'paid_at',
      'refunded_at',
      'status',
      'method',
      'purpose_kind',
      'purpose_id',
      'description',
      'amount',
      'amount_minor',
      'currency',
      'provider_ref',
      'refund_ref',
      'refund_owed_since',
      'refund_reason',
    ];
    const line = (p: PaymentEntity) => [
      p.receiptNumber ?? '',
      p.id,
      p.createdAt.toISOString(),
      p.paidAt?.toISOString() ?? '',
      p.refundedAt?.toISOString() ?? '',
      p.status,
      p.method ?? '',
      p.purposeKind,
      p.purposeId,
      textIn(p.description, tenant.defaultLocale, tenant.defaultLocale),
      (p.amount / 100).toFixed(2),
      String(p.amount),
      p.currency,
      p.providerRef ?? '',
      p.refundRef ?? '',
      p.refundDueAt?.toISOString() ?? '',
      p.refundReason ?? '',
    ];
    const csv = [head, ...rows.map(line)].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
    const name = `payments-${tenant.slug}${query.from ? `-${query.from}` : ''}${query.to ? `-${query.to}` : ''}.csv`;
    return sendDownload(reply, name, 'text/csv; charset=utf-8', `\uFEFF${csv}`);
  }

  @Post('office/payments/:id/refund')
  @Access('staff', FINANCE)
  @ApiExcludeEndpoint()
  async refundPage(
    @Param('id') id: string,
    @Body() _body: PaymentActionRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const payment = await this.refund.execute(id, 'office', `office:${request.principal!.id}`);
    return reply.redirect(`/office/payments?refunded=${encodeURIComponent(payment.receiptNumber ?? '')}`, 303);
  }

  @Post('office/payments/:id/received')
  @Access('staff', FINANCE)
  @ApiExcludeEndpoint()
  async receivedPage(
    @Param('id') id: string,
    @Body() body: PaymentReceivedRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const note = body.note?.trim();
    const payment = await this.office.received(id, `office:${request.principal!.id}`, note || undefined);
    return reply.redirect(`/office/payments?received=${encodeURIComponent(payment.receiptNumber ?? '')}`, 303);
  }

  @Post('office/payments/:id/refund-given')
  @Access('staff', FINANCE)
  @ApiExcludeEndpoint()
  async refundGivenPage(
    @Param('id') id: string,
    @Body() body: RefundGivenRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const payment = await this.office.refundGiven(id, `office:${request.principal!.id}`, body.reference.trim());
    return reply.redirect(`/office/payments?refundGiven=${encodeURIComponent(payment.receiptNumber ?? '')}`, 303);
  }

  private list(query: PaymentReportQueryDto): Promise<PaymentEntity[]> {
    const { timeZone } = currentTenantSettings();
    return this.tenantDb.read(() =>
      this.payments.list({
        from: query.from,
        to: query.to,
        status: query.status,
        method: query.method,
        owed: query.owed === 'yes',
        timeZone,
      }),
    );
  }
}

/**
 * What the finance department can do to a payment from the list: refund it through the gateway,
 * or, for an invoice or a desk payment, record its money received (awaited, or come after its
 * time ran out: its purpose decides) or given back.
 */
function officeAction(p: PaymentEntity): 'refund' | 'refund-given' | 'received' | null {
  if (p.method === null) return null;
  if (GATEWAY_METHODS.includes(p.method)) return p.status === 'paid' ? 'refund' : null;
  if (!OFFICE_METHODS.includes(p.method)) return null;
  if (p.status === 'paid') return 'refund-given';
  return p.status === 'pending' || p.status === 'expired' ? 'received' : null;
}

/** The banner after an action (a redirect's ?refunded=, ?received=, ?refundGiven= with the receipt number). */
function doneBanner(query: PaymentReportQueryDto): { kind: string; receipt: string } | undefined {
  for (const kind of ['refunded', 'received', 'refundGiven'] as const) {
    const receipt = query[kind];
    if (typeof receipt === 'string' && /^\d{4}-\d{6}$/.test(receipt)) return { kind, receipt };
  }
  return undefined;
}

/** A CSV cell: quoted when needed, and never a formula a spreadsheet would run. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
