import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FileStorage, renderDocumentPdf } from '@townhall/documents';
import { CitizensRepository } from '@townhall/identity';
import { PlatformConfig } from '@townhall/platform';
import { currentTenant, tenantSettingsOfRequest, TenantResolver, type Locale } from '@townhall/tenancy';
import { formatDate, Translations, type PageLocale } from '@townhall/web';
import QRCode from 'qrcode';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { PermitCodes } from '../domain/permit-codes.js';
import type { PermitEntity } from '../domain/permit.entity.js';
import type { PermitFacts } from '../domain/permits.js';
import { ApplicationFilesRepository } from '../persistence/application-files.repository.js';
import { PermitsRepository } from '../persistence/permits.repository.js';

/**
 * Issues the permit of a positive decision (inside the decision's transaction): a `permits`
 * row, and its document, a PDF in the applicant's language with the permit's number, the
 * holder, the car, the zone, the period, and a QR code of the verification address on the
 * municipality's host (`<PORTAL_URL>/verify/permits/<signed code>`), kept with the
 * application's files like the decision.
 */
@Injectable()
export class IssuePermit {
  constructor(
    private readonly permits: PermitsRepository,
    private readonly files: ApplicationFilesRepository,
    private readonly storage: FileStorage,
    private readonly citizens: CitizensRepository,
    private readonly codes: PermitCodes,
    private readonly translations: Translations,
    private readonly resolver: TenantResolver,
    private readonly config: PlatformConfig,
  ) {}

  /** The address a permit's QR code carries. */
  verificationUrl(permitId: string): string {
    const { id, slug } = currentTenant();
    const portal = this.config.PORTAL_URL.replace('{slug}', slug).replace(/\/$/, '');
    return `${portal}/verify/permits/${this.codes.codeOf(id, permitId)}`;
  }

  async issue(application: ApplicationEntity, facts: PermitFacts, at: Date): Promise<PermitEntity> {
    const tenant = tenantSettingsOfRequest() ?? (await this.resolver.byId(currentTenant().id));
    if (!tenant) throw new Error(`tenant ${currentTenant().id} not found for a permit`);
    const locale = (
      tenant.locales.includes(application.locale as Locale) ? application.locale : tenant.defaultLocale
    ) as Locale;
    const citizen = await this.citizens.findById(application.applicantId);
    const holderName = application.organisation
      ? application.organisation.name
      : citizen
        ? `${citizen.givenName} ${citizen.familyName}`
        : '';
    const documentId = randomUUID();
    const permit = await this.permits.insert({
      applicationId: application.id,
      kind: facts.kind,
      number: application.reference ?? application.id,
      holderName,
      registration: facts.registration,
      zone: facts.zone,
      zoneLabel: facts.zoneLabel,
      validFrom: facts.validFrom,
      validUntil: facts.validUntil,
      documentId,
    });
    const url = this.verificationUrl(permit.id);
    const translate = this.translations.t(locale as PageLocale);
    const t = (key: string, values: Record<string, string> = {}) => translate(`cases.permit.${key}`, values);
    // In the municipality's regional style (en → en-GB); a calendar day (validFrom) is moved by no time zone.
    const format = { lang: locale as PageLocale, timeZone: tenant.timeZone, currency: tenant.currency };
    const day = (value: string) => formatDate(`${value}T00:00:00Z`, { ...format, timeZone: 'UTC' });
    const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
    const bytes = await renderDocumentPdf({
      locale,
      municipality: { name: tenant.name, primaryColour: tenant.branding.primaryColor },
      title: t(`title.${facts.kind}`),
      reference: permit.number,
      date: formatDate(at, format),
      facts: [
        { label: t('number'), value: permit.number },
        { label: t('holder'), value: holderName },
        { label: t('registration'), value: facts.registration },
        { label: t('zone'), value: facts.zoneLabel[locale] ?? facts.zoneLabel.en ?? facts.zone },
        { label: t('validFrom'), value: day(facts.validFrom) },
        { label: t('validUntil'), value: day(facts.validUntil) },
      ],
      figure: { png, size: 150, alt: t('qrAlt', { url }), caption: url },
      sections: [{ paragraphs: [t('instructions'), t('verification')] }],
      footer: t('footer', { municipality: tenant.name }),
    });
    const storageKey = `${currentTenant().id}/${application.id}/${documentId}.pdf`;
    await this.storage.put(storageKey, bytes);
    await this.files.insert({
      id: documentId,
      applicationId: application.id,
      kind: 'permit',
      field: null,
      fileName: `${permit.number}-permit.pdf`,
      mediaType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey,
    });
    return permit;
  }
}
