import { Injectable } from '@nestjs/common';
import type { FormDefinition } from '@townhall/forms';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import type { UnverifiedAnswer, VerifiedAnswer } from '../domain/application.entity.js';
import type { FollowUpEntity } from '../domain/follow-up.entity.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { FollowUpsRepository } from '../persistence/follow-ups.repository.js';
import type { LoadedApplication } from './application-loader.js';
import { changeableFields, editableFields } from './editable-fields.js';

/**
 * A form the applicant fills in step by step: the application's own, or one of its
 * follow-ups (the report due after a grant). Pages, answers and files work the same on both.
 */
export interface FormTarget {
  form: FormDefinition;
  answers: Record<string, unknown>;
  stepsDone: number;
  /** Where its pages are: /applications/:id or /applications/:id/follow-ups/:key. */
  base: string;
  followUp: FollowUpEntity | null;
  /** The fields of `fields` the applicant may change now (never a register-verified one). */
  editable(fields: string[]): Set<string>;
  /** Whether a step of these fields opens at all now (one of register-verified fields only does, to go on). */
  opens(fields: string[]): boolean;
  /** Answers a national register gave, by field: shown read-only with their source. */
  verified: Record<string, VerifiedAnswer>;
  /** Fields a register did not answer for, by field: typed by the applicant, checked by an official. */
  unverified: Record<string, UnverifiedAnswer>;
  /** Saves answers (and progress) guarded by the version read (inside the open transaction). */
  save(change: { answers: Record<string, unknown>; stepsDone?: number; submittedAt?: Date }): Promise<void>;
}

@Injectable()
export class FormTargets {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly followUps: FollowUpsRepository,
  ) {}

  /** The application's form, or the follow-up's named by `followUpKey` (inside the transaction). */
  async of(loaded: LoadedApplication, followUpKey?: string): Promise<FormTarget> {
    const { application, service } = loaded;
    if (!followUpKey) {
      return {
        form: service.form,
        answers: application.answers,
        stepsDone: application.stepsDone,
        base: `/applications/${application.id}`,
        followUp: null,
        editable: (fields) => editableFields(application, fields),
        opens: (fields) => changeableFields(application, fields).size > 0,
        verified: application.verified ?? {},
        unverified: application.unverified ?? {},
        save: async ({ answers, stepsDone }) => {
          const change = stepsDone === undefined ? { answers } : { answers, stepsDone };
          await this.applications.change(application.id, application.version, change);
          Object.assign(application, change, { version: application.version + 1 });
        },
      };
    }
    const definition = service.followUps?.find((f) => f.id === followUpKey);
    const followUp = definition ? await this.followUps.find(application.id, followUpKey) : null;
    if (!definition || !followUp) {
      throw new CaseException(
        'Nothing of that name is due on this application.',
        CaseExceptionCode.ApplicationNotFound,
      );
    }
    return {
      form: definition.form,
      answers: followUp.answers,
      stepsDone: followUp.stepsDone,
      base: `/applications/${application.id}/follow-ups/${followUpKey}`,
      followUp,
      // Open until submitted; a report returned by the officials is open again.
      editable: (fields) => new Set(followUp.submittedAt ? [] : fields),
      opens: () => !followUp.submittedAt,
      verified: {},
      unverified: {},
      save: async (change) => {
        await this.followUps.change(followUp.id, followUp.version, change);
        Object.assign(followUp, change, { version: followUp.version + 1 });
      },
    };
  }
}
