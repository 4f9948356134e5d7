import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { BookingEntity, LIVE_STATUSES, type BookingStatus } from '../domain/booking.entity.js';

/** A booking with its time as instants. */
export interface BookingTime {
  start: Date;
  end: Date;
}

/** `[start,end)` for a tstzrange. */
export const rangeOf = (start: Date, end: Date) => `[${start.toISOString()},${end.toISOString()})`;

/** Bookings (the current tenant's only, through TenantDatabase). */
@Injectable()
export class BookingsRepository extends TenantScopedRepository<BookingEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, BookingEntity);
  }

  /**
   * Inserts a booking. An overlap with a live booking of the resource is refused by the
   * database's exclusion constraint (SQLSTATE 23P01), which the caller turns into "slot taken".
   */
  async insert(values: {
    resourceId: string;
    bookerId: string;
    start: Date;
    end: Date;
    status: BookingStatus;
    heldUntil: Date | null;
    price: number;
    currency: string;
    reference: string;
  }): Promise<BookingEntity> {
    const { start, end, ...rest } = values;
    const { identifiers } = await this.repository.insert({
      ...rest,
      during: rangeOf(start, end),
      tenantId: this.tenantId,
    });
    return (await this.findById(String(identifiers[0].id)))!;
  }

  findById(id: string): Promise<BookingEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  /** The citizen's bookings, latest start first, with their resources. */
  ofBooker(bookerId: string): Promise<BookingEntity[]> {
    return this.repository
      .createQueryBuilder('b')
      .leftJoinAndSelect('b.resource', 'r')
      .where('b.tenant_id = :tenantId and b.booker_id = :bookerId', { tenantId: this.tenantId, bookerId })
      .orderBy('lower(b.during)', 'DESC')
      .getMany();
  }

  /** The live bookings of a resource overlapping [from, to): what the calendar shows as taken. */
  async taken(resourceId: string, from: Date, to: Date): Promise<BookingTime[]> {
    const rows: { start: Date; end: Date }[] = await this.repository.query(
      `select lower(during) as start, upper(during) as "end" from bookings
        where tenant_id = $1 and resource_id = $2 and status = any($3) and during && tstzrange($4, $5)
          and not (status = 'held' and held_until <= now())
        order by lower(during)`,
      [this.tenantId, resourceId, LIVE_STATUSES, from, to],
    );
    return rows.map((r) => ({ start: new Date(r.start), end: new Date(r.end) }));
  }

  /**
   * Releases the holds whose time ran out (status → expired), so the slot is free again; of one
   * resource, or all. How many.
   */
  async expireHolds(resourceId?: string): Promise<number> {
    const rows: unknown[] = await this.repository.query(
      `update bookings set status = 'expired', held_until = null
        where tenant_id = $1 and status = 'held' and held_until <= now() ${resourceId ? 'and resource_id = $2' : ''}
        returning id`,
      resourceId ? [this.tenantId, resourceId] : [this.tenantId],
    );
    return countOf(rows);
  }

  /**
   * The payment seam: confirms a hold (payment received); false when it is not held any more
   * (released, cancelled) and the payment is to be refunded. A hold past its time but not yet
   * released still has its slot (the exclusion constraint keeps it): a payment made in the last
   * seconds, whose callback comes just after, confirms it rather than being refunded.
   */
  async confirmHeld(id: string): Promise<boolean> {
    const rows: unknown = await this.repository.query(
      `update bookings set status = 'confirmed', held_until = null
        where tenant_id = $1 and id = $2 and status = 'held' returning id`,
      [this.tenantId, id],
    );
    return countOf(rows) > 0;
  }

  /** Releases a hold at once (its payment lapsed): held → expired; false when it was not held. */
  async releaseHold(id: string): Promise<boolean> {
    const rows: unknown = await this.repository.query(
      `update bookings set status = 'expired', held_until = null
        where tenant_id = $1 and id = $2 and status = 'held' returning id`,
      [this.tenantId, id],
    );
    return countOf(rows) > 0;
  }

  /** Cancels a live booking whoever booked it (its payment was refunded from the office); false when not live. */
  async cancelRefunded(id: string): Promise<boolean> {
    const rows: unknown = await this.repository.query(
      `update bookings set status = 'cancelled', held_until = null, cancelled_at = now()
        where tenant_id = $1 and id = $2 and status = any($3) returning id`,
      [this.tenantId, id, LIVE_STATUSES],
    );
    return countOf(rows) > 0;
  }

  /**
   * The live bookings of a resource between two instants, with their ids (the resource's
   * public feed: never who booked).
   */
  async takenWithIds(resourceId: string, from: Date, to: Date): Promise<(BookingTime & { id: string })[]> {
    const rows: { id: string; start: Date; end: Date }[] = await this.repository.query(
      `select id, lower(during) as start, upper(during) as "end" from bookings
        where tenant_id = $1 and resource_id = $2 and status = any($3) and during && tstzrange($4, $5)
          and not (status = 'held' and held_until <= now())
        order by lower(during) limit 2000`,
      [this.tenantId, resourceId, LIVE_STATUSES, from, to],
    );
    return rows.map((r) => ({ id: r.id, start: new Date(r.start), end: new Date(r.end) }));
  }

  /**
   * The live bookings of several resources (an institution's) between two instants, with their
   * ids and resources: the institution's public calendar and feed (never who booked).
   */
  async takenOf(
    resourceIds: string[],
    from: Date,
    to: Date,
  ): Promise<(BookingTime & { id: string; resourceId: string })[]> {
    if (resourceIds.length === 0) return [];
    const rows: { id: string; resource_id: string; start: Date; end: Date }[] = await this.repository.query(
      `select id, resource_id, lower(during) as start, upper(during) as "end" from bookings
        where tenant_id = $1 and resource_id = any($2::uuid[]) and status = any($3) and during && tstzrange($4, $5)
          and not (status = 'held' and held_until <= now())
        order by lower(during) limit 5000`,
      [this.tenantId, resourceIds, LIVE_STATUSES, from, to],
    );
    return rows.map((r) => ({ id: r.id, resourceId: r.resource_id, start: new Date(r.start), end: new Date(r.end) }));
  }

  /** The requests waiting for an official's decision, soonest first, with their resources. */
  requested(limit = 500): Promise<BookingEntity[]> {
    return this.repository
      .createQueryBuilder('b')
      .leftJoinAndSelect('b.resource', 'r')
      .where(`b.tenant_id = :tenantId and b.status = 'requested'`, { tenantId: this.tenantId })
      .orderBy('lower(b.during)', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** How many requests wait for a decision (the office's navigation shows it). */
  countRequested(): Promise<number> {
    return this.repository.count({ where: this.scoped({ status: 'requested' }) });
  }

  /** A booking with its resource, its booker and the official who decided it (the office's view). */
  withDetails(id: string): Promise<BookingEntity | null> {
    return this.repository.findOne({
      where: this.scoped({ id }),
      relations: { resource: true, booker: true, decider: true },
    });
  }

  /**
   * An official's decision on a request: requested → confirmed, held (to be paid until
   * `heldUntil`) or rejected (with the reason), naming the official. False when it is not a
   * request any more: of two officials deciding at once, the second waits on the first's row
   * lock and then finds nothing to change; the same when the booker cancelled first.
   */
  async decide(
    id: string,
    decision: { status: 'confirmed' | 'held' | 'rejected'; decidedBy: string; heldUntil?: Date; reason?: string },
  ): Promise<boolean> {
    const rows: unknown = await this.repository.query(
      `update bookings set status = $3, held_until = $4, decided_by = $5, decided_at = now(), decision_reason = $6
        where tenant_id = $1 and id = $2 and status = 'requested' returning id`,
      [this.tenantId, id, decision.status, decision.heldUntil ?? null, decision.decidedBy, decision.reason ?? null],
    );
    return countOf(rows) > 0;
  }

  /** Cancels a live booking of the booker; false when it was not live (any more). */
  async cancel(id: string, bookerId: string): Promise<boolean> {
    const rows: unknown = await this.repository.query(
      `update bookings set status = 'cancelled', held_until = null, cancelled_at = now()
        where tenant_id = $1 and id = $2 and booker_id = $3 and status = any($4) returning id`,
      [this.tenantId, id, bookerId, LIVE_STATUSES],
    );
    return countOf(rows) > 0;
  }
}

/** The row count of an UPDATE … RETURNING through query() (TypeORM answers [rows, count] for postgres). */
function countOf(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[1];
  return Array.isArray(result) ? result.length : 0;
}
