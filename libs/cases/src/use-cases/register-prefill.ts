import { Injectable, Logger } from '@nestjs/common';
import type { PrefillMapping, ServiceTemplate } from '@townhall/catalogue';
import { validateAnswers } from '@townhall/forms';
import { CitizensRepository, type Representation } from '@townhall/identity';
import {
  BusinessRegister,
  type Company,
  formatAddress,
  type PopulationRecord,
  PopulationRegister,
  type PropertyUnit,
  PropertyRegister,
  type RegisterQueryPurpose,
  RegisterUnavailableError,
} from '@townhall/registers';
import { TenantDatabase } from '@townhall/tenancy';
import type { UnverifiedAnswer, VerifiedAnswer } from '../domain/application.entity.js';

type RegisterName = PrefillMapping['register'];

/**
 * The register attributes a service template's `prefill` may name, and how each becomes an
 * answer. A mapping naming another attribute (or a field inside a group) fills nothing.
 */
const ATTRIBUTES = {
  population: {
    name: (p: PopulationRecord) => `${p.givenName} ${p.familyName}`,
    givenName: (p: PopulationRecord) => p.givenName,
    familyName: (p: PopulationRecord) => p.familyName,
    address: (p: PopulationRecord) => formatAddress(p.address),
    dateOfBirth: (p: PopulationRecord) => p.dateOfBirth,
    personalCode: (p: PopulationRecord) => p.personalCode,
  },
  property: {
    address: (u: PropertyUnit) => formatAddress(u.address),
    cadastralId: (u: PropertyUnit) => u.cadastralId,
    cadastralCode: (u: PropertyUnit) => u.cadastralId,
    area: (u: PropertyUnit) => u.areaM2,
  },
  business: {
    name: (c: Company) => c.name,
    registryCode: (c: Company) => c.registryCode,
  },
} satisfies Record<RegisterName, Record<string, (record: never) => unknown>>;

/** The attributes each register offers to `prefill` (docs/service-templates.md). */
export const PREFILL_ATTRIBUTES: Record<RegisterName, string[]> = {
  population: Object.keys(ATTRIBUTES.population),
  property: Object.keys(ATTRIBUTES.property),
  business: Object.keys(ATTRIBUTES.business),
};

export interface RegisterPrefillResult {
  /** The answers the registers gave, by field. */
  answers: Record<string, unknown>;
  verified: Record<string, VerifiedAnswer>;
  /** Fields whose register did not answer: left for the applicant to type. */
  unverified: Record<string, UnverifiedAnswer>;
}

export interface RegisterPrefillInput {
  definition: ServiceTemplate;
  /** The citizen's user id (`citizens.id`). */
  applicantId: string;
  organisation: Representation | null;
  /** The application being started (its id is chosen before it is written), for the data-access log. */
  applicationId: string;
  /** Why, as the citizen reads it on "Who has seen my data". */
  reason: string;
}

/** A record a register gave, or why it gave none. */
type Answer<T> = { record: T | null; at: string } | { failed: RegisterUnavailableError; at: string } | null;

/**
 * Once-only: fills the fields a service template maps to the national registers from what
 * the registers hold about the applicant, each register asked at most once. A register that
 * does not answer stops nothing: its fields stay empty, for the applicant to type, marked as
 * unverified. A register the municipality has not configured, a person it does not know, or
 * a value that does not fit the field fills nothing, and marks nothing.
 *
 * Called outside any transaction (the look-ups are HTTP): each look-up is written to the
 * data-access log on its own, under the application's id chosen beforehand.
 */
@Injectable()
export class RegisterPrefill {
  private readonly logger = new Logger(RegisterPrefill.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly citizens: CitizensRepository,
    private readonly population: PopulationRegister,
    private readonly property: PropertyRegister,
    private readonly business: BusinessRegister,
  ) {}

  async fill(input: RegisterPrefillInput): Promise<RegisterPrefillResult> {
    const fields = input.definition.form.schema.properties;
    const mappings = (input.definition.prefill ?? []).filter(
      (m) => m.field in fields && m.attribute in ATTRIBUTES[m.register],
    );
    const result: RegisterPrefillResult = { answers: {}, verified: {}, unverified: {} };
    if (mappings.length === 0) return result;
    const wanted = new Set(mappings.map((m) => m.register));
    const purpose: RegisterQueryPurpose = {
      personId: input.applicantId,
      reason: input.reason,
      applicationId: input.applicationId,
    };
    const needsPerson = wanted.has('population') || wanted.has('property');
    const citizen = needsPerson ? await this.tenantDb.read(() => this.citizens.findById(input.applicantId)) : null;
    const person =
      citizen?.nationalId && citizen.nationalIdCountry
        ? { country: citizen.nationalIdCountry, personalCode: citizen.nationalId }
        : null;
    const [population, property, business] = await Promise.all([
      wanted.has('population') && person ? this.ask(() => this.population.person(person, purpose)) : null,
      wanted.has('property') && person
        ? this.ask(async () => {
            const units = await this.property.unitsOwnedBy(
              { country: person.country, code: person.personalCode },
              purpose,
            );
            // One property: it is the one. None or several: the applicant says which.
            return units.length === 1 ? units[0] : null;
          })
        : null,
      wanted.has('business') && input.organisation
        ? this.ask(() => this.business.company(input.organisation!.registryCode, purpose))
        : null,
    ]);
    const answers: Record<RegisterName, Answer<unknown>> = { population, property, business };
    for (const mapping of mappings) {
      const answer = answers[mapping.register];
      if (!answer) continue;
      if ('failed' in answer) {
        result.unverified[mapping.field] = {
          register: mapping.register,
          attribute: mapping.attribute,
          reason: answer.failed.reason,
          at: answer.at,
        };
        continue;
      }
      if (answer.record === null) continue;
      const read = (ATTRIBUTES[mapping.register] as Record<string, (record: unknown) => unknown>)[mapping.attribute];
      const value = read(answer.record);
      if (value === undefined || value === null || value === '') continue;
      result.answers[mapping.field] = value;
      result.verified[mapping.field] = {
        register: mapping.register,
        attribute: mapping.attribute,
        fetchedAt: answer.at,
      };
    }
    // A value the field does not take (too long, another type) is not given: the applicant could not change it.
    const { errors } = validateAnswers(input.definition.form, result.answers);
    for (const field of new Set(errors.map((e) => e.field.split('.')[0]))) {
      if (!(field in result.verified)) continue;
      this.logger.warn(`The ${result.verified[field].register} register's value does not fit the field ${field}`);
      delete result.answers[field];
      delete result.verified[field];
    }
    return result;
  }

  /** A register's answer; null when the municipality has none ('not configured'); the failure when it did not answer. */
  private async ask<T>(lookUp: () => Promise<T | null>): Promise<Answer<T>> {
    const at = new Date().toISOString();
    try {
      const record = await lookUp();
      return { record, at: new Date().toISOString() };
    } catch (error) {
      if (!(error instanceof RegisterUnavailableError)) throw error;
      if (error.reason === 'not configured') return null;
      this.logger.warn(`Prefill without the ${error.register} register: ${error.message}`);
      return { failed: error, at };
    }
  }
}
