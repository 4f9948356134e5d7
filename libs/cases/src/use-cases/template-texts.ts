import nunjucks from 'nunjucks';

/**
 * The renderer of a service template's texts (its decisions, its messages): Nunjucks over the
 * template's own words, which are plain text (a PDF, an e-mail, an inbox message the portal
 * escapes), so nothing is escaped here; and nothing runs but the template's variables: what
 * a citizen typed (their answers) or an official wrote is a value put in, never itself rendered.
 */
export const templateTexts = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
