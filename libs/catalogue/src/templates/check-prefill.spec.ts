import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkServiceTemplate } from './check-service-template.js';
import { readServiceTemplates, serviceTemplatesFolder } from './service-template.library.js';
import type { PrefillMapping, ServiceTemplate } from './service-template.js';

const [hobby] = readServiceTemplates(undefined, ['hobby-activity-support']);

/** The hobby support template (a group of the parent's children filled from the register) with these mappings. */
function hobbyWith(prefill: PrefillMapping[]): ServiceTemplate {
  return { ...structuredClone(hobby), prefill };
}

const population = (field: string, attribute: string): PrefillMapping => ({ field, register: 'population', attribute });
const group = [
  population('children', 'children'),
  population('children.name', 'children.name'),
  population('children.personalCode', 'children.personalCode'),
];

describe("checking a template's register prefill", () => {
  it('takes mappings of fields, and of a group from a list with its sub-fields from the entries', () => {
    expect(checkServiceTemplate(hobbyWith([population('applicantAddress', 'address'), ...group]))).toEqual([]);
  });

  it('names a field or sub-field the form does not have, with the template and the mapping', () => {
    const problems = checkServiceTemplate(
      hobbyWith([
        population('childName', 'name'),
        ...group,
        population('children.nickname', 'children.givenName'),
        population('children.0.name', 'children.name'),
        population('applicantEmail.name', 'name'),
      ]),
    );
    expect(problems).toEqual([
      {
        path: 'prefill[0].field',
        message:
          'hobby-activity-support maps "childName" from the population register\'s "name": the form has no field "childName"',
      },
      {
        path: 'prefill[4].field',
        message:
          'hobby-activity-support maps "children.nickname" from the population register\'s "children.givenName": the group "children" has no sub-field "nickname"',
      },
      {
        path: 'prefill[5].field',
        message:
          'hobby-activity-support maps "children.0.name" from the population register\'s "children.name": the form has no field "children.0.name"',
      },
      {
        path: 'prefill[6].field',
        message:
          'hobby-activity-support maps "applicantEmail.name" from the population register\'s "name": "applicantEmail" is not a group: it has no sub-field "name"',
      },
    ]);
  });

  it('names an attribute the register does not offer, one entry of a list among them', () => {
    const problems = checkServiceTemplate(
      hobbyWith([
        population('applicantAddress', 'shoeSize'),
        ...group,
        population('children.birthDate', 'children.0.dateOfBirth'),
        { field: 'applicantAddress', register: 'business', attribute: 'children' },
      ]),
    );
    expect(problems.map((p) => [p.path, p.message.split(': ').slice(1).join(': ')])).toEqual([
      [
        'prefill[0].attribute',
        'the population register offers no "shoeSize" (it offers name, givenName, familyName, address, dateOfBirth, personalCode, children, children.name, children.givenName, children.familyName, children.dateOfBirth, children.personalCode)',
      ],
      [
        'prefill[4].attribute',
        'the population register offers no "children.0.dateOfBirth" (it offers name, givenName, familyName, address, dateOfBirth, personalCode, children, children.name, children.givenName, children.familyName, children.dateOfBirth, children.personalCode)',
      ],
      ['prefill[5].attribute', 'the business register offers no "children" (it offers name, registryCode)'],
    ]);
  });

  it('names a mapping that would fill nothing: a value into a group, a list into a field, a group without its list or sub-fields', () => {
    const reasons = (prefill: PrefillMapping[]) =>
      checkServiceTemplate(hobbyWith(prefill)).map((p) => `${p.path}: ${p.message.split(': ').slice(1).join(': ')}`);
    expect(reasons([population('children', 'name')])).toEqual([
      'prefill[0].field: "children" is a group: it is filled from a list (and its entries\' attributes), not from "name"',
    ]);
    expect(reasons([population('applicantAddress', 'children')])).toEqual([
      'prefill[0].field: a list fills a group, and "applicantAddress" is none',
    ]);
    expect(reasons([population('applicantAddress', 'children.name')])).toEqual([
      'prefill[0].field: "children.name" is an attribute of each entry of a list: it fills a sub-field of a group ("group.name")',
    ]);
    expect(reasons([population('children.name', 'children.name')])).toEqual([
      'prefill[0].field: the group "children" is not filled from the population register\'s "children" (map { field: children, register: population, attribute: children })',
    ]);
    expect(reasons([population('children', 'children')])).toEqual([
      'prefill[0].field: no sub-field of "children" is mapped from "children.<attribute>": the group\'s items would be empty',
    ]);
  });

  it('refuses to load a template file mapping a field its form lacks, naming the file, the mapping and the field', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'templates-'));
    try {
      mkdirSync(path.join(folder, 'preschool-place'));
      const file = readFileSync(path.join(serviceTemplatesFolder(), 'preschool-place', 'v1.yaml'), 'utf8');
      // The mapping as it was before the child became a group: it filled nothing, and said nothing.
      const before = file.replace(
        '  - { field: child, register: population, attribute: children }\n',
        '  - { field: childName, register: population, attribute: children.0.name }\n',
      );
      expect(before).not.toBe(file);
      writeFileSync(path.join(folder, 'preschool-place', 'v1.yaml'), before);
      expect(() => readServiceTemplates(folder)).toThrow(
        /preschool-place\/v1\.yaml: prefill\[0\]\.field: preschool-place maps "childName" from the population register's "children\.0\.name": the form has no field "childName"/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
