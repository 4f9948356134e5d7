/**
 * Validation of a CPSV-AP 3.2.0 document (JSON-LD) against the official SHACL shapes in
 * test/fixtures/cpsv-ap-3.2.0, offline: no remote context or document is ever fetched.
 */
import { readFile } from 'node:fs/promises';
import rdf from '@zazuko/env';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import type { Quad, Term } from '@rdfjs/types';

const SHAPES = new URL('../fixtures/cpsv-ap-3.2.0/cpsv-ap-SHACL.ttl', import.meta.url);

const SH = 'http://www.w3.org/ns/shacl#';
const PREFIXES: [string, string][] = [
  ['cpsv:', 'http://purl.org/vocab/cpsv#'],
  ['cv:', 'http://data.europa.eu/m8g/'],
  ['dcat:', 'http://www.w3.org/ns/dcat#'],
  ['dct:', 'http://purl.org/dc/terms/'],
  ['org:', 'http://www.w3.org/ns/org#'],
  ['skos:', 'http://www.w3.org/2004/02/skos/core#'],
  ['xsd:', 'http://www.w3.org/2001/XMLSchema#'],
  ['rdf:', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
];

export interface ShaclOutcome {
  conforms: boolean;
  /** One line per violation: `<focus node> path: what is wrong`. */
  violations: string[];
}

let shapesOnce: Promise<{ validator: SHACLValidator; shapes: Quad[] }> | undefined;
let previous: Promise<unknown> = Promise.resolve();

/** Validates a JSON-LD document against the CPSV-AP 3.2.0 shapes (parsed once per test file). */
export async function validateCpsvAp(doc: object): Promise<ShaclOutcome> {
  shapesOnce ??= readFile(SHAPES, 'utf8').then((turtle) => {
    const shapes = new Parser().parse(turtle);
    return { validator: new SHACLValidator(rdf.dataset(shapes), { factory: rdf }), shapes };
  });
  const { validator, shapes } = await shapesOnce;
  const data = rdf.dataset(await toQuads(doc));
  // One validator (building it takes most of the time) that holds the data graph of its current
  // run: calls take turns.
  const run = previous.then(() => validator.validate(data));
  previous = run.catch(() => undefined);
  const report = await run;
  return {
    conforms: report.conforms,
    violations: report.results.map((result) =>
      [
        show(result.focusNode),
        result.path ? ` ${show(result.path)}` : '',
        `: ${explain(result, shapes)}`,
        result.value ? ` (value ${show(result.value)})` : '',
      ].join(''),
    ),
  };
}

/**
 * JSON-LD to RDF/JS quads; any attempt to load a remote context or document fails. Safe mode:
 * what JSON-LD would silently drop (a property or type without a definition in the context, a
 * relative IRI) is an error, not data that escapes the validation.
 */
async function toQuads(doc: object): Promise<Quad[]> {
  let refused: string | undefined;
  const documentLoader = async (url: string): Promise<never> => {
    refused = url;
    throw new Error(`refused to load ${url}`);
  };
  let quads: JsonLdQuad[];
  try {
    const options = { documentLoader, safe: true } as jsonld.Options.ToRdf;
    quads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, options)) as unknown as JsonLdQuad[];
  } catch (error) {
    const event = (error as { details?: { event?: { message: string; details?: object } } }).details?.event;
    if (event) throw new Error(`JSON-LD: ${event.message} ${JSON.stringify(event.details)}`, { cause: error });
    if (refused === undefined) throw error;
    throw new Error(`validateCpsvAp works offline: the document refers to ${refused}; inline its @context`, {
      cause: error,
    });
  }
  return quads.map((quad) =>
    rdf.quad(
      term(quad.subject) as Quad['subject'],
      term(quad.predicate) as Quad['predicate'],
      term(quad.object) as Quad['object'],
      term(quad.graph) as Quad['graph'],
    ),
  );
}

/** The plain objects jsonld.toRDF gives (not RDF/JS terms: no equals()). */
interface JsonLdTerm {
  termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
  value: string;
  language?: string;
  datatype?: { value: string };
}
interface JsonLdQuad {
  subject: JsonLdTerm;
  predicate: JsonLdTerm;
  object: JsonLdTerm;
  graph: JsonLdTerm;
}

function term(t: JsonLdTerm): Term {
  switch (t.termType) {
    case 'NamedNode':
      return rdf.namedNode(t.value);
    case 'BlankNode':
      return rdf.blankNode(t.value.replace(/^_:/, ''));
    case 'Literal':
      return rdf.literal(t.value, t.language || (t.datatype ? rdf.namedNode(t.datatype.value) : undefined));
    case 'DefaultGraph':
      return rdf.defaultGraph();
  }
}

/** The validator's message, or one made from the constraint (sh:class, sh:minCount… have none). */
function explain(
  result: { message: Term[]; sourceShape: Term; sourceConstraintComponent: Term },
  shapes: Quad[],
): string {
  if (result.message.length > 0) {
    const compact = (text: string) => text.replace(/<([^<>\s]+)>/g, (_, iri: string) => show(rdf.namedNode(iri)));
    return result.message.map((message) => compact(message.value)).join('; ');
  }
  const parameter = (name: string) =>
    shapes.find((q) => q.subject.equals(result.sourceShape) && q.predicate.value === SH + name)?.object;
  const component = result.sourceConstraintComponent.value.replace(SH, '').replace(/ConstraintComponent$/, '');
  const value = parameter(component.charAt(0).toLowerCase() + component.slice(1));
  switch (component) {
    case 'Class':
      return `the linked node is not typed ${show(value)} in the graph`;
    case 'MinCount':
      return `needs at least ${value?.value} value(s)`;
    case 'MaxCount':
      return `allows at most ${value?.value} value(s)`;
    default:
      return value ? `${component} ${show(value)}` : component;
  }
}

function show(t: Term | undefined): string {
  if (!t) return '?';
  if (t.termType === 'BlankNode') return `_:${t.value}`;
  if (t.termType === 'Literal') return JSON.stringify(t.value);
  const prefix = PREFIXES.find(([, iri]) => t.value.startsWith(iri));
  return prefix ? prefix[0] + t.value.slice(prefix[1].length) : `<${t.value}>`;
}
