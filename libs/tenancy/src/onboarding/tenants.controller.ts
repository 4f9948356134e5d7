import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, PlatformConfig } from '@townhall/platform';
import { ClsService } from 'nestjs-cls';
import { TenancyException, TenancyExceptionCode } from '../domain/tenancy.exception.js';
import type { TenantEntity } from '../domain/tenant.entity.js';
import { TenantsRepository } from '../persistence/tenants.repository.js';
import { ChangeTenantStatusUseCase } from './change-tenant-status.use-case.js';
import { CreateTenantUseCase } from './create-tenant.use-case.js';
import { ListTenantsQueryDto } from './dto/list-tenants.query.dto.js';
import { TenantSpecRequestDto } from './dto/tenant-spec.request.dto.js';
import { TenantPageResponseDto, TenantResponseDto } from './dto/tenant.response.dto.js';
import { OnboardingProgress } from './onboarding-progress.js';

const SLUG = /^[a-z][a-z0-9-]{1,62}$/;

/** Platform operators onboard, suspend and resume municipalities. */
@ApiTags('tenants')
@ApiBearerAuth()
@Access('operator')
@Controller('api/v1/tenants')
export class TenantsController {
  /** Every operator action on a municipality, with who did it (the operators' audit trail). */
  private readonly audit = new Logger('OperatorAudit');

  constructor(
    private readonly cls: ClsService,
    private readonly tenants: TenantsRepository,
    private readonly createTenant: CreateTenantUseCase,
    private readonly changeStatus: ChangeTenantStatusUseCase,
    private readonly config: PlatformConfig,
    private readonly progress: OnboardingProgress,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Onboard a municipality; provisioning runs as a job (see GET /{slug})' })
  async create(@Body() spec: TenantSpecRequestDto): Promise<TenantResponseDto> {
    const tenant = await this.createTenant.execute(spec);
    this.audited('onboard', tenant.slug);
    return this.present(tenant);
  }

  @Get()
  @ApiOperation({ summary: 'List municipalities' })
  async list(@Query() query: ListTenantsQueryDto): Promise<TenantPageResponseDto> {
    const { items, total } = await this.tenants.list(query.page, query.pageSize, query.status);
    return {
      items: items.map((t) => TenantResponseDto.from(t, this.config.PLATFORM_DOMAIN)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A municipality, with the progress of its provisioning' })
  async get(@Param('slug') slug: string): Promise<TenantResponseDto> {
    return this.present(await this.find(slug));
  }

  @Post(':slug/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend a municipality: its pages answer 503 at once' })
  async suspend(@Param('slug') slug: string): Promise<TenantResponseDto> {
    const tenant = await this.changeStatus.suspend(this.checkSlug(slug));
    this.audited('suspend', slug);
    return this.present(tenant);
  }

  @Post(':slug/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a suspended municipality' })
  async resume(@Param('slug') slug: string): Promise<TenantResponseDto> {
    const tenant = await this.changeStatus.resume(this.checkSlug(slug));
    this.audited('resume', slug);
    return this.present(tenant);
  }

  @Post(':slug/provision')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue provisioning again after a failure' })
  async retry(@Param('slug') slug: string): Promise<TenantResponseDto> {
    const tenant = await this.changeStatus.retryProvisioning(this.checkSlug(slug));
    this.audited('retry provisioning', slug);
    return this.present(tenant);
  }

  private audited(action: string, tenant: string): void {
    const operator = this.cls.get('operator') as { id: string; email: string } | undefined;
    this.audit.log({ action, tenant, operatorId: operator?.id, operator: operator?.email }, `operator ${action}`);
  }

  private checkSlug(slug: string): string {
    if (!SLUG.test(slug)) throw new TenancyException(`No municipality ${slug}.`, TenancyExceptionCode.NotFound);
    return slug;
  }

  private async find(slug: string): Promise<TenantEntity> {
    const tenant = await this.tenants.findBySlug(this.checkSlug(slug));
    if (!tenant) throw new TenancyException(`No municipality ${slug}.`, TenancyExceptionCode.NotFound);
    return tenant;
  }

  private async present(tenant: TenantEntity): Promise<TenantResponseDto> {
    return TenantResponseDto.from(tenant, this.config.PLATFORM_DOMAIN, await this.progress.of(tenant));
  }
}
