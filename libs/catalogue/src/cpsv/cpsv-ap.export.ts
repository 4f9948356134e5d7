import type { Locale } from '@townhall/tenancy';

/**
 * The service catalogue of a municipality as a CPSV-AP 3.2.0 document (JSON-LD), the EU data
 * model that the Single Digital Gateway and national catalogues harvest. A pure function: the
 * caller reads the catalogue and the municipality's settings and serves the result.
 *
 * The official shapes (test/fixtures/cpsv-ap-3.2.0) check the class of every node a property
 * links to, so each linked node — including those of EU vocabularies (countries, languages,
 * currencies, channel types) — is in the graph with the class the shapes ask for.
 */

export type CpsvChannel = 'online' | 'email' | 'post' | 'in-person';
export type CpsvApplicant = 'person' | 'organisation';
type Texts = Partial<Record<Locale, string>>;

export interface CpsvCatalogueInput {
  /** The municipality's public origin, e.g. "http://tartu.localhost:3000" — IRIs of its services are built from it. */
  origin: string;
  authority: {
    slug: string;
    /** The official name, in the municipality's first locale. */
    name: string;
    /** The municipality's languages, the first one its main language. */
    locales: Locale[];
    /** ISO 3166-1 alpha-3, as in the EU country authority table. */
    country: 'EST' | 'BGR' | 'SWE' | 'FIN' | string;
  };
  currency: 'EUR' | 'BGN' | 'SEK';
  services: CpsvServiceInput[];
}

export interface CpsvServiceInput {
  /** e.g. 'felling-permit'; the service's page (and IRI) is `${origin}/services/${code}`. */
  code: string;
  title: Texts;
  description: Texts;
  keywords?: Partial<Record<Locale, string[]>>;
  /** IRIs of concepts, e.g. of COFOG or EuroVoc. */
  thematicArea?: string[];
  /** ISO 8601 duration, e.g. 'P30D' (weeks, 'P2W', are written as days). */
  processingTime?: string;
  /** Empty for a free service. */
  /** amountMinor absent: the amount is worked out from the application (the label says how). */
  costs: { id: string; label: Texts; amountMinor?: number }[];
  /** The online channel (the portal page) is always there, listed or not. */
  channels: CpsvChannel[];
  outputs?: { id: string; title: Texts }[];
  applicants?: CpsvApplicant[];
}

type JsonLdNode = { '@id': string; '@type': string | string[] } & Record<string, unknown>;
type LangString = { '@value': string; '@language': Locale };

const CONTEXT = {
  cpsv: 'http://purl.org/vocab/cpsv#',
  cv: 'http://data.europa.eu/m8g/',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  org: 'http://www.w3.org/ns/org#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority';

/** Codes of the EU language authority table (ISO 639-2 based). */
const LANGUAGE_CODES: Record<Locale, string> = { et: 'EST', en: 'ENG', bg: 'BUL', sv: 'SWE', fi: 'FIN' };

/**
 * Europass communication channel types, the vocabulary CPSV-AP recommends for Channel.type
 * (scheme http://data.europa.eu/snb/com-channel/25831c2). It has no type for a visit in person:
 * that channel goes without dct:type and says what it is in its description.
 */
const CHANNEL_TYPE_SCHEME = 'http://data.europa.eu/snb/com-channel/25831c2';
const CHANNEL_TYPES: Record<CpsvChannel, string | undefined> = {
  online: 'http://data.europa.eu/snb/com-channel/b37115f83e',
  email: 'http://data.europa.eu/snb/com-channel/1fc1caefa8',
  post: 'http://data.europa.eu/snb/com-channel/0c84394663',
  'in-person': undefined,
};
const CHANNEL_ORDER: CpsvChannel[] = ['online', 'email', 'post', 'in-person'];

const CHANNEL_DESCRIPTIONS: Record<CpsvChannel, Record<Locale, string>> = {
  online: {
    et: 'Veebis, omavalitsuse e-teenuste portaalis',
    en: "Online, on the municipality's e-services portal",
    bg: 'Онлайн, на портала за електронни услуги на общината',
    sv: 'På nätet, i kommunens e-tjänstportal',
    fi: 'Verkossa, kunnan sähköisessä asiointipalvelussa',
  },
  email: {
    et: 'E-postiga',
    en: 'By e-mail',
    bg: 'По електронна поща',
    sv: 'Via e-post',
    fi: 'Sähköpostilla',
  },
  post: { et: 'Posti teel', en: 'By post', bg: 'По пощата', sv: 'Per post', fi: 'Postitse' },
  'in-person': {
    et: 'Kohapeal, omavalitsuse teeninduses',
    en: "In person, at the municipality's office",
    bg: 'Лично, в сградата на общината',
    sv: 'Personligen, på kommunens kontor',
    fi: 'Henkilökohtaisesti, kunnan asiointipisteessä',
  },
};

/** Who may apply: no EU vocabulary fits, so the document defines these two concepts itself. */
const APPLICANT_LABELS: Record<CpsvApplicant, Record<Locale, string>> = {
  person: {
    et: 'Eraisikud',
    en: 'Private persons',
    bg: 'Физически лица',
    sv: 'Privatpersoner',
    fi: 'Yksityishenkilöt',
  },
  organisation: {
    et: 'Ettevõtted ja asutused',
    en: 'Businesses and organisations',
    bg: 'Юридически лица',
    sv: 'Företag och organisationer',
    fi: 'Yritykset ja yhteisöt',
  },
};

// xsd:duration (ISO 8601 without weeks); a duration in weeks alone is turned into days.
const XSD_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const WEEKS = /^P(\d+)W$/;

export function toCpsvAp(input: CpsvCatalogueInput): Record<string, unknown> {
  const origin = new URL(input.origin).origin;
  const { authority } = input;
  const [mainLocale] = authority.locales;
  if (!mainLocale) throw new RangeError(`CPSV-AP export: municipality ${authority.slug} has no locale`);
  if (!/^[A-Z]{3}$/.test(authority.country)) {
    throw new RangeError(`CPSV-AP export: country "${authority.country}" is not an ISO 3166-1 alpha-3 code`);
  }

  const nodes = new Map<string, JsonLdNode>();
  const add = (node: JsonLdNode): { '@id': string } => {
    if (!nodes.has(node['@id'])) nodes.set(node['@id'], withoutEmpty(node));
    return ref(node['@id']);
  };
  const concept = (iri: string, scheme?: string, extraType?: string): { '@id': string } => {
    if (scheme) add({ '@id': scheme, '@type': 'skos:ConceptScheme' });
    return add({
      '@id': iri,
      '@type': extraType ? [extraType, 'skos:Concept'] : 'skos:Concept',
      ...(scheme ? { 'skos:inScheme': ref(scheme) } : {}),
    });
  };
  const texts = (values: Texts): LangString[] => langStrings(values, authority.locales);
  // Texts of Townhall's own (channel descriptions, applicant labels): in the municipality's languages.
  const ownTexts = (values: Record<Locale, string>): LangString[] =>
    authority.locales.map((locale) => ({ '@value': values[locale], '@language': locale }));

  const authorityRef = add({
    '@id': `${origin}/api/v1/services.jsonld#authority`,
    '@type': ['cv:PublicOrganisation', 'org:Organization'],
    'dct:identifier': authority.slug,
    'skos:prefLabel': { '@value': authority.name, '@language': mainLocale },
    'dct:spatial': concept(`${EU_AUTHORITY}/country/${authority.country}`, `${EU_AUTHORITY}/country`, 'dct:Location'),
  });
  const currencyRef = concept(`${EU_AUTHORITY}/currency/${input.currency}`, `${EU_AUTHORITY}/currency`);

  for (const service of input.services) {
    const serviceIri = `${origin}/services/${encodeURIComponent(service.code)}`;
    const titled = langStrings(service.title, authority.locales).map((title) => title['@language']);

    const channels = CHANNEL_ORDER.filter((kind) => kind === 'online' || service.channels.includes(kind)).map(
      (kind) => {
        const type = CHANNEL_TYPES[kind];
        return add({
          '@id': `${serviceIri}#channel-${kind}`,
          '@type': 'cv:Channel',
          'dct:identifier': `${service.code}/${kind}`,
          ...(type ? { 'dct:type': concept(type, CHANNEL_TYPE_SCHEME) } : {}),
          'dct:description': ownTexts(CHANNEL_DESCRIPTIONS[kind]),
          // CPSV-AP suggests vCard for the address of a channel: the online one is the service's page.
          ...(kind === 'online' ? { 'vcard:hasURL': ref(serviceIri) } : {}),
        });
      },
    );

    const costs = service.costs.map((cost) =>
      add({
        '@id': `${serviceIri}#cost-${encodeURIComponent(cost.id)}`,
        '@type': 'cv:Cost',
        'dct:identifier': cost.id,
        'dct:description': texts(cost.label),
        ...(cost.amountMinor === undefined
          ? {}
          : {
              'cv:hasValue': { '@value': majorUnits(cost.amountMinor), '@type': 'xsd:double' },
              'cv:currency': currencyRef,
            }),
        'cv:isDefinedBy': authorityRef,
      }),
    );

    const outputs = (service.outputs ?? []).map((output) =>
      add({
        '@id': `${serviceIri}#output-${encodeURIComponent(output.id)}`,
        '@type': 'cv:Output',
        'dct:identifier': output.id,
        'dct:title': texts(output.title),
      }),
    );

    const applicants = [...new Set(service.applicants ?? [])].map((applicant) =>
      add({
        '@id': `${origin}/api/v1/services.jsonld#applicant-${applicant}`,
        '@type': 'skos:Concept',
        'skos:prefLabel': ownTexts(APPLICANT_LABELS[applicant]),
      }),
    );

    add({
      '@id': serviceIri,
      '@type': 'cpsv:PublicService',
      'dct:identifier': service.code,
      'dct:title': texts(service.title),
      'dct:description': texts(service.description),
      'dcat:keyword': keywords(service.keywords ?? {}, authority.locales),
      'dct:language': titled.map((locale) =>
        concept(
          `${EU_AUTHORITY}/language/${LANGUAGE_CODES[locale]}`,
          `${EU_AUTHORITY}/language`,
          'dct:LinguisticSystem',
        ),
      ),
      'cv:hasCompetentAuthority': authorityRef,
      'cv:thematicArea': [...new Set(service.thematicArea ?? [])].map((iri) => concept(absoluteIri(iri, service.code))),
      'cv:processingTime': service.processingTime
        ? { '@value': duration(service.processingTime, service.code), '@type': 'xsd:duration' }
        : undefined,
      'cv:hasChannel': channels,
      'cv:hasCost': costs,
      'cpsv:produces': outputs,
      'dct:audience': applicants,
    });
  }

  // Services first, then what they link to, in a stable order.
  const graph = [...nodes.values()].sort((a, b) => rank(a) - rank(b));
  return { '@context': CONTEXT, '@graph': graph };
}

function ref(iri: string): { '@id': string } {
  return { '@id': iri };
}

/** One language-tagged literal per locale with a text, the municipality's locales first. */
function langStrings(values: Texts, order: Locale[]): LangString[] {
  return sortedLocales(values, order).flatMap((locale) => {
    const value = values[locale]?.trim();
    return value ? [{ '@value': value, '@language': locale }] : [];
  });
}

function keywords(values: Partial<Record<Locale, string[]>>, order: Locale[]): LangString[] {
  return sortedLocales(values, order).flatMap((locale) =>
    [...new Set((values[locale] ?? []).map((keyword) => keyword.trim()).filter(Boolean))].map((keyword) => ({
      '@value': keyword,
      '@language': locale,
    })),
  );
}

function sortedLocales(values: object, order: Locale[]): Locale[] {
  const position = (locale: Locale) => (order.includes(locale) ? order.indexOf(locale) : order.length);
  return (Object.keys(values) as Locale[])
    .filter((locale) => locale in LANGUAGE_CODES)
    .sort((a, b) => position(a) - position(b) || a.localeCompare(b));
}

/** 2550 → "25.50": EUR, BGN and SEK all have two minor digits; built from integers, no rounding. */
function majorUnits(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError(`CPSV-AP export: amount ${amountMinor} is not a whole, non-negative number of minor units`);
  }
  return `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, '0')}`;
}

function duration(value: string, code: string): string {
  const weeks = WEEKS.exec(value);
  const normalised = weeks ? `P${Number(weeks[1]) * 7}D` : value;
  if (!XSD_DURATION.test(normalised)) {
    throw new RangeError(`CPSV-AP export: processing time "${value}" of ${code} is not an ISO 8601 duration`);
  }
  return normalised;
}

function absoluteIri(iri: string, code: string): string {
  if (!/^https?:\/\//.test(iri) || !URL.canParse(iri)) {
    throw new RangeError(`CPSV-AP export: thematic area "${iri}" of ${code} is not an http(s) IRI`);
  }
  return iri;
}

function withoutEmpty(node: JsonLdNode): JsonLdNode {
  return Object.fromEntries(
    Object.entries(node).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  ) as JsonLdNode;
}

function rank(node: JsonLdNode): number {
  const types = ([] as string[]).concat(node['@type']);
  const order = ['cpsv:PublicService', 'cv:PublicOrganisation', 'cv:Channel', 'cv:Cost', 'cv:Output'];
  const index = order.findIndex((type) => types.includes(type));
  return index === -1 ? order.length : index;
}
