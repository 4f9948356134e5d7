import { Logger } from '@nestjs/common';
import type { TenantRef } from '../context/tenant-context.js';
import type { DueTenantsProbe, TenantsRepository } from '../persistence/tenants.repository.js';
import { TenantSweep } from './tenant-sweep.js';

const alpha = { id: '00000000-0000-4000-8000-00000000000a', slug: 'alpha' };
const bravo = { id: '00000000-0000-4000-8000-00000000000b', slug: 'bravo' };

/** A sweep over a stand-in for the tenants table: records what it was asked and whom it visited. */
class RecordingSweep extends TenantSweep {
  readonly probes: DueTenantsProbe[] = [];
  readonly visited: string[] = [];
  failing = new Set<string>();
  gate?: Promise<void>;

  constructor(due: () => Promise<TenantRef[]>) {
    super(
      {
        withDueWork: (probe: DueTenantsProbe) => {
          this.probes.push(probe);
          return due();
        },
      } as unknown as TenantsRepository,
      60_000,
      'things done',
    );
  }

  protected dueTenants(): DueTenantsProbe {
    return { name: 'things_due_tenants', args: [this.probes.length] };
  }

  protected async sweepTenant(tenant: TenantRef): Promise<number> {
    this.visited.push(tenant.slug);
    await this.gate;
    if (this.failing.has(tenant.slug)) throw new Error(`${tenant.slug} is broken`);
    return 2;
  }
}

describe('TenantSweep', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('asks its probe for the municipalities with due work and visits only those, each pass afresh', async () => {
    let due = [alpha, bravo];
    const sweep = new RecordingSweep(() => Promise.resolve(due));
    expect(await sweep.sweep()).toBe(4);
    due = [];
    expect(await sweep.sweep()).toBe(0);
    expect(sweep.visited).toEqual(['alpha', 'bravo']);
    expect(sweep.probes).toEqual([
      { name: 'things_due_tenants', args: [0] },
      { name: 'things_due_tenants', args: [1] },
    ]);
  });

  it('skips a municipality whose pass fails and goes on with the others', async () => {
    const sweep = new RecordingSweep(() => Promise.resolve([alpha, bravo]));
    sweep.failing.add('alpha');
    expect(await sweep.sweep()).toBe(2);
    expect(sweep.visited).toEqual(['alpha', 'bravo']);
  });

  it('does nothing when the probe fails, and tries again next pass', async () => {
    let fails = true;
    const sweep = new RecordingSweep(() =>
      fails ? Promise.reject(new Error('database down')) : Promise.resolve([bravo]),
    );
    expect(await sweep.sweep()).toBe(0);
    fails = false;
    expect(await sweep.sweep()).toBe(2);
    expect(sweep.visited).toEqual(['bravo']);
  });

  it('runs one pass at a time', async () => {
    const sweep = new RecordingSweep(() => Promise.resolve([alpha]));
    let open!: () => void;
    sweep.gate = new Promise((resolve) => (open = resolve));
    const first = sweep.sweep();
    expect(await sweep.sweep()).toBe(0);
    open();
    expect(await first).toBe(2);
    expect(sweep.probes).toHaveLength(1);
  });
});
