import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import { IsIn, Matches } from 'class-validator';
import { COUNTRIES, NATIONAL_CODE } from './municipalities.js';
import { initialUnits, type PropertyUnit } from './properties.js';
import { XRoadService } from './x-road.js';

/** Estonian 79507:035:0012, Finnish 049-412-0007-0031, Bulgarian 68850.505.123… */
const CADASTRAL_ID = /^[0-9A-Z][0-9A-Z.:-]{2,39}$/;

class UnitParamsDto {
  @Matches(CADASTRAL_ID, { message: 'cadastralId must be a cadastral identifier such as 79507:035:0012' })
  cadastralId: string;
}

class UnitsQueryDto {
  @IsIn(COUNTRIES, { message: `ownerCountry must be one of ${COUNTRIES.join(', ')}` })
  ownerCountry: string;

  @Matches(NATIONAL_CODE, { message: 'ownerCode must be a personal code or a registry code' })
  ownerCode: string;
}

/**
 * A stand-in for a national property register (Estonia's Maa-amet, Finland's
 * Maanmittauslaitos, Bulgaria's cadastre), as an X-Road service: cadastral units, where they
 * are, and who owns them.
 */
@ApiTags('property register')
@Controller('registers/property/v1')
export class PropertyRegisterController {
  private readonly units = new Map(initialUnits().map((u) => [u.cadastralId, u]));

  @Get('units/:cadastralId')
  @Public()
  @XRoadService('property')
  @ApiOperation({ summary: 'A cadastral unit: address, municipality, area, purpose and owners' })
  unit(@Param() params: UnitParamsDto): PropertyUnit {
    const unit = this.units.get(params.cadastralId);
    if (!unit) throw new NotFoundException(`The property register has no cadastral unit ${params.cadastralId}.`);
    return unit;
  }

  @Get('units')
  @Public()
  @XRoadService('property')
  @ApiOperation({ summary: 'The cadastral units a person or company owns (in whole or in part)' })
  unitsOf(@Query() query: UnitsQueryDto): { units: PropertyUnit[] } {
    return {
      units: [...this.units.values()].filter((u) =>
        u.owners.some((o) => o.country === query.ownerCountry && o.code === query.ownerCode),
      ),
    };
  }
}
