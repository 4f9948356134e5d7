import { Injectable } from '@nestjs/common';
import { RegisterLookUps } from '../audit/register-look-ups.js';
import { RegisterClient } from '../client/register-client.js';
import type { RegisterQueryPurpose } from '../domain/register-query.js';
import { type PropertyUnit, readUnit, readUnits, UNIT_ATTRIBUTES } from './property-unit.js';

/**
 * The municipality's property register: cadastral units, where they are, their area and
 * purpose, and who owns them.
 */
@Injectable()
export class PropertyRegister {
  constructor(
    private readonly client: RegisterClient,
    private readonly lookUps: RegisterLookUps,
  ) {}

  /** Whether the municipality has a property register configured. */
  available(): Promise<boolean> {
    return this.client.configured('property');
  }

  /**
   * A cadastral unit, or null when the register has none by that id. Recorded for the
   * citizen `purpose.personId` (e.g. the applicant whose property it is said to be).
   */
  async unit(cadastralId: string, purpose: RegisterQueryPurpose): Promise<PropertyUnit | null> {
    this.lookUps.check(purpose);
    const unit = await this.client.get({
      register: 'property',
      path: `/v1/units/${encodeURIComponent(cadastralId)}`,
      read: (body) => readUnit(body),
    });
    await this.lookUps.record(
      'property',
      purpose,
      unit ? `cadastral unit ${cadastralId}: ${UNIT_ATTRIBUTES}` : `cadastral unit ${cadastralId}: no record found`,
    );
    return unit;
  }

  /**
   * The units a person (personal code) or company (registry code) owns in whole or in part.
   * Recorded for the citizen `purpose.personId`.
   */
  async unitsOwnedBy(owner: { country: string; code: string }, purpose: RegisterQueryPurpose): Promise<PropertyUnit[]> {
    this.lookUps.check(purpose);
    const units =
      (await this.client.get({
        register: 'property',
        path: '/v1/units',
        query: { ownerCountry: owner.country, ownerCode: owner.code },
        read: readUnits,
      })) ?? [];
    await this.lookUps.record('property', purpose, `units owned: ${UNIT_ATTRIBUTES}`);
    return units;
  }
}
