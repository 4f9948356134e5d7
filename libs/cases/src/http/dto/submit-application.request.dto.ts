import { IsObject, IsOptional, Matches } from 'class-validator';

/** An application made and submitted at once (city systems, the SDK, the bench). */
export class SubmitApplicationRequestDto {
  /** The service's code, as in /api/v1/services. */
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'service must be a service code' })
  service: string;

  /** The answers, by field name, as the service's form schema describes them. */
  @IsObject({ message: 'answers must be an object of answers by field name' })
  answers: Record<string, unknown>;

  /** How the decision is delivered: one of the service's delivery options (default its first). */
  @IsOptional()
  @Matches(/^[a-z-]{1,20}$/, { message: 'delivery must be a delivery option' })
  delivery?: string;
}
