import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ASSURANCE_LEVELS, SUPPORTED_LOCALES, type AssuranceLevel, type Locale } from '@townhall/tenancy';

export class CatalogueQueryDto {
  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, description: "Defaults to the municipality's default language" })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES, { message: `locale must be one of ${SUPPORTED_LOCALES.join(', ')}` })
  locale?: Locale;

  @ApiPropertyOptional({
    example: 'parking',
    description: 'Words to search for, in the given language (stemmed where PostgreSQL knows it; prefixes match)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;
}

export class ServiceSummaryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'felling-permit' }) code: string;
  @ApiProperty({ example: 'environment' }) category: string;
  @ApiProperty({ example: 'Tree felling permit' }) title: string;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: ASSURANCE_LEVELS, description: 'The eID level of assurance applying needs' })
  assuranceLevel: AssuranceLevel;
}

export class CatalogueResponseDto {
  @ApiProperty({ example: 'tartu' }) municipality: string;
  @ApiProperty({ example: 'en' }) locale: string;
  @ApiProperty({ type: [ServiceSummaryResponseDto] }) items: ServiceSummaryResponseDto[];
}
