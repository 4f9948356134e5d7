import type { VerifiedAnswer } from '../domain/application.entity.js';
import { CaseException } from '../domain/case.exception.js';
import { checkRegisterItems, chosenItems, registerItemProblems, withRegisterAnswers } from './register-items.js';

const mia = { name: 'Mia Kask', personalCode: '61506300125', birthDate: '2015-06-30' };
const oskar = { name: 'Oskar Kask', personalCode: '51802110221', birthDate: '2018-02-11' };
const verified: Record<string, VerifiedAnswer> = {
  applicantAddress: { register: 'population', attribute: 'address', fetchedAt: '2026-05-05T10:00:00Z' },
  children: {
    register: 'population',
    attribute: 'children',
    fetchedAt: '2026-05-05T10:00:00Z',
    fields: { name: 'name', personalCode: 'personalCode', birthDate: 'dateOfBirth' },
    items: [mia, oskar],
  },
};
const activity = { hobbySchool: 'Tartu Laste Kunstikool', activity: 'Maal', activityField: 'art', monthlyFee: 38.5 };

describe('the items of a group a register filled', () => {
  it('takes the register items the applicant chose, completed, in any order', () => {
    const answers = { children: [{ ...oskar, ...activity }] };
    expect(registerItemProblems(verified, answers)).toEqual([]);
    expect(chosenItems(verified.children as never, answers.children)).toEqual([-1, 0]);
    expect(registerItemProblems(verified, { children: [oskar, { ...mia, ...activity }] })).toEqual([]);
  });

  it('names the sub-field the register gave that was changed', () => {
    const changed = {
      children: [
        { ...mia, ...activity },
        { ...oskar, personalCode: '39901010000' },
      ],
    };
    expect(registerItemProblems(verified, changed)).toEqual([
      {
        field: 'children.1.personalCode',
        message: 'children.1.personalCode is from the population register and cannot be changed',
      },
    ]);
    // Left out, a sub-field the register gave is changed too.
    const { name: _name, ...nameless } = mia;
    expect(registerItemProblems(verified, { children: [nameless] })).toMatchObject([{ field: 'children.0.name' }]);
  });

  it("refuses an item of the applicant's own, or one listed twice", () => {
    const invented = { name: 'Somebody Else', personalCode: '50001010000', birthDate: '2010-01-01', ...activity };
    expect(registerItemProblems(verified, { children: [mia, invented, mia] })).toEqual([
      {
        field: 'children.1',
        message: 'children.1 is not one of those the population register gives: only those can be listed',
      },
      { field: 'children.2', message: 'children.2 is listed twice: list each once' },
    ]);
    expect(() => checkRegisterItems(verified, { children: [invented] })).toThrow(CaseException);
    expect(() => checkRegisterItems(verified, { children: [invented] }, ['applicantAddress'])).not.toThrow();
  });

  it('refuses any item when the register listed none', () => {
    const none: Record<string, VerifiedAnswer> = { children: { ...verified.children, items: [] } };
    expect(registerItemProblems(none, { children: [mia] })).toMatchObject([{ field: 'children.0' }]);
    expect(registerItemProblems(none, {})).toEqual([]);
  });

  it("starts with the register's answers, a group the applicant sent kept to be checked", () => {
    const registered = { answers: { applicantAddress: 'Kalevi 22-5', children: [mia, oskar] }, verified };
    expect(withRegisterAnswers({ applicantAddress: 'Elsewhere 1' }, registered)).toEqual({
      applicantAddress: 'Kalevi 22-5',
      children: [mia, oskar],
    });
    expect(withRegisterAnswers({ children: [{ ...mia, ...activity }] }, registered)).toEqual({
      applicantAddress: 'Kalevi 22-5',
      children: [{ ...mia, ...activity }],
    });
  });
});
