import { Injectable, Logger } from '@nestjs/common';
import type { PREFILL_REGISTERS, PrefillMapping, ServiceTemplate } from '@townhall/catalogue';
import { validateAnswers } from '@townhall/forms';
import { CitizensRepository, type Representation } from '@townhall/identity';
import {
  BusinessRegister,
  type ChildRecord,
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
type Offered = typeof PREFILL_REGISTERS;

/**
 * How each register attribute a service template's `prefill` may name (the catalogue's
 * PREFILL_REGISTERS, which checks the templates: these follow it, key for key) becomes an
 * answer; a group is filled from a whole list (LISTS).
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
} satisfies { [R in RegisterName]: Record<Offered[R]['attributes'][number], (record: never) => unknown> };

/**
 * The lists of a register record a group (`widget: group`) may be filled from, one item per
 * entry, and the attributes of an entry its sub-fields may name (`field: children.name`,
 * `attribute: children.name`). Sub-fields no mapping names are the applicant's to fill in.
 */
const LISTS = {
  population: {
    children: {
      of: (p: PopulationRecord) => p.children,
      item: {
        name: (c: ChildRecord) => `${c.givenName} ${c.familyName}`,
        givenName: (c: ChildRecord) => c.givenName,
        familyName: (c: ChildRecord) => c.familyName,
        dateOfBirth: (c: ChildRecord) => c.dateOfBirth,
        personalCode: (c: ChildRecord) => c.personalCode,
      },
    },
  },
  property: {},
  business: {},
} satisfies {
  [R in RegisterName]: {
    [L in keyof Offered[R]['lists']]: {
      of: (record: never) => unknown[];
      item: Record<Offered[R]['lists'][L] extends readonly (infer A)[] ? A & string : never, (entry: never) => unknown>;
    };
  };
};

type ListOf = { of: (record: unknown) => unknown[]; item: Record<string, (entry: unknown) => unknown> };

function listOf(register: RegisterName, attribute: string): ListOf | undefined {
  const lists = LISTS[register] as Record<string, ListOf>;
  return Object.hasOwn(lists, attribute) ? lists[attribute] : undefined;
}

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
  /** Why, as the citizen reads it on "Who has seen my data" (a function: worded only when a register is asked). */
  reason: string | (() => string);
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
    const { form, prefill = [] } = input.definition;
    const fields = form.schema.properties;
    const mappings = prefill.filter(
      (m) =>
        Object.hasOwn(fields, m.field) &&
        (m.attribute in ATTRIBUTES[m.register] ||
          (form.ui.fields[m.field]?.widget === 'group' && listOf(m.register, m.attribute) !== undefined)),
    );
    const result: RegisterPrefillResult = { answers: {}, verified: {}, unverified: {} };
    if (mappings.length === 0) return result;
    const wanted = new Set(mappings.map((m) => m.register));
    let asked: RegisterQueryPurpose | undefined;
    // Worded only when a register is asked (none is, for a person applying for a company's service).
    const purpose = (): RegisterQueryPurpose =>
      (asked ??= {
        personId: input.applicantId,
        reason: typeof input.reason === 'string' ? input.reason : input.reason(),
        applicationId: input.applicationId,
      });
    const needsPerson = wanted.has('population') || wanted.has('property');
    const citizen = needsPerson ? await this.tenantDb.read(() => this.citizens.findById(input.applicantId)) : null;
    const person =
      citizen?.nationalId && citizen.nationalIdCountry
        ? { country: citizen.nationalIdCountry, personalCode: citizen.nationalId }
        : null;
    const [population, property, business] = await Promise.all([
      wanted.has('population') && person ? this.ask(() => this.population.person(person, purpose())) : null,
      wanted.has('property') && person
        ? this.ask(async () => {
            const units = await this.property.unitsOwnedBy(
              { country: person.country, code: person.personalCode },
              purpose(),
            );
            // One property: it is the one. None or several: the applicant says which.
            return units.length === 1 ? units[0] : null;
          })
        : null,
      wanted.has('business') && input.organisation
        ? this.ask(() => this.business.company(input.organisation!.registryCode, purpose()))
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
      const list =
        form.ui.fields[mapping.field]?.widget === 'group' ? listOf(mapping.register, mapping.attribute) : null;
      if (list) {
        this.fillGroup(result, input.definition, mapping, list, answer.record, answer.at);
        continue;
      }
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
    // In a group, only what the register gave counts, of every item (those not in the answers too, to be
    // chosen): the rest of an item is the applicant's to fill in, and how many to keep their choice.
    const given = { ...result.answers };
    for (const [field, verified] of Object.entries(result.verified)) if (verified.items) given[field] = verified.items;
    const { errors } = validateAnswers(input.definition.form, given);
    for (const error of errors) {
      const [field, , sub] = error.field.split('.');
      const verified = result.verified[field];
      if (!verified || (verified.fields && !(sub !== undefined && Object.hasOwn(verified.fields, sub)))) continue;
      this.logger.warn(`The ${verified.register} register's value does not fit the field ${field}`);
      delete result.answers[field];
      delete result.verified[field];
    }
    return result;
  }

  /**
   * A group from a register's list: one item per entry (every child), with the sub-fields
   * the template maps (`children.name` → `children.name`…); none mapped, nothing. A list with
   * no entries gives no item, but is verified all the same: the applicant cannot add one.
   * The items are all in the answers when the group takes them all; when it takes fewer (a
   * pre-school place is for one child), none is, and the applicant chooses.
   */
  private fillGroup(
    result: RegisterPrefillResult,
    definition: ServiceTemplate,
    mapping: PrefillMapping,
    list: ListOf,
    record: unknown,
    fetchedAt: string,
  ): void {
    const groupSchema = definition.form.schema.properties[mapping.field] as { maxItems?: number; items?: unknown };
    const itemSchema = (groupSchema.items ?? {}) as { properties?: Record<string, unknown> };
    const fields: Record<string, string> = {};
    for (const sub of definition.prefill ?? []) {
      const [group, name, ...more] = sub.field.split('.');
      const [listName, attribute, ...deeper] = sub.attribute.split('.');
      if (group !== mapping.field || more.length > 0 || deeper.length > 0) continue;
      if (sub.register !== mapping.register || listName !== mapping.attribute) continue;
      if (!Object.hasOwn(itemSchema.properties ?? {}, name) || !Object.hasOwn(list.item, attribute)) continue;
      fields[name] = attribute;
    }
    // Nothing of an entry mapped: no item could be told from another, and the group is left to the applicant.
    if (Object.keys(fields).length === 0) return;
    const items = list.of(record).map((entry) => {
      const item: Record<string, unknown> = {};
      for (const [name, attribute] of Object.entries(fields)) {
        const value = list.item[attribute](entry);
        if (value !== undefined && value !== null && value !== '') item[name] = value;
      }
      return item;
    });
    const fits = items.length <= (groupSchema.maxItems ?? Infinity);
    if (items.length > 0 && fits) result.answers[mapping.field] = items.map((item) => ({ ...item }));
    result.verified[mapping.field] = {
      register: mapping.register,
      attribute: mapping.attribute,
      fetchedAt,
      fields,
      items,
    };
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
