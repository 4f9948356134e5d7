import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@townhall/audit';
import { RegisterLookUps } from './audit/register-look-ups.js';
import { BusinessRegister } from './business/business-register.js';
import { RegisterClient } from './client/register-client.js';
import { REGISTER_OPTIONS, type RegisterOptions } from './client/register-options.js';
import { PopulationRegister } from './population/population-register.js';
import { PropertyRegister } from './property/property-register.js';

const REGISTERS = [PopulationRegister, PropertyRegister, BusinessRegister];

/**
 * The national registers (population, property, business) over HTTP, as each municipality's
 * settings name them; every look-up about a citizen goes to the data-access log.
 * `RegistersModule` uses the default options; `RegistersModule.forRoot(options)` tunes them.
 */
@Module({
  imports: [AuditModule],
  providers: [RegisterClient, RegisterLookUps, ...REGISTERS],
  exports: REGISTERS,
})
export class RegistersModule {
  static forRoot(options: Partial<RegisterOptions>): DynamicModule {
    return { module: RegistersModule, providers: [{ provide: REGISTER_OPTIONS, useValue: options }] };
  }
}
