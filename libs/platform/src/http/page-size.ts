import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** How many items a list may return per request: a query number from 1 to 500, default 50. */
export const PageSize = () =>
  applyDecorators(
    ApiPropertyOptional({ default: 50, maximum: 500 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(500),
  );
