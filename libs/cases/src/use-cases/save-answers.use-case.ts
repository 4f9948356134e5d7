import { Injectable } from '@nestjs/common';
import { validateAnswers, visibleFields, type AnswerError } from '@townhall/forms';
import { TenantDatabase } from '@townhall/tenancy';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { ApplicationLoader, type LoadedApplication } from './application-loader.js';

export interface SaveStep {
  applicationId: string;
  applicantId: string;
  stepIndex: number;
  /** The step's answers, typed (answersFromForm, or a JSON body). */
  answers: Record<string, unknown>;
}

/** The fields an applicant may change now: all in a draft, those asked for in a request for information. */
export function editableFields(application: ApplicationEntity, fields: string[]): Set<string> {
  if (application.stateKind === 'draft') return new Set(fields);
  if (application.stateKind === 'waiting-applicant' && application.informationRequest) {
    const asked = application.informationRequest.fields;
    return new Set(asked.length > 0 ? fields.filter((f) => asked.includes(f)) : fields);
  }
  return new Set();
}

/**
 * Saves one step of a draft: the step's answers are checked against the schema of the
 * version the application pins; with errors nothing is saved, and the errors name the
 * fields. Answers of other steps are kept as they were.
 */
@Injectable()
export class SaveAnswersUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
  ) {}

  async execute(
    input: SaveStep,
  ): Promise<{ loaded: LoadedApplication; errors: AnswerError[]; answers: Record<string, unknown> }> {
    return this.tenantDb.run(async () => {
      const loaded = await this.loader.forApplicant(input.applicationId, input.applicantId);
      const { application, service } = loaded;
      const step = service.form.ui.steps[input.stepIndex];
      if (!step) throw new CaseException('The form has no such step.', CaseExceptionCode.ApplicationNotFound);
      const editable = editableFields(application, step.fields);
      if (editable.size === 0) {
        throw new CaseException('This application cannot be changed now.', CaseExceptionCode.NotEditable);
      }
      const unknown = Object.keys(input.answers).filter((name) => !step.fields.includes(name));
      if (unknown.length > 0) {
        throw new CaseException(
          `This step has no field ${unknown.map((u) => `"${u}"`).join(', ')}.`,
          CaseExceptionCode.InvalidAnswers,
          unknown.map((field) => ({ field, message: `${field} is not a field of this step` })),
        );
      }
      // Fields the applicant may not change keep their saved answers (a request names some).
      const merged = { ...application.answers };
      for (const name of step.fields) {
        if (!editable.has(name) || service.form.ui.fields[name]?.widget === 'file') continue;
        if (name in input.answers) merged[name] = input.answers[name];
        else delete merged[name];
      }
      const { errors } = validateAnswers(service.form, merged);
      const visible = new Set(visibleFields(service.form, merged));
      // Only this step's fields count now; the rest are checked when they are asked, and at submission.
      const stepErrors = errors.filter(
        (e) => step.fields.includes(e.field.split('.')[0]) && visible.has(e.field.split('.')[0]),
      );
      if (stepErrors.length > 0) return { loaded, errors: stepErrors, answers: merged };
      await this.applications.change(application.id, application.version, {
        answers: merged,
        stepsDone: Math.max(application.stepsDone, input.stepIndex + 1),
      });
      application.answers = merged;
      application.version += 1;
      return { loaded, errors: [], answers: merged };
    });
  }
}
