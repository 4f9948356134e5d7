import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { DefinitionProblem } from '@townhall/forms';
import { projectRoot } from '@townhall/platform';
import { checkServiceTemplate } from './check-service-template.js';
import type { ServiceTemplate } from './service-template.js';

/** Where the platform's templates are: one folder per template, a file per version. */
export function serviceTemplatesFolder(): string {
  return path.join(projectRoot(), 'libs', 'catalogue', 'service-templates');
}

export class ServiceTemplateFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: DefinitionProblem[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/**
 * Reads and checks every template version under the folder. A file whose name, code or
 * version disagree, or that fails its checks, is an error naming the file and the field.
 */
export function readServiceTemplates(folder = serviceTemplatesFolder(), only?: string[]): ServiceTemplate[] {
  const templates: ServiceTemplate[] = [];
  for (const code of readdirSync(folder).sort()) {
    if (only && !only.includes(code)) continue;
    const dir = path.join(folder, code);
    for (const file of readdirSync(dir).sort()) {
      const match = /^v([1-9][0-9]*)\.yaml$/.exec(file);
      const where = path.relative(projectRoot(), path.join(dir, file));
      if (!match) throw new ServiceTemplateFileError(where, [{ path: '(file)', message: 'name it v<version>.yaml' }]);
      let data: unknown;
      try {
        data = parse(readFileSync(path.join(dir, file), 'utf8'));
      } catch (error) {
        throw new ServiceTemplateFileError(where, [{ path: '(file)', message: String(error) }]);
      }
      const problems = checkServiceTemplate(data);
      const template = data as ServiceTemplate;
      if (problems.length === 0 && template.code !== code) {
        problems.push({ path: 'code', message: `the folder is ${code}` });
      }
      if (problems.length === 0 && template.version !== Number(match[1])) {
        problems.push({ path: 'version', message: `the file is ${file}` });
      }
      if (problems.length > 0) throw new ServiceTemplateFileError(where, problems);
      templates.push(template);
    }
  }
  return templates;
}
