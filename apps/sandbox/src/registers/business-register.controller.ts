import { Body, Controller, Get, HttpCode, NotFoundException, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, ValidateNested } from 'class-validator';
import { type Company, initialCompanies } from './companies.js';
import { COUNTRIES, NATIONAL_CODE } from './municipalities.js';
import { XRoadService } from './x-road.js';

class RepresentationsQueryDto {
  @IsIn(COUNTRIES, { message: 'country must be EE, FI, SE or BG' })
  country: string;

  @Matches(NATIONAL_CODE, { message: 'personalCode must be a personal code' })
  personalCode: string;
}

class CompanyParamsDto {
  @Matches(/^[0-9A-Z-]{5,20}$/, { message: 'registryCode must be a registry code' })
  registryCode: string;
}

class RepresentativeDto {
  @IsIn(COUNTRIES, { message: 'country must be EE, FI, SE or BG' })
  country: string;

  @Matches(NATIONAL_CODE, { message: 'personalCode must be a personal code' })
  personalCode: string;

  @IsString()
  name: string;

  @IsIn(['board-member', 'procurator'])
  role: 'board-member' | 'procurator';
}

class RepresentativesDto {
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RepresentativeDto)
  representatives: RepresentativeDto[];
}

/**
 * A stand-in for a national business register (Estonia's e-Business Register, Bulgaria's
 * Commercial Register…), as an X-Road service: who may represent which company. Testers
 * (and tests) can change a company's representatives, as a real register changes when a
 * board changes.
 */
@ApiTags('business register')
@Controller('registers/business/v1')
export class BusinessRegisterController {
  private readonly companies = new Map<string, Company>(initialCompanies().map((c) => [c.registryCode, c]));

  @Get('companies/:registryCode')
  @Public()
  @XRoadService('business')
  @ApiOperation({ summary: 'A company and its representatives' })
  company(@Param() params: CompanyParamsDto): Company {
    return this.find(params.registryCode);
  }

  @Get('representations')
  @Public()
  @XRoadService('business')
  @ApiOperation({ summary: 'The registered companies a person may represent' })
  representations(@Query() query: RepresentationsQueryDto): { companies: Omit<Company, 'representatives'>[] } {
    const companies = [...this.companies.values()]
      .filter(
        (c) =>
          c.status === 'registered' &&
          c.representatives.some((r) => r.country === query.country && r.personalCode === query.personalCode),
      )
      .map(({ representatives: _r, ...company }) => company);
    return { companies };
  }

  @Put('companies/:registryCode/representatives')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sandbox only: replace a company’s representatives (a board change)' })
  replace(@Param() params: CompanyParamsDto, @Body() body: RepresentativesDto): Company {
    const company = this.find(params.registryCode);
    company.representatives = body.representatives;
    return company;
  }

  private find(registryCode: string): Company {
    const company = this.companies.get(registryCode);
    if (!company) throw new NotFoundException(`No company with the registry code ${registryCode}.`);
    return company;
  }
}
