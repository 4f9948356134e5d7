import type { DefinitionProblem } from '@townhall/forms';
import type { PrefillMapping, ServiceTemplate } from './service-template.js';

type RegisterName = PrefillMapping['register'];

/**
 * What each national register offers a template's `prefill` (libs/cases' RegisterPrefill
 * reads them; its types follow this list): `attributes` fill a field; a list fills a group,
 * one item per entry (`{ field: children, attribute: children }`), its sub-fields each from
 * an attribute of the entry (`{ field: children.name, attribute: children.name }`).
 */
export const PREFILL_REGISTERS = {
  population: {
    attributes: ['name', 'givenName', 'familyName', 'address', 'dateOfBirth', 'personalCode'],
    lists: { children: ['name', 'givenName', 'familyName', 'dateOfBirth', 'personalCode'] },
  },
  property: { attributes: ['address', 'cadastralId', 'cadastralCode', 'area'], lists: {} },
  business: { attributes: ['name', 'registryCode'], lists: {} },
} as const satisfies Record<RegisterName, { attributes: readonly string[]; lists: Record<string, readonly string[]> }>;

/** What a mapping's attribute is: a value of the record, a whole list, or an attribute of a list's entries. */
type Attribute = { kind: 'value' } | { kind: 'list' } | { kind: 'entry'; list: string } | { kind: 'unknown' };

function attributeOf(register: RegisterName, attribute: string): Attribute {
  const offered = PREFILL_REGISTERS[register];
  const lists = offered.lists as Record<string, readonly string[]>;
  if ((offered.attributes as readonly string[]).includes(attribute)) return { kind: 'value' };
  if (Object.hasOwn(lists, attribute)) return { kind: 'list' };
  const [list, entry, ...deeper] = attribute.split('.');
  if (deeper.length === 0 && Object.hasOwn(lists, list) && lists[list].includes(entry)) return { kind: 'entry', list };
  return { kind: 'unknown' };
}

function offeredBy(register: RegisterName): string {
  const { attributes, lists } = PREFILL_REGISTERS[register];
  return [
    ...attributes,
    ...Object.entries(lists as Record<string, readonly string[]>).flatMap(([list, entries]) => [
      list,
      ...entries.map((e) => `${list}.${e}`),
    ]),
  ].join(', ');
}

/**
 * Every `prefill` mapping fills something: its field (or a group's sub-field, `group.sub`)
 * is in the form, its attribute is one the register offers, and they fit each other (a list
 * fills a group, an entry's attribute a sub-field of a group filled from that list, any other
 * a field that is no group). A mapping that fits nothing would fill nothing, silently.
 * Each problem names the template, the mapping and the field.
 */
export function checkPrefill(template: ServiceTemplate): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const { properties } = template.form.schema;
  const ui = template.form.ui.fields;
  const mappings = template.prefill ?? [];
  const isGroup = (name: string) => Object.hasOwn(properties, name) && ui[name]?.widget === 'group';
  const subFieldsOf = (group: string) =>
    ((properties[group].items ?? {}) as { properties?: Record<string, unknown> }).properties ?? {};

  mappings.forEach((m, i) => {
    const at = `prefill[${i}]`;
    const mapping = `${template.code} maps "${m.field}" from the ${m.register} register's "${m.attribute}"`;
    const problem = (path: string, why: string) => problems.push({ path, message: `${mapping}: ${why}` });
    const [field, sub, ...deeper] = m.field.split('.');

    if (!Object.hasOwn(properties, field) || deeper.length > 0) {
      return problem(`${at}.field`, `the form has no field "${m.field}"`);
    }
    if (sub !== undefined && !isGroup(field)) {
      return problem(`${at}.field`, `"${field}" is not a group: it has no sub-field "${sub}"`);
    }
    if (sub !== undefined && !Object.hasOwn(subFieldsOf(field), sub)) {
      return problem(`${at}.field`, `the group "${field}" has no sub-field "${sub}"`);
    }

    const attribute = attributeOf(m.register, m.attribute);
    switch (attribute.kind) {
      case 'unknown':
        return problem(
          `${at}.attribute`,
          `the ${m.register} register offers no "${m.attribute}" (it offers ${offeredBy(m.register)})`,
        );
      case 'value':
        if (sub !== undefined || isGroup(field)) {
          return problem(
            `${at}.field`,
            `"${m.field}" is ${sub !== undefined ? 'a sub-field of a group' : 'a group'}: it is filled from a list (and its entries' attributes), not from "${m.attribute}"`,
          );
        }
        return;
      case 'list': {
        if (sub !== undefined || !isGroup(field)) {
          return problem(`${at}.field`, `a list fills a group, and "${m.field}" is none`);
        }
        const filled = mappings.some(
          (other) =>
            other.register === m.register &&
            other.field.startsWith(`${field}.`) &&
            attributeOf(other.register, other.attribute).kind === 'entry' &&
            other.attribute.startsWith(`${m.attribute}.`),
        );
        if (!filled) {
          return problem(
            `${at}.field`,
            `no sub-field of "${field}" is mapped from "${m.attribute}.<attribute>": the group's items would be empty`,
          );
        }
        return;
      }
      case 'entry': {
        if (sub === undefined) {
          return problem(
            `${at}.field`,
            `"${m.attribute}" is an attribute of each entry of a list: it fills a sub-field of a group ("group.${m.attribute.split('.')[1]}")`,
          );
        }
        const groupFilled = mappings.some(
          (other) => other.field === field && other.register === m.register && other.attribute === attribute.list,
        );
        if (!groupFilled) {
          return problem(
            `${at}.field`,
            `the group "${field}" is not filled from the ${m.register} register's "${attribute.list}" (map { field: ${field}, register: ${m.register}, attribute: ${attribute.list} })`,
          );
        }
        return;
      }
    }
  });
  return problems;
}
