import { Module } from '@nestjs/common';
import { BusinessRegisterController } from './business-register.controller.js';
import { PopulationRegisterController } from './population-register.controller.js';
import { PropertyRegisterController } from './property-register.controller.js';
import { RegisterFaultsController } from './register-faults.controller.js';
import { RegisterFaults, XRoadInterceptor } from './x-road.js';

/**
 * The national registers the sandbox stands in for, as X-Road services under /registers:
 * population, property and business; with sandbox-only controls to slow them down or make
 * them fail (/registers/{register}/faults) and a request counter (/registers/{register}/stats).
 */
@Module({
  controllers: [
    PopulationRegisterController,
    PropertyRegisterController,
    BusinessRegisterController,
    RegisterFaultsController,
  ],
  providers: [RegisterFaults, XRoadInterceptor],
})
export class SandboxRegistersModule {}
