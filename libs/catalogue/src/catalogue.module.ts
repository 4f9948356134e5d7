import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceEntity } from './domain/service.entity.js';
import { CataloguePagesController } from './http/catalogue-pages.controller.js';
import { ServicesController } from './http/services.controller.js';
import { ServicesRepository } from './persistence/services.repository.js';
import { CatalogueProvisioningStep } from './provisioning/catalogue-provisioning.step.js';

/** The catalogue's data and its provisioning step (every app that provisions needs it). */
@Module({
  imports: [TypeOrmModule.forFeature([ServiceEntity])],
  providers: [ServicesRepository, CatalogueProvisioningStep],
  exports: [ServicesRepository],
})
export class CatalogueModule {}

/** The public catalogue API, served on the tenant host. */
@Module({ imports: [CatalogueModule], controllers: [ServicesController, CataloguePagesController] })
export class CatalogueHttpModule {}
