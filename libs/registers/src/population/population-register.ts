import { Injectable } from '@nestjs/common';
import { RegisterLookUps } from '../audit/register-look-ups.js';
import { RegisterClient } from '../client/register-client.js';
import type { NationalId, RegisterQueryPurpose } from '../domain/register-query.js';
import { PERSON_ATTRIBUTES, type PopulationRecord, readPerson, readPersons } from './population-record.js';

/** Who lives where in a municipality, born within a range (YYYY-MM-DD, both ends included). */
export interface ResidentsQuery {
  /** The municipality's national code (EHAK 0793, kuntanumero 049…). */
  municipalityCode: string;
  bornFrom?: string;
  bornTo?: string;
}

/**
 * The municipality's population register: a person's name, date of birth, address,
 * residence municipality and the minors in their custody; the residents born in a range
 * (a proactive service finds who turns 68).
 */
@Injectable()
export class PopulationRegister {
  constructor(
    private readonly client: RegisterClient,
    private readonly lookUps: RegisterLookUps,
  ) {}

  /** Whether the municipality has a population register configured. */
  available(): Promise<boolean> {
    return this.client.configured('population');
  }

  /**
   * The person, or null when the register knows no such person. Recorded for the citizen
   * `purpose.personId`, with its reason. Throws RegisterUnavailableError.
   */
  async person(id: NationalId, purpose: RegisterQueryPurpose): Promise<PopulationRecord | null> {
    this.lookUps.check(purpose);
    const record = await this.client.get({
      register: 'population',
      path: `/v1/persons/${encodeURIComponent(id.country)}/${encodeURIComponent(id.personalCode)}`,
      read: (body) => readPerson(body),
    });
    await this.lookUps.record('population', purpose, record ? PERSON_ATTRIBUTES : 'no record found');
    return record;
  }

  /**
   * The residents of a municipality born in a range. Not written to anyone's data-access log
   * (the people found need not be users): a service that acts on one of them records that.
   */
  async residents(query: ResidentsQuery): Promise<PopulationRecord[]> {
    const params: Record<string, string> = { municipality: query.municipalityCode };
    if (query.bornFrom) params.bornFrom = query.bornFrom;
    if (query.bornTo) params.bornTo = query.bornTo;
    return (
      (await this.client.get({ register: 'population', path: '/v1/persons', query: params, read: readPersons })) ?? []
    );
  }
}
