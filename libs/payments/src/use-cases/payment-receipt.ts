import { Injectable } from '@nestjs/common';
import { renderDocumentPdf } from '@townhall/documents';
import { CitizensRepository } from '@townhall/identity';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { formatDateTime, formatMoney, Translations, type FormatContext, type PageLocale } from '@townhall/web';
import type { PaymentEntity } from '../domain/payment.entity.js';

/** A text in the language asked, else the municipality's default, else any. */
export function textIn(texts: Record<string, string>, locale: string, fallback: string): string {
  return texts[locale] ?? texts[fallback] ?? Object.values(texts)[0] ?? '';
}

/**
 * The receipt of a paid payment as a PDF (libs/documents: tagged, in the payer's language,
 * with the municipality's name and colour): receipt number, what was paid for and its lines,
 * amount, method, when, and the gateway's reference.
 */
@Injectable()
export class PaymentReceipt {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly citizens: CitizensRepository,
    private readonly translations: Translations,
  ) {}

  async render(payment: PaymentEntity, locale: PageLocale): Promise<{ bytes: Buffer; fileName: string }> {
    const tenant = currentTenantSettings();
    const payer = await this.tenantDb.read(() => this.citizens.findById(payment.payerId));
    const t = this.translations.t(locale);
    const format: FormatContext = { lang: locale, timeZone: tenant.timeZone, currency: payment.currency };
    const money = (minor: number) => formatMoney(minor, format);
    const what = textIn(payment.description, locale, tenant.defaultLocale);
    const bytes = await renderDocumentPdf({
      locale,
      municipality: { name: tenant.name, primaryColour: tenant.branding.primaryColor },
      title: t('payments.receipt.title'),
      reference: payment.receiptNumber ?? '',
      date: payment.paidAt ? formatDateTime(payment.paidAt, format) : '',
      ...(payer ? { recipient: { name: `${payer.givenName} ${payer.familyName}` } } : {}),
      facts: [
        { label: t('payments.receipt.number'), value: payment.receiptNumber ?? '' },
        { label: t('payments.receipt.for'), value: what },
        ...payment.lines.map((line) => ({
          label: textIn(line.label, locale, tenant.defaultLocale),
          value: money(line.amount),
        })),
        { label: t('payments.receipt.total'), value: money(payment.amount) },
        { label: t('payments.receipt.method'), value: payment.method ? t(`payments.methods.${payment.method}`) : '' },
        { label: t('payments.receipt.paidAt'), value: payment.paidAt ? formatDateTime(payment.paidAt, format) : '' },
        { label: t('payments.receipt.providerRef'), value: payment.providerRef ?? '' },
        ...(payment.status === 'refunded' && payment.refundedAt
          ? [{ label: t('payments.receipt.refundedAt'), value: formatDateTime(payment.refundedAt, format) }]
          : []),
      ],
      sections: [{ paragraphs: [t('payments.receipt.note', { municipality: tenant.name })] }],
      footer: t('payments.receipt.footer', { municipality: tenant.name }),
    });
    return { bytes, fileName: `receipt-${payment.receiptNumber ?? payment.id}.pdf` };
  }
}
