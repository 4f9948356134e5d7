import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceEntity } from './domain/service.entity.js';
import { ServiceTemplateEntity } from './domain/service-template.entity.js';
import { ServiceVersionEntity } from './domain/service-version.entity.js';
import { ServiceTemplatesRepository } from './persistence/service-templates.repository.js';
import { ServiceVersionsRepository } from './persistence/service-versions.repository.js';
import { PublishServiceUseCase } from './use-cases/publish-service.use-case.js';
import { CataloguePagesController } from './http/catalogue-pages.controller.js';
import { CpsvApController, ServicesController } from './http/services.controller.js';
import { OfficeServicesController } from './http/office-services.controller.js';
import { ServicesRepository } from './persistence/services.repository.js';
import { CatalogueProvisioningStep } from './provisioning/catalogue-provisioning.step.js';

/** The catalogue's data and its provisioning step (every app that provisions needs it). */
@Module({
  imports: [TypeOrmModule.forFeature([ServiceEntity, ServiceTemplateEntity, ServiceVersionEntity])],
  providers: [
    ServicesRepository,
    ServiceTemplatesRepository,
    ServiceVersionsRepository,
    PublishServiceUseCase,
    CatalogueProvisioningStep,
  ],
  exports: [ServicesRepository, ServiceTemplatesRepository, ServiceVersionsRepository, PublishServiceUseCase],
})
export class CatalogueModule {}

/** The public catalogue API, served on the tenant host. */
@Module({
  imports: [CatalogueModule],
  controllers: [ServicesController, CpsvApController, CataloguePagesController, OfficeServicesController],
})
export class CatalogueHttpModule {}
