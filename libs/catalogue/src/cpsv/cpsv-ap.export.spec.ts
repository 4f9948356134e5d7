import { validateCpsvAp } from '../../../../test/support/shacl.js';
import { toCpsvAp, type CpsvCatalogueInput } from './cpsv-ap.export.js';

const ORIGIN = 'http://tartu.localhost:3000';
const EU = 'http://publications.europa.eu/resource/authority';

const tartu = (): CpsvCatalogueInput => ({
  origin: ORIGIN,
  authority: { slug: 'tartu', name: 'Tartu linn', locales: ['et', 'en'], country: 'EST' },
  currency: 'EUR',
  services: [
    {
      code: 'felling-permit',
      title: { et: 'Raieluba', en: 'Tree felling permit' },
      description: {
        et: 'Luba kasvava puu raieks linna territooriumil, kui puu ei ole metsamaal.',
        en: 'Permission to fell a growing tree within the city, outside forest land.',
      },
      keywords: { et: ['raie', 'puu'], en: ['felling', 'tree'] },
      thematicArea: [`${EU}/data-theme/ENVI`],
      processingTime: 'P30D',
      costs: [{ id: 'processing-fee', label: { et: 'Menetlustasu', en: 'Processing fee' }, amountMinor: 2550 }],
      channels: ['online', 'email', 'in-person'],
      outputs: [{ id: 'permit', title: { et: 'Raieluba', en: 'Felling permit' } }],
      applicants: ['person', 'organisation'],
    },
    {
      code: 'residence-registration',
      title: { et: 'Elukoha registreerimine', en: 'Registering a place of residence' },
      description: {
        et: 'Elukoha andmete kandmine rahvastikuregistrisse. Teenus on tasuta.',
        en: 'Entering your address in the population register. The service is free of charge.',
      },
      thematicArea: [`${EU}/data-theme/SOCI`],
      processingTime: 'P2W',
      costs: [],
      channels: ['online', 'post', 'in-person'],
      outputs: [{ id: 'register-entry', title: { et: 'Rahvastikuregistri kanne', en: 'Population register entry' } }],
      applicants: ['person'],
    },
  ],
});

type Node = Record<string, unknown> & { '@id': string; '@type': string | string[] };

function graph(doc: Record<string, unknown>): Map<string, Node> {
  return new Map((doc['@graph'] as Node[]).map((node) => [node['@id'], node]));
}
function types(node: Node | undefined): string[] {
  return node ? ([] as string[]).concat(node['@type']) : [];
}
function refs(node: Node, property: string): string[] {
  const value = node[property];
  if (value === undefined) return [];
  return ([] as { '@id': string }[]).concat(value as { '@id': string }).map((ref) => ref['@id']);
}

describe('CPSV-AP 3.2.0 export of a service catalogue', () => {
  it('conforms to the official SHACL shapes, with no violation', async () => {
    const doc = toCpsvAp(tartu());

    const started = performance.now();
    const outcome = await validateCpsvAp(doc);
    const elapsed = performance.now() - started;

    expect(outcome.violations).toEqual([]);
    expect(outcome.conforms).toBe(true);
    // Parsing the shapes and validating two services: well under a second.
    expect(elapsed).toBeLessThan(5000);
  });

  it('is one self-contained JSON-LD document: an inline @context and one @graph', () => {
    const doc = toCpsvAp(tartu());

    expect(Object.keys(doc).sort()).toEqual(['@context', '@graph']);
    expect(doc['@context']).toEqual(expect.objectContaining({ cpsv: 'http://purl.org/vocab/cpsv#' }));
    expect(JSON.stringify(doc['@context'])).not.toMatch(/\.jsonld|semiceu/);
  });

  it('names each service with its title and description in both languages', () => {
    const nodes = graph(toCpsvAp(tartu()));

    const felling = nodes.get(`${ORIGIN}/services/felling-permit`)!;
    expect(types(felling)).toEqual(['cpsv:PublicService']);
    expect(felling['dct:identifier']).toBe('felling-permit');
    expect(felling['dct:title']).toEqual([
      { '@value': 'Raieluba', '@language': 'et' },
      { '@value': 'Tree felling permit', '@language': 'en' },
    ]);
    expect(felling['dct:description']).toHaveLength(2);
    expect(felling['cv:processingTime']).toEqual({ '@value': 'P30D', '@type': 'xsd:duration' });
    expect(refs(felling, 'dct:language')).toEqual([`${EU}/language/EST`, `${EU}/language/ENG`]);

    const residence = nodes.get(`${ORIGIN}/services/residence-registration`)!;
    expect(residence['dct:title']).toContainEqual({ '@value': 'Registering a place of residence', '@language': 'en' });
    // xsd:duration has no weeks: two weeks are written as days.
    expect(residence['cv:processingTime']).toEqual({ '@value': 'P14D', '@type': 'xsd:duration' });
  });

  it('gives the municipality as competent authority, with its name and its country as a location', () => {
    const nodes = graph(toCpsvAp(tartu()));

    for (const code of ['felling-permit', 'residence-registration']) {
      expect(refs(nodes.get(`${ORIGIN}/services/${code}`)!, 'cv:hasCompetentAuthority')).toEqual([
        `${ORIGIN}/api/v1/services.jsonld#authority`,
      ]);
    }
    const authority = nodes.get(`${ORIGIN}/api/v1/services.jsonld#authority`)!;
    expect(types(authority)).toContain('cv:PublicOrganisation');
    expect(authority['skos:prefLabel']).toEqual({ '@value': 'Tartu linn', '@language': 'et' });
    expect(refs(authority, 'dct:spatial')).toEqual([`${EU}/country/EST`]);
    expect(types(nodes.get(`${EU}/country/EST`))).toContain('dct:Location');
  });

  it('gives the fee of a paid service in euros, and no cost for a free one', () => {
    const nodes = graph(toCpsvAp(tartu()));

    const felling = nodes.get(`${ORIGIN}/services/felling-permit`)!;
    const [costIri] = refs(felling, 'cv:hasCost');
    const cost = nodes.get(costIri)!;
    expect(types(cost)).toEqual(['cv:Cost']);
    expect(cost['cv:hasValue']).toEqual({ '@value': '25.50', '@type': 'xsd:double' });
    expect(cost['dct:description']).toContainEqual({ '@value': 'Processing fee', '@language': 'en' });
    expect(refs(cost, 'cv:currency')).toEqual([`${EU}/currency/EUR`]);
    expect(types(nodes.get(`${EU}/currency/EUR`))).toContain('skos:Concept');

    expect(refs(nodes.get(`${ORIGIN}/services/residence-registration`)!, 'cv:hasCost')).toEqual([]);
  });

  it('gives the channels, the online one with the service page', () => {
    const nodes = graph(toCpsvAp(tartu()));
    const channels = (code: string) =>
      refs(nodes.get(`${ORIGIN}/services/${code}`)!, 'cv:hasChannel').map((iri) => nodes.get(iri)!);

    const felling = channels('felling-permit');
    expect(felling.map((channel) => channel['dct:identifier'])).toEqual([
      'felling-permit/online',
      'felling-permit/email',
      'felling-permit/in-person',
    ]);
    const [online, email, inPerson] = felling;
    expect(types(online)).toEqual(['cv:Channel']);
    expect(refs(online, 'vcard:hasURL')).toEqual([`${ORIGIN}/services/felling-permit`]);
    // Europass channel types: web, e-mail; none exists for a visit in person.
    expect(refs(online, 'dct:type')).toEqual(['http://data.europa.eu/snb/com-channel/b37115f83e']);
    expect(refs(email, 'dct:type')).toEqual(['http://data.europa.eu/snb/com-channel/1fc1caefa8']);
    expect(refs(inPerson, 'dct:type')).toEqual([]);
    expect(inPerson['dct:description']).toContainEqual({
      '@value': "In person, at the municipality's office",
      '@language': 'en',
    });
    expect(types(nodes.get('http://data.europa.eu/snb/com-channel/b37115f83e'))).toContain('skos:Concept');

    expect(channels('residence-registration').map((channel) => channel['dct:identifier'])).toContain(
      'residence-registration/post',
    );
  });

  it('gives outputs, thematic areas and who may apply', () => {
    const nodes = graph(toCpsvAp(tartu()));
    const felling = nodes.get(`${ORIGIN}/services/felling-permit`)!;

    const [permit] = refs(felling, 'cpsv:produces').map((iri) => nodes.get(iri)!);
    expect(types(permit)).toEqual(['cv:Output']);
    expect(permit['dct:title']).toContainEqual({ '@value': 'Felling permit', '@language': 'en' });
    expect(refs(felling, 'cv:thematicArea')).toEqual([`${EU}/data-theme/ENVI`]);
    expect(types(nodes.get(`${EU}/data-theme/ENVI`))).toEqual(['skos:Concept']);
    const audience = refs(felling, 'dct:audience').map((iri) => nodes.get(iri)!);
    expect(audience.map((concept) => concept['skos:prefLabel'])).toContainEqual([
      { '@value': 'Eraisikud', '@language': 'et' },
      { '@value': 'Private persons', '@language': 'en' },
    ]);
  });

  describe('the validator', () => {
    it('reports a service without a title', async () => {
      const input = tartu();
      input.services[1].title = {};

      const outcome = await validateCpsvAp(toCpsvAp(input));

      expect(outcome.conforms).toBe(false);
      expect(outcome.violations).toEqual([`<${ORIGIN}/services/residence-registration> dct:title: Less than 1 values`]);
    });

    it('reports a linked node that is not typed in the graph', async () => {
      const doc = toCpsvAp(tartu());
      doc['@graph'] = (doc['@graph'] as Node[]).filter((node) => node['@id'] !== `${EU}/country/EST`);

      const outcome = await validateCpsvAp(doc);

      expect(outcome.conforms).toBe(false);
      expect(outcome.violations).toEqual([
        `<${ORIGIN}/api/v1/services.jsonld#authority> dct:spatial: the linked node is not typed dct:Location in the graph (value <${EU}/country/EST>)`,
      ]);
    });

    it('reports a literal of the wrong datatype', async () => {
      const doc = toCpsvAp(tartu());
      const cost = (doc['@graph'] as Node[]).find((node) => types(node).includes('cv:Cost'))!;
      cost['cv:hasValue'] = { '@value': '25.50', '@type': 'xsd:decimal' };

      const outcome = await validateCpsvAp(doc);

      expect(outcome.violations).toEqual([
        expect.stringMatching(/#cost-processing-fee> cv:hasValue: .*datatype xsd:double/),
      ]);
    });

    it('refuses what JSON-LD would drop unseen: a property the context does not define', async () => {
      const doc = toCpsvAp(tartu());
      (doc['@graph'] as Node[])[0]['hasCost'] = { '@id': `${ORIGIN}/services/felling-permit#cost-x` };

      await expect(validateCpsvAp(doc)).rejects.toThrow(/hasCost/);
    });

    it('never loads a remote context', async () => {
      const doc = { ...toCpsvAp(tartu()), '@context': 'https://example.org/context.jsonld' };

      await expect(validateCpsvAp(doc)).rejects.toThrow(/offline/);
    });
  });

  it('refuses input it cannot express', () => {
    const withService = (change: Partial<CpsvCatalogueInput['services'][number]>) => {
      const input = tartu();
      Object.assign(input.services[0], change);
      return input;
    };

    expect(() => toCpsvAp(withService({ processingTime: '30 days' }))).toThrow(RangeError);
    expect(() => toCpsvAp(withService({ thematicArea: ['environment'] }))).toThrow(RangeError);
    expect(() => toCpsvAp(withService({ costs: [{ id: 'fee', label: { en: 'Fee' }, amountMinor: 25.5 }] }))).toThrow(
      RangeError,
    );
    expect(() => toCpsvAp({ ...tartu(), authority: { ...tartu().authority, country: 'EE' } })).toThrow(RangeError);
  });
});
