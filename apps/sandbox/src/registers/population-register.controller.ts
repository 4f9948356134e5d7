import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, RequestValidationException } from '@townhall/platform';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { type Address, COUNTRIES, MUNICIPALITIES, NATIONAL_CODE } from './municipalities.js';
import { initialResidents, isMinor, type Resident } from './residents.js';
import { XRoadService } from './x-road.js';

class PersonParamsDto {
  @IsIn(COUNTRIES, { message: `country must be one of ${COUNTRIES.join(', ')}` })
  country: string;

  @Matches(NATIONAL_CODE, { message: 'personalCode must be a personal code' })
  personalCode: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

class ResidentsQueryDto {
  @Matches(/^\d{3,5}$/, { message: 'municipality must be a municipality code such as 0793' })
  municipality: string;

  @IsOptional()
  @Matches(DATE, { message: 'bornFrom must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'bornFrom must be a date YYYY-MM-DD' })
  bornFrom?: string;

  @IsOptional()
  @Matches(DATE, { message: 'bornTo must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'bornTo must be a date YYYY-MM-DD' })
  bornTo?: string;
}

interface ChildRecord {
  country: string;
  personalCode: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

interface PersonRecord extends ChildRecord {
  address: Address;
  residenceMunicipality: { code: string; name: string };
  /** The minors in the person's custody. */
  children: ChildRecord[];
}

/**
 * A stand-in for a national population register (Estonia's Rahvastikuregister, Finland's
 * Väestötietojärjestelmä, Sweden's folkbokföring, Bulgaria's ГРАО), as an X-Road service:
 * the sandbox personas, their minor children and other residents of the seed municipalities.
 */
@ApiTags('population register')
@Controller('registers/population/v1')
export class PopulationRegisterController {
  private readonly residents = initialResidents();
  private readonly byCode = new Map(this.residents.map((r) => [`${r.country}/${r.personalCode}`, r]));

  @Get('persons/:country/:personalCode')
  @Public()
  @XRoadService('population')
  @ApiOperation({
    summary: 'A person: name, date of birth, address, residence municipality and the minors in their custody',
  })
  person(@Param() params: PersonParamsDto): PersonRecord {
    const resident = this.byCode.get(`${params.country}/${params.personalCode}`);
    if (!resident) throw new NotFoundException(`The population register has no person ${params.personalCode}.`);
    return this.record(resident);
  }

  @Get('persons')
  @Public()
  @XRoadService('population')
  @ApiOperation({ summary: 'The residents of a municipality born in a range of dates (e.g. who turns 68 soon)' })
  persons(@Query() query: ResidentsQueryDto): { persons: PersonRecord[] } {
    if (query.bornFrom && query.bornTo && query.bornTo < query.bornFrom) {
      throw new RequestValidationException([{ field: 'bornTo', message: 'bornTo must not be before bornFrom' }]);
    }
    const persons = this.residents
      .filter(
        (r) =>
          MUNICIPALITIES[r.municipality].code === query.municipality &&
          (!query.bornFrom || r.dateOfBirth >= query.bornFrom) &&
          (!query.bornTo || r.dateOfBirth <= query.bornTo),
      )
      .sort((a, b) => a.dateOfBirth.localeCompare(b.dateOfBirth))
      .map((r) => this.record(r));
    return { persons };
  }

  private record(resident: Resident): PersonRecord {
    const municipality = MUNICIPALITIES[resident.municipality];
    return {
      country: resident.country,
      personalCode: resident.personalCode,
      givenName: resident.givenName,
      familyName: resident.familyName,
      dateOfBirth: resident.dateOfBirth,
      address: { ...resident.address },
      residenceMunicipality: { code: municipality.code, name: municipality.name },
      children: resident.guardianOf
        .map((code) => this.byCode.get(`${resident.country}/${code}`))
        .filter((child): child is Resident => child !== undefined && isMinor(child.dateOfBirth))
        .map((child) => ({
          country: child.country,
          personalCode: child.personalCode,
          givenName: child.givenName,
          familyName: child.familyName,
          dateOfBirth: child.dateOfBirth,
        })),
    };
  }
}
