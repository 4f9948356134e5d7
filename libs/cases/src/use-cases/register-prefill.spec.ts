import { readServiceTemplates } from '@townhall/catalogue';
import { type PopulationRecord, RegisterUnavailableError } from '@townhall/registers';
import { RegisterPrefill } from './register-prefill.js';

const [hobby, preschool] = readServiceTemplates(undefined, ['hobby-activity-support', 'preschool-place']);

const maarja: PopulationRecord = {
  country: 'EE',
  personalCode: '48609140042',
  givenName: 'Maarja',
  familyName: 'Kask',
  dateOfBirth: '1986-09-14',
  address: { street: 'Kalevi 22-5', postalCode: '51010', city: 'Tartu', country: 'EE' },
  residenceMunicipality: { code: '0793', name: 'Tartu linn' },
  children: [
    { country: 'EE', personalCode: '61506300125', givenName: 'Mia', familyName: 'Kask', dateOfBirth: '2015-06-30' },
    { country: 'EE', personalCode: '51802110221', givenName: 'Oskar', familyName: 'Kask', dateOfBirth: '2018-02-11' },
  ],
};

/** The prefill with a population register that answers `person` (or fails with it). */
function prefillWith(person: () => Promise<PopulationRecord | null>): RegisterPrefill {
  return new RegisterPrefill(
    { read: (work: () => unknown) => work() } as never,
    { findById: async () => ({ nationalId: maarja.personalCode, nationalIdCountry: 'EE' }) } as never,
    { person } as never,
    {} as never,
    {} as never,
  );
}

const fill = (prefill: RegisterPrefill, definition = hobby) =>
  prefill.fill({
    definition,
    applicantId: 'c0000000-0000-4000-8000-000000000001',
    organisation: null,
    applicationId: 'a0000000-0000-4000-8000-000000000001',
    reason: 'Prefilling your application',
  });

describe('prefill of a group from a register list', () => {
  it('fills one item per child with what the register gives, the rest left to the applicant', async () => {
    const result = await fill(prefillWith(async () => maarja));
    const mia = { name: 'Mia Kask', personalCode: '61506300125', birthDate: '2015-06-30' };
    const oskar = { name: 'Oskar Kask', personalCode: '51802110221', birthDate: '2018-02-11' };
    expect(result.answers).toEqual({ applicantAddress: 'Kalevi 22-5, 51010 Tartu', children: [mia, oskar] });
    expect(result.verified.children).toEqual({
      register: 'population',
      attribute: 'children',
      fetchedAt: expect.any(String),
      fields: { name: 'name', personalCode: 'personalCode', birthDate: 'dateOfBirth' },
      items: [mia, oskar],
    });
    expect(result.unverified).toEqual({});
  });

  it('verifies a register listing no children: nothing filled, nothing to add', async () => {
    const result = await fill(prefillWith(async () => ({ ...maarja, children: [] })));
    expect(result.answers.children).toBeUndefined();
    expect(result.verified.children).toMatchObject({ register: 'population', items: [] });
  });

  it('gives no group whose register value the field does not take, and marks it unverified when the register is down', async () => {
    const odd = { ...maarja, children: [{ ...maarja.children[0], personalCode: '61506300125/extra code' }] };
    const result = await fill(prefillWith(async () => odd));
    expect(result.answers.children).toBeUndefined();
    expect(result.verified.children).toBeUndefined();
    expect(result.verified.applicantAddress).toBeDefined();

    const down = await fill(
      prefillWith(async () => {
        throw new RegisterUnavailableError('population', 'timed out');
      }),
    );
    expect(down.answers).toEqual({});
    expect(down.unverified.children).toMatchObject({
      register: 'population',
      attribute: 'children',
      reason: 'timed out',
    });
  });
});

describe('prefill of a group of one item from a register list', () => {
  const sara: PopulationRecord = {
    ...maarja,
    country: 'SE',
    personalCode: '199011026221',
    givenName: 'Sara',
    familyName: 'Holm',
    address: { street: 'Ringvägen 101', postalCode: '116 61', city: 'Stockholm', country: 'SE' },
    children: [
      { country: 'SE', personalCode: '202304152461', givenName: 'Elsa', familyName: 'Holm', dateOfBirth: '2023-04-15' },
      { country: 'SE', personalCode: '202502031178', givenName: 'Nils', familyName: 'Holm', dateOfBirth: '2025-02-03' },
    ],
  };
  const elsa = { name: 'Elsa Holm', personalNumber: '202304152461' };
  const nils = { name: 'Nils Holm', personalNumber: '202502031178' };

  it('offers every child but chooses none when the group takes fewer than the register lists', async () => {
    const result = await fill(
      prefillWith(async () => sara),
      preschool,
    );
    expect(result.answers.child).toBeUndefined();
    expect(result.verified.child).toMatchObject({ fields: { name: 'name', personalNumber: 'personalCode' } });
    expect(result.verified.child.items).toEqual([elsa, nils]);
  });

  it("chooses the register's only child", async () => {
    const result = await fill(
      prefillWith(async () => ({ ...sara, children: [sara.children[1]] })),
      preschool,
    );
    expect(result.answers.child).toEqual([nils]);
  });

  it('gives no group when a child the register lists does not fit, though none was chosen', async () => {
    // An Estonian code in a form that takes Swedish personal numbers: the parent could not choose that child.
    const result = await fill(
      prefillWith(async () => ({ ...sara, children: [...sara.children, maarja.children[0]] })),
      preschool,
    );
    expect(result.verified.child).toBeUndefined();
    expect(result.answers.child).toBeUndefined();
  });
});
