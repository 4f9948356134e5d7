import { describeHours } from '../domain/bookable-hours.js';
import type { ResourceEntity } from '../domain/resource.entity.js';

/** A resource as the JSON API shows it. */
export function resourceJson(r: ResourceEntity) {
  return {
    id: r.id,
    institutionId: r.institutionId,
    kind: r.kind,
    name: r.name,
    description: r.description,
    capacity: r.capacity,
    areaM2: r.areaM2,
    equipment: r.equipment,
    pricePerHour: r.pricePerHour,
    currency: r.currency,
    bookableHours: r.bookableHours,
    bookableHoursText: describeHours(r.bookableHours),
    slotMinutes: r.slotMinutes,
    minMinutes: r.minMinutes,
    maxMinutes: r.maxMinutes,
    leadMinutes: r.leadMinutes,
    needsApproval: r.needsApproval,
    cancellationNoticeMinutes: r.cancellationNoticeMinutes,
  };
}
