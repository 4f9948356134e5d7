import { Injectable } from '@nestjs/common';
import { currentTenant, TenantDatabase } from '@townhall/tenancy';
import { In, Not, type EntityManager } from 'typeorm';
import { BookingEntity, type BookingStatus } from '../domain/booking.entity.js';
import { InstitutionEntity } from '../domain/institution.entity.js';
import { ResourcePhotoEntity } from '../domain/resource-photo.entity.js';
import { ResourceEntity } from '../domain/resource.entity.js';

export type InstitutionValues = Pick<InstitutionEntity, 'name' | 'address' | 'contacts'>;
export type ResourceValues = Pick<
  ResourceEntity,
  | 'institutionId'
  | 'kind'
  | 'name'
  | 'description'
  | 'capacity'
  | 'areaM2'
  | 'equipment'
  | 'pricePerHour'
  | 'bookableHours'
  | 'slotMinutes'
  | 'minMinutes'
  | 'maxMinutes'
  | 'leadMinutes'
  | 'needsApproval'
  | 'cancellationNoticeMinutes'
  | 'enabled'
>;

/**
 * The office's reads and writes of institutions, resources (enabled or not), their photos, and
 * the city systems' read of bookings. The current municipality's rows only (tenant_id added
 * here, RLS underneath); inside TenantDatabase.run/read.
 */
@Injectable()
export class OfficeResourcesRepository {
  constructor(private readonly tenantDb: TenantDatabase) {}

  private get manager(): EntityManager {
    return this.tenantDb.manager();
  }

  private get tenantId(): string {
    return currentTenant().id;
  }

  institutions(): Promise<InstitutionEntity[]> {
    return this.manager.find(InstitutionEntity, { where: { tenantId: this.tenantId }, order: { createdAt: 'ASC' } });
  }

  institution(id: string): Promise<InstitutionEntity | null> {
    return this.manager.findOne(InstitutionEntity, { where: { tenantId: this.tenantId, id } });
  }

  /** Every resource, enabled or not. */
  resources(): Promise<ResourceEntity[]> {
    return this.manager.find(ResourceEntity, { where: { tenantId: this.tenantId }, order: { createdAt: 'ASC' } });
  }

  resource(id: string): Promise<ResourceEntity | null> {
    return this.manager.findOne(ResourceEntity, { where: { tenantId: this.tenantId, id } });
  }

  async createInstitution(code: string, values: InstitutionValues): Promise<string> {
    const row = await this.manager.save(
      this.manager.create(InstitutionEntity, { ...values, code, tenantId: this.tenantId, managedBy: 'office' }),
    );
    return row.id;
  }

  async updateInstitution(id: string, values: InstitutionValues): Promise<void> {
    await this.manager.update(InstitutionEntity, { tenantId: this.tenantId, id, managedBy: 'office' }, values);
  }

  async createResource(code: string, currency: string, values: ResourceValues): Promise<string> {
    const row = await this.manager.save(
      this.manager.create(ResourceEntity, { ...values, code, currency, tenantId: this.tenantId, managedBy: 'office' }),
    );
    return row.id;
  }

  async updateResource(id: string, values: ResourceValues): Promise<void> {
    await this.manager.update(ResourceEntity, { tenantId: this.tenantId, id, managedBy: 'office' }, values);
  }

  /** Disables the resources of the tenant file whose codes it no longer lists (the office's stay). */
  async disableFileManagedBut(codes: string[]): Promise<void> {
    await this.manager.update(
      ResourceEntity,
      { tenantId: this.tenantId, managedBy: 'file', code: Not(In(codes)) },
      { enabled: false },
    );
  }

  photos(resourceIds?: string[]): Promise<ResourcePhotoEntity[]> {
    return this.manager.find(ResourcePhotoEntity, {
      where: { tenantId: this.tenantId, ...(resourceIds ? { resourceId: In(resourceIds) } : {}) },
      order: { createdAt: 'ASC' },
    });
  }

  photo(resourceId: string, id: string): Promise<ResourcePhotoEntity | null> {
    return this.manager.findOne(ResourcePhotoEntity, { where: { tenantId: this.tenantId, resourceId, id } });
  }

  async addPhoto(
    values: Pick<ResourcePhotoEntity, 'id' | 'resourceId' | 'alt' | 'mediaType' | 'sizeBytes' | 'storageKey'>,
  ) {
    await this.manager.insert(ResourcePhotoEntity, { ...values, tenantId: this.tenantId });
  }

  async removePhoto(id: string): Promise<void> {
    await this.manager.delete(ResourcePhotoEntity, { tenantId: this.tenantId, id });
  }

  /** Bookings overlapping [from, to), of a resource and a status if given, by start. */
  bookings(filter: { resourceId?: string; from?: Date; to?: Date; status?: BookingStatus; limit: number }) {
    const query = this.manager
      .createQueryBuilder(BookingEntity, 'b')
      .where('b.tenant_id = :tenantId', { tenantId: this.tenantId })
      .orderBy('lower(b.during)', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(filter.limit);
    if (filter.resourceId) query.andWhere('b.resource_id = :resourceId', { resourceId: filter.resourceId });
    if (filter.status) query.andWhere('b.status = :status', { status: filter.status });
    if (filter.from || filter.to)
      query.andWhere(`b.during && tstzrange(:from, :to, '[)')`, {
        from: filter.from?.toISOString() ?? null,
        to: filter.to?.toISOString() ?? null,
      });
    return query.getMany();
  }
}

/** The photos of a resource, for its public page (in a read transaction of its own). */
export function resourcePhotosOf(tenantDb: TenantDatabase, resourceId: string): Promise<ResourcePhotoEntity[]> {
  return tenantDb.read((manager) =>
    manager.find(ResourcePhotoEntity, {
      where: { tenantId: currentTenant().id, resourceId },
      order: { createdAt: 'ASC' },
    }),
  );
}
