import { randomUUID, createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ServiceTemplate } from '@townhall/catalogue';
import { FileStorage, renderDocumentPdf } from '@townhall/documents';
import { currentTenant, tenantSettingsOfRequest, TenantResolver, type Locale } from '@townhall/tenancy';
import { formatDate, Translations, type FormatContext, type PageLocale } from '@townhall/web';
import type { ApplicationEntity } from '../domain/application.entity.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationFilesRepository } from '../persistence/application-files.repository.js';
import { templateTexts } from './template-texts.js';

/**
 * Issues the decision of a transition as a PDF in the applicant's language, from the
 * decision template of the pinned service version, and keeps it with the application: the
 * document the applicant downloads is the one issued, byte for byte (its checksum is kept).
 */
@Injectable()
export class IssueDecision {
  constructor(
    private readonly storage: FileStorage,
    private readonly files: ApplicationFilesRepository,
    private readonly translations: Translations,
    private readonly resolver: TenantResolver,
  ) {}

  async issue(
    application: ApplicationEntity,
    service: ServiceTemplate,
    decisionKey: string,
    reasons: string,
    actor: CaseActor,
    at: Date,
  ): Promise<{ documentId: string; storageKey: string; fileName: string }> {
    // In a request, its tenant's settings; in a job (an automatic decision), read by id.
    const tenant = tenantSettingsOfRequest() ?? (await this.resolver.byId(currentTenant().id));
    if (!tenant) throw new Error(`tenant ${currentTenant().id} not found for a decision`);
    const locale = (
      tenant.locales.includes(application.locale as Locale) ? application.locale : tenant.defaultLocale
    ) as Locale;
    const template = service.decisions[decisionKey];
    const variables = {
      reference: application.reference,
      service: service.texts.title[locale],
      municipality: tenant.name,
      answers: application.answers,
      reasoning: reasons,
    };
    const body = templateTexts.renderString(template.body[locale], variables);
    // The municipality's regional style (en → en-GB), in its time zone: a bare "en" would be American.
    const format: FormatContext = { lang: locale as PageLocale, timeZone: tenant.timeZone, currency: tenant.currency };
    const date = formatDate(at, format);
    const translate = this.translations.t(locale as PageLocale);
    const t = (key: string, values: Record<string, string> = {}) => translate(`cases.${key}`, values);
    const appeal = template.appealDays ? t('decision.appeal', { days: String(template.appealDays) }) : undefined;
    const bytes = await renderDocumentPdf({
      locale,
      municipality: { name: tenant.name, primaryColour: tenant.branding.primaryColor },
      title: template.title[locale],
      reference: application.reference ?? '',
      date,
      facts: [
        { label: t('decision.service'), value: service.texts.title[locale] },
        { label: t('decision.reference'), value: application.reference ?? '' },
        {
          label: t('decision.submitted'),
          value: application.submittedAt ? formatDate(application.submittedAt, format) : '',
        },
        ...(application.organisation
          ? [
              {
                label: t('decision.organisation'),
                value: `${application.organisation.name} (${application.organisation.registryCode})`,
              },
            ]
          : []),
      ],
      sections: [
        { paragraphs: [body] },
        ...(reasons && !template.body[locale].includes('reasoning')
          ? [{ heading: t('decision.reasons'), paragraphs: [reasons] }]
          : []),
      ],
      footer: appeal,
      signedBy: { name: actor.name },
    });
    const id = randomUUID();
    const storageKey = `${currentTenant().id}/${application.id}/${id}.pdf`;
    await this.storage.put(storageKey, bytes);
    const fileName = `${application.reference ?? 'decision'}-${decisionKey}.pdf`;
    await this.files.insert({
      id,
      applicationId: application.id,
      kind: 'decision',
      field: null,
      fileName,
      mediaType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey,
    });
    return { documentId: id, storageKey, fileName };
  }
}
