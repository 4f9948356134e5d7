import { Injectable } from '@nestjs/common';
import { validateAnswers, visibleFields, type AnswerError } from '@townhall/forms';
import { TenantDatabase } from '@townhall/tenancy';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { ApplicationLoader, type LoadedApplication } from './application-loader.js';
import { FormTargets, type FormTarget } from './form-target.js';
import { checkRegisterItems } from './register-items.js';

export interface SaveStep {
  applicationId: string;
  applicantId: string;
  stepIndex: number;
  /** The step's answers, typed (answersFromForm, or a JSON body). */
  answers: Record<string, unknown>;
  /** A follow-up's form (the report), instead of the application's. */
  followUpKey?: string;
}

export { editableFields } from './editable-fields.js';

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
    private readonly targets: FormTargets,
  ) {}

  async execute(input: SaveStep): Promise<{
    loaded: LoadedApplication;
    target: FormTarget;
    errors: AnswerError[];
    answers: Record<string, unknown>;
  }> {
    return this.tenantDb.run(async () => {
      const loaded = await this.loader.forApplicant(input.applicationId, input.applicantId);
      const target = await this.targets.of(loaded, input.followUpKey);
      const form = target.form;
      const step = form.ui.steps[input.stepIndex];
      if (!step) throw new CaseException('The form has no such step.', CaseExceptionCode.ApplicationNotFound);
      const editable = target.editable(step.fields);
      if (!target.opens(step.fields)) {
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
      // Fields the applicant may not change keep their saved answers (a request names some; a
      // register gave others): a value sent for one changes nothing.
      const merged = { ...target.answers };
      for (const name of step.fields) {
        if (!editable.has(name) || form.ui.fields[name]?.widget === 'file') continue;
        if (name in input.answers) merged[name] = input.answers[name];
        else delete merged[name];
      }
      // The items of a group a register filled are the register's: another, or one changed, is refused (nothing saved).
      checkRegisterItems(target.verified, merged, [...editable]);
      const { errors } = validateAnswers(form, merged);
      const visible = new Set(visibleFields(form, merged));
      // Only this step's fields count now; the rest are checked when they are asked, and at submission.
      const stepErrors = errors.filter(
        (e) => step.fields.includes(e.field.split('.')[0]) && visible.has(e.field.split('.')[0]),
      );
      if (stepErrors.length > 0) return { loaded, target, errors: stepErrors, answers: merged };
      await target.save({ answers: merged, stepsDone: Math.max(target.stepsDone, input.stepIndex + 1) });
      target.answers = merged;
      return { loaded, target, errors: [], answers: merged };
    });
  }
}
