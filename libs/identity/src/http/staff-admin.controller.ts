import {
  Body,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from '@townhall/platform';
import { STAFF_ROLES, TenantDatabase } from '@townhall/tenancy';
import { Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffRepository } from '../staff/staff.repository.js';
import { ChangeStaffRequestDto, InviteStaffRequestDto } from './dto/staff.request.dto.js';
import { LoginFlow } from './login-flow.js';
import { OFFICE } from './office-login.controller.js';

/**
 * Municipal admins manage their staff in the office: invite by e-mail, change a role or
 * what it is limited to, disable. Each change is audited with who made it.
 */
@ApiExcludeController()
@Controller('office/staff')
export class StaffAdminController {
  constructor(
    private readonly staff: StaffRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly flow: LoginFlow,
    private readonly pages: Pages,
  ) {}

  @Get()
  @Access('staff', { roles: ['admin'] })
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const members = await this.tenantDb.read(() => this.staff.list());
    return this.pages.send(request, reply, 'staff.njk', {
      ...this.flow.chrome(OFFICE, request),
      title: 'identity.staff.title',
      members,
      roles: STAFF_ROLES,
    });
  }

  @Post()
  @Access('staff', { roles: ['admin'] })
  async invite(
    @Body() body: InviteStaffRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { email, name, role, departments, services } = body;
    const invited = await this.tenantDb.run(() =>
      this.staff.invite({ email, name, role, departments, services }, request.staffMember!.id),
    );
    if (!invited) throw new ConflictException(`${email} is already on the staff.`);
    return reply.redirect('/office/staff', 303);
  }

  @Post(':id')
  @Access('staff', { roles: ['admin'] })
  async change(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('No such member of staff.') }))
    id: string,
    @Body() body: ChangeStaffRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { role, departments, services, status } = body;
    const changed = await this.tenantDb.run(() =>
      this.staff.assign(id, { role, departments, services, status }, request.staffMember!.id),
    );
    if (!changed) throw new NotFoundException('No such member of staff.');
    return reply.redirect('/office/staff', 303);
  }
}
