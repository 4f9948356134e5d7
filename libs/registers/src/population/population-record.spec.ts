import { UnreadableAnswerError } from '../domain/answer-reader.js';
import { ageOn, readPerson, readPersons } from './population-record.js';

const PERSON = {
  country: 'EE',
  personalCode: '48001085710',
  givenName: 'Mari',
  familyName: 'Maasikas',
  dateOfBirth: '1980-01-08',
  address: { street: 'Tähe 87', postalCode: '50107', city: 'Tartu', country: 'EE' },
  residenceMunicipality: { code: '0793', name: 'Tartu linn' },
  children: [],
};

describe('population register answers', () => {
  it('reads a person, and names the field of an answer of the wrong shape', () => {
    expect(readPerson(PERSON)).toEqual(PERSON);
    expect(() => readPerson({ ...PERSON, address: { ...PERSON.address, city: 7 } })).toThrow(
      new UnreadableAnswerError('address.city'),
    );
    expect(() => readPersons({ persons: [PERSON, { ...PERSON, dateOfBirth: '1980-13-45' }] })).toThrow(
      new UnreadableAnswerError('persons.1.dateOfBirth'),
    );
  });

  it('counts age in whole years, a birthday counting from its day', () => {
    expect(ageOn('1958-03-10', new Date('2026-03-09T12:00:00Z'))).toBe(67);
    expect(ageOn('1958-03-10', new Date('2026-03-10T00:00:00Z'))).toBe(68);
    expect(ageOn('1958-03-10', new Date('2026-12-31T00:00:00Z'))).toBe(68);
  });
});
