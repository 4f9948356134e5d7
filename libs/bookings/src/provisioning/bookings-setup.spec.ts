import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '@townhall/platform';
import { parseBookingsSetup } from './bookings-provisioning.step.js';

const fileOf = async (slug: string) =>
  parse(await readFile(join(projectRoot(), 'tenants', slug, 'tenant.yaml'), 'utf8')) as { bookings?: unknown };

describe("tenant files' bookings section", () => {
  it.each(['tartu', 'stockholm', 'espoo'])('%s: is valid', async (slug) => {
    const { bookings } = await fileOf(slug);
    expect(bookings).toBeDefined();
    expect((await parseBookingsSetup(bookings)).problems).toEqual([]);
  });

  it('names the field of every mistake', async () => {
    const { bookings } = (await fileOf('tartu')) as { bookings: { institutions: Record<string, unknown>[] } };
    const broken = structuredClone(bookings);
    const resources = broken.institutions[0].resources as Record<string, unknown>[];
    resources[0].pricePerHour = 50.5;
    resources[0].bookableHours = { monday: ['21:00-17:00'], someday: ['10:00-12:00'] };
    resources[1].kind = 'castle';
    resources[1].maxMinutes = 30;
    const { problems } = await parseBookingsSetup(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          field: 'bookings.institutions.0.resources.0.pricePerHour',
          message: 'pricePerHour must be a whole number of minor units (cents): 5000 is 50.00',
        },
        {
          field: 'bookings.institutions.0.resources.0.bookableHours',
          message:
            'bookableHours.monday.0 must be a time of day like "17:00-21:00" (HH:MM-HH:MM, ending after it starts)',
        },
        {
          field: 'bookings.institutions.0.resources.1.kind',
          message: 'kind must be one of room, hall, sports, wedding-slot',
        },
        {
          field: 'bookings.institutions.0.resources.1.maxMinutes',
          message: 'maxMinutes must not be less than minMinutes',
        },
      ]),
    );
    expect((await parseBookingsSetup([])).problems).toEqual([
      { field: 'bookings', message: 'bookings must be a mapping with institutions' },
    ]);
  });
});
