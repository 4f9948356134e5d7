import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorResponseDto {
  @ApiProperty({ description: 'The field, by its path in the request', example: 'name' })
  field: string;

  @ApiProperty({ example: 'name must be 1 to 80 characters' })
  message: string;
}

/** An error as API clients get it (RFC 9457 problem+json), for the OpenAPI document. */
export class ProblemResponseDto {
  @ApiProperty({ example: 'about:blank' })
  type: string;

  @ApiProperty({ example: 'Forbidden' })
  title: string;

  @ApiProperty({ example: 403 })
  status: number;

  @ApiProperty({ description: 'What went wrong, for a person to read' })
  detail: string;

  @ApiPropertyOptional({ description: 'A stable code of the error, part of the API', example: 'invalid_request' })
  code?: string;

  @ApiPropertyOptional({ type: [FieldErrorResponseDto], description: 'Each field that was refused' })
  errors?: FieldErrorResponseDto[];

  @ApiPropertyOptional({ description: 'The request id, to quote when reporting a problem' })
  requestId?: string;

  @ApiPropertyOptional({ description: 'Where a person logs in (when a login is needed)' })
  loginUrl?: string;
}
