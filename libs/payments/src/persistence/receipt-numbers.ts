import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';

/**
 * Receipt numbers, <year>-<000001>, per municipality and year without gaps: taken in the
 * transaction that marks the payment paid (the counter's row is locked until it commits), so
 * a number is given exactly when a payment is paid.
 */
@Injectable()
export class ReceiptNumbers {
  constructor(private readonly tenantDb: TenantDatabase) {}

  async take(year: number): Promise<string> {
    const rows = (await this.tenantDb.manager().query(
      `insert into payment_receipt_counters (year, last_number) values ($1, 1)
       on conflict (tenant_id, year) do update set last_number = payment_receipt_counters.last_number + 1
       returning last_number`,
      [year],
    )) as { last_number: number }[];
    return `${year}-${String(rows[0].last_number).padStart(6, '0')}`;
  }
}
