import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RegisterFaults, SANDBOX_REGISTERS, type RegisterFault, type SandboxRegister } from './x-road.js';

class RegisterParamsDto {
  @IsIn(SANDBOX_REGISTERS, { message: `register must be one of ${SANDBOX_REGISTERS.join(', ')}` })
  register: SandboxRegister;
}

class RegisterFaultRequestDto {
  @IsOptional()
  @IsInt({ message: 'delayMs must be a whole number of milliseconds' })
  @Min(0, { message: 'delayMs must be 0 or more' })
  @Max(60_000, { message: 'delayMs must be 60000 or less' })
  delayMs?: number;

  @IsOptional()
  @IsInt({ message: 'status must be an HTTP status from 500 to 599, or null' })
  @Min(500, { message: 'status must be an HTTP status from 500 to 599, or null' })
  @Max(599, { message: 'status must be an HTTP status from 500 to 599, or null' })
  status?: number | null;

  @IsOptional()
  @IsInt({ message: 'times must be a whole number' })
  @Min(1, { message: 'times must be 1 or more' })
  @Max(1000, { message: 'times must be 1000 or less' })
  times?: number;
}

/**
 * Sandbox only, for testers and tests: make a register slow or failing, reset it, and count
 * the requests it received. Not part of the registers' X-Road services (no X-Road-Client).
 */
@ApiTags('register faults (sandbox only)')
@Controller('registers/:register')
export class RegisterFaultsController {
  constructor(private readonly faults: RegisterFaults) {}

  @Put('faults')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sandbox only: delay (delayMs) and/or fail (status 5xx) every answer of the register, for the next `times` requests or until reset',
  })
  set(@Param() params: RegisterParamsDto, @Body() body: RegisterFaultRequestDto): RegisterFault {
    return this.faults.set(params.register, {
      delayMs: body.delayMs ?? 0,
      status: body.status ?? null,
      remaining: body.times ?? null,
    });
  }

  @Delete('faults')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sandbox only: the register answers normally again' })
  reset(@Param() params: RegisterParamsDto): void {
    this.faults.reset(params.register);
  }

  @Get('faults')
  @Public()
  @ApiOperation({ summary: 'Sandbox only: the fault set on the register' })
  fault(@Param() params: RegisterParamsDto): RegisterFault {
    return this.faults.of(params.register);
  }

  @Get('stats')
  @Public()
  @ApiOperation({ summary: 'Sandbox only: how many requests the register’s service has received' })
  stats(@Param() params: RegisterParamsDto): { requests: number } {
    return { requests: this.faults.requestsTo(params.register) };
  }
}
