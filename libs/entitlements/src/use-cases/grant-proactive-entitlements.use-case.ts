import { Injectable } from '@nestjs/common';
import { DataAccessLog } from '@townhall/audit';
import { CitizensRepository } from '@townhall/identity';
import { type NewNotification, Outbox } from '@townhall/notifications';
import { PlatformConfig } from '@townhall/platform';
import { type PopulationRecord, PopulationRegister, REGISTER_TITLES } from '@townhall/registers';
import type { ProactiveService, TenantEntity } from '@townhall/tenancy';
import { Translations, type PageLocale } from '@townhall/web';
import { birthdayOf, grantWindow, localDate, reachesAgeWithin, type GrantWindow } from '../domain/grant-window.js';
import { textIn } from '../domain/proactive-offers.js';
import { EntitlementsRepository } from '../persistence/entitlements.repository.js';

/** Where the portal shows a person their entitlements; the message links there. */
export const MY_ENTITLEMENTS_PATH = '/me/entitlements';

/** What a run of a municipality did. */
export interface GrantOutcome {
  /** The benefits it offers without an application. */
  services: number;
  /** Residents the register showed entitled in the window (granted now or before). */
  found: number;
  /** Granted by this run: each told once. */
  granted: number;
}

/** What a look-up by a grant reads of each person, as the person is told it. */
const ATTRIBUTES_READ = 'name, date of birth, address, residence municipality';

/**
 * Grants a municipality's proactive benefits: for each, asks the population register who
 * reached the age in the window (today and the look back, in the municipality's time zone),
 * inserts the entitlements not there yet, and for each new one writes an `entitlement.granted`
 * notification to the person (by national identifier) in the same transaction. The register
 * is asked for every benefit before anything is written: a register that fails (it throws
 * RegisterUnavailableError) fails the run with nothing granted, and the job is retried; the
 * look back makes a later run catch up. Runs inside the tenant job's transaction.
 */
@Injectable()
export class GrantProactiveEntitlementsUseCase {
  constructor(
    private readonly population: PopulationRegister,
    private readonly entitlements: EntitlementsRepository,
    private readonly outbox: Outbox,
    private readonly citizens: CitizensRepository,
    private readonly accessLog: DataAccessLog,
    private readonly translations: Translations,
    private readonly config: PlatformConfig,
  ) {}

  async execute(tenant: TenantEntity, now = new Date()): Promise<GrantOutcome> {
    const services = tenant.proactive ?? [];
    if (services.length === 0) return { services: 0, found: 0, granted: 0 };
    const municipalityCode = tenant.registers?.population?.municipalityCode;
    if (!municipalityCode) {
      // Refused when the settings are applied; a settings change by hand would end here.
      throw new Error(`${tenant.slug} offers proactive services but has no registers.population.municipalityCode`);
    }
    const today = localDate(now, tenant.timeZone);

    // 1. Every look-up first: nothing is written unless the register answered them all.
    const found: { service: ProactiveService; residents: PopulationRecord[] }[] = [];
    for (const service of services) {
      const window = grantWindow(today, service.rule.minimumAge, this.config.PROACTIVE_LOOKBACK_DAYS);
      const answer = await this.population.residents({
        municipalityCode,
        bornFrom: window.bornFrom,
        bornTo: window.bornTo,
      });
      found.push({ service, residents: entitledIn(answer, municipalityCode, service, window) });
    }

    // 2. Grant and tell, in this one transaction.
    let granted = 0;
    for (const { service, residents } of found) {
      const byId = new Map(residents.map((r) => [`${r.country}/${r.personalCode}`, r]));
      const inserted = await this.entitlements.grant(
        [...byId.values()].map((r) => ({
          code: service.code,
          personCountry: r.country,
          personCode: r.personalCode,
          name: `${r.givenName} ${r.familyName}`,
          validFrom: birthdayOf(r.dateOfBirth, service.rule.minimumAge),
          source: 'proactive' as const,
        })),
      );
      const notifications: NewNotification[] = [];
      for (const entitlement of inserted) {
        const person = byId.get(`${entitlement.personCountry}/${entitlement.personCode}`)!;
        notifications.push({
          event: 'entitlement.granted',
          recipient: { kind: 'person', country: entitlement.personCountry, personalCode: entitlement.personCode },
          payload: {
            service: { ...service.title } as Record<string, string>,
            validFrom: entitlement.validFrom,
            path: MY_ENTITLEMENTS_PATH,
            person: { name: entitlement.name, address: letterAddress(person) },
          },
        });
        await this.recordLookUp(tenant, service, entitlement.personCountry, entitlement.personCode);
      }
      await this.outbox.add(...notifications);
      granted += inserted.length;
    }
    return { services: services.length, found: found.reduce((n, f) => n + f.residents.length, 0), granted };
  }

  /**
   * The register's answer about a person the run acted on goes to their "Who has seen my
   * data", if they have logged in here (the log is kept by user id). Those who have not see
   * the grant itself on their entitlements page once they log in.
   */
  private async recordLookUp(
    tenant: TenantEntity,
    service: ProactiveService,
    country: string,
    code: string,
  ): Promise<void> {
    const known = await this.citizens.withNationalId(country, code);
    if (known.length === 0) return;
    const t = this.translations.t(tenant.defaultLocale as PageLocale);
    const reason = t('entitlements.dataAccessReason', {
      title: textIn(service.title, tenant.defaultLocale, tenant.defaultLocale) || service.code,
    });
    for (const citizen of known) {
      await this.accessLog.record({
        personId: citizen.id,
        action: 'register-query',
        actor: { kind: 'register', name: REGISTER_TITLES.population },
        reason,
        detail: ATTRIBUTES_READ,
      });
    }
  }
}

/**
 * The residents the register answered who are entitled: living in the municipality, and
 * reaching the age within the window (the register was asked for exactly these; a wider
 * answer grants no one it should not).
 */
function entitledIn(
  answer: PopulationRecord[],
  municipalityCode: string,
  service: ProactiveService,
  window: GrantWindow,
): PopulationRecord[] {
  return answer.filter(
    (r) =>
      r.residenceMunicipality.code === municipalityCode &&
      reachesAgeWithin(r.dateOfBirth, service.rule.minimumAge, window),
  );
}

/** The envelope's lines: the name and the address the register gave. */
function letterAddress(person: PopulationRecord): string {
  const a = person.address;
  return [`${person.givenName} ${person.familyName}`, a.street, `${a.postalCode} ${a.city}`].join('\n');
}
