export * from './domain/register-unavailable.error.js';
export * from './domain/register-query.js';
export { type Address, type MunicipalityRef, formatAddress } from './domain/address.js';
export * from './client/register-options.js';
export { defaultXRoadClient } from './client/register-client.js';
export { REGISTER_TITLES } from './audit/register-look-ups.js';
export { type ChildRecord, type PopulationRecord, ageOn } from './population/population-record.js';
export * from './population/population-register.js';
export {
  PROPERTY_PURPOSES,
  type PropertyOwner,
  type PropertyPurpose,
  type PropertyUnit,
} from './property/property-unit.js';
export * from './property/property-register.js';
export { type Company, type CompanyRepresentation, type CompanyRepresentative } from './business/company.js';
export * from './business/business-register.js';
export * from './registers.module.js';
