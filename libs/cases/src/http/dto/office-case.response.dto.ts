import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { STATE_KINDS, type ApplicationStateKind } from '../../domain/application.entity.js';

/** A case in the work queue. */
export class CaseSummaryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, example: 'TRT-2026-000001' })
  reference: string | null;

  @ApiProperty({ description: 'The service code', example: 'felling-permit' })
  service: string;

  @ApiProperty({ description: "The state of the service's workflow", example: 'submitted' })
  state: string;

  @ApiProperty({ enum: STATE_KINDS })
  stateKind: ApplicationStateKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The official in charge' })
  assigneeId: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the case should leave its state',
  })
  stateDueAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decisionDueAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt: Date | null;

  @ApiProperty({ description: 'The version to name when acting on the case (optimistic lock)', example: 3 })
  version: number;
}

export class CaseDecisionResponseDto {
  @ApiProperty({ description: "The decision template's key", example: 'permit-granted' })
  key: string;

  @ApiProperty({ enum: ['approved', 'partly-approved', 'rejected', 'issued'] })
  outcome: string;

  @ApiProperty()
  reasons: string;

  @ApiProperty({ format: 'date-time' })
  decidedAt: string;

  @ApiProperty({ description: 'Who decided (an official, or a system)' })
  decidedBy: string;

  @ApiProperty({ format: 'uuid', description: 'The decision document (GET …/decision gives it)' })
  documentId: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  appealUntil: string | null;
}

export class CaseEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: Date;

  @ApiProperty({ example: 'transition' })
  kind: string;

  @ApiProperty({ enum: ['citizen', 'staff', 'system'] })
  actorKind: string;

  @ApiProperty()
  actorName: string;

  @ApiProperty({ type: String, nullable: true })
  transition: string | null;

  @ApiProperty({ type: String, nullable: true })
  fromState: string | null;

  @ApiProperty({ type: String, nullable: true })
  toState: string | null;

  @ApiProperty({ description: 'A note the applicant does not see' })
  internal: boolean;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class CaseFileResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['attachment', 'decision', 'permit'] })
  kind: string;

  @ApiProperty({ type: String, nullable: true, description: 'The form field it was attached to' })
  field: string | null;

  @ApiProperty()
  fileName: string;

  @ApiProperty({ example: 'application/pdf' })
  mediaType: string;

  @ApiProperty()
  sizeBytes: number;

  @ApiProperty({ description: 'SHA-256 of the bytes, hex' })
  sha256: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;
}

const REGISTERS = ['population', 'business', 'property'];

/** An answer a national register gave. */
export class VerifiedAnswerResponseDto {
  @ApiProperty({ enum: REGISTERS })
  register: 'population' | 'business' | 'property';

  @ApiProperty({ description: "The register record's attribute", example: 'address' })
  attribute: string;

  @ApiProperty({ format: 'date-time', description: 'When the register answered' })
  fetchedAt: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      "A group filled from a register's list (attribute children): the sub-fields of each item the register gave, " +
      'each with the attribute it was read from. These sub-fields of every item of the answer are verified; the ' +
      'other sub-fields the applicant typed',
    example: { name: 'name', personalCode: 'personalCode', birthDate: 'dateOfBirth' },
  })
  fields?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      "A group filled from a register's list: the items the register gave, by those sub-fields. Every item of the " +
      'answer is one of them (the applicant chose which): none added, none changed',
  })
  items?: Record<string, unknown>[];
}

/** An answer the register should have given but did not. */
export class UnverifiedAnswerResponseDto {
  @ApiProperty({ enum: REGISTERS })
  register: 'population' | 'business' | 'property';

  @ApiProperty({ example: 'address' })
  attribute: string;

  @ApiProperty({ description: 'Why the register gave nothing', example: 'timed out' })
  reason: string;

  @ApiProperty({ format: 'date-time', description: 'When the register was asked' })
  at: string;
}

/** A case with its answers, history and files, and the steps the caller may take. */
@ApiExtraModels(VerifiedAnswerResponseDto, UnverifiedAnswerResponseDto)
export class CaseResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, example: 'TRT-2026-000001' })
  reference: string | null;

  @ApiProperty({ example: 'felling-permit' })
  serviceCode: string;

  @ApiProperty({ description: 'The published version of the service the application was made under' })
  serviceVersion: number;

  @ApiProperty({ format: 'uuid' })
  applicantId: string;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'The organisation the applicant acted for',
  })
  organisation: object | null;

  @ApiProperty()
  state: string;

  @ApiProperty({ enum: STATE_KINDS })
  stateKind: ApplicationStateKind;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The answers, by the form's field names" })
  answers: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(VerifiedAnswerResponseDto) },
    description: 'The answers a national register gave, by field name: read-only for the applicant',
  })
  verified: Record<string, VerifiedAnswerResponseDto>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(UnverifiedAnswerResponseDto) },
    description: 'The answers the applicant typed because the register did not answer: for an official to check',
  })
  unverified: Record<string, UnverifiedAnswerResponseDto>;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId: string | null;

  @ApiProperty({ type: String, nullable: true })
  department: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  stateDueAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decisionDueAt: Date | null;

  @ApiProperty({ type: CaseDecisionResponseDto, nullable: true })
  decision: CaseDecisionResponseDto | null;

  @ApiProperty({ description: 'The version to name when acting on the case' })
  version: number;

  @ApiProperty({ type: [String], description: 'The workflow steps the caller may take now' })
  transitions: string[];

  @ApiProperty({ type: [CaseEventResponseDto] })
  history: CaseEventResponseDto[];

  @ApiProperty({ type: [CaseFileResponseDto] })
  files: CaseFileResponseDto[];
}

export class TransitionResultResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The state the case is in now' })
  state: string;

  @ApiProperty({ description: 'The new version of the case' })
  version: number;
}
