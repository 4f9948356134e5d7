import { Injectable } from '@nestjs/common';
import { RegisterLookUps } from '../audit/register-look-ups.js';
import { RegisterClient } from '../client/register-client.js';
import type { NationalId, RegisterQueryPurpose } from '../domain/register-query.js';
import { type Company, type CompanyRepresentation, readCompany, readRepresentations } from './company.js';

/**
 * The municipality's business register: companies, and which of them a person may
 * represent (libs/identity lets a citizen act for one).
 */
@Injectable()
export class BusinessRegister {
  constructor(
    private readonly client: RegisterClient,
    private readonly lookUps: RegisterLookUps,
  ) {}

  /** Whether the municipality has a business register configured. */
  available(): Promise<boolean> {
    return this.client.configured('business');
  }

  /**
   * A company and its representatives, or null when the register has none by that code.
   * With a purpose, recorded for that citizen (e.g. an applicant acting for the company).
   */
  async company(registryCode: string, purpose?: RegisterQueryPurpose): Promise<Company | null> {
    if (purpose) this.lookUps.check(purpose);
    const company = await this.client.get({
      register: 'business',
      path: `/v1/companies/${encodeURIComponent(registryCode)}`,
      read: readCompany,
    });
    if (purpose) {
      await this.lookUps.record(
        'business',
        purpose,
        company ? `company ${registryCode}: name, status, representatives` : `company ${registryCode}: no record found`,
      );
    }
    return company;
  }

  /**
   * The registered companies the person may represent now: never from the cache, so that a
   * board change counts at once. None when the municipality has no business register. With a
   * purpose, recorded for that citizen.
   */
  async representationsOf(person: NationalId, purpose?: RegisterQueryPurpose): Promise<CompanyRepresentation[]> {
    if (!(await this.available())) return [];
    if (purpose) this.lookUps.check(purpose);
    const companies =
      (await this.client.get({
        register: 'business',
        path: '/v1/representations',
        query: { country: person.country, personalCode: person.personalCode },
        read: (body) => readRepresentations(body, person.country),
        cache: false,
      })) ?? [];
    if (purpose) await this.lookUps.record('business', purpose, 'the companies you may represent');
    return companies;
  }
}
