import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StaffRepository } from '@townhall/identity';
import { Access, ProblemResponseDto } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages, Translations } from '@townhall/web';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_KEY_SCOPES } from '../domain/api-key-scopes.js';
import { ApiKeysRepository } from '../persistence/api-keys.repository.js';
import { CreateApiKeyUseCase } from '../use-cases/create-api-key.use-case.js';
import { RevokeApiKeyUseCase } from '../use-cases/revoke-api-key.use-case.js';
import { CreateApiKeyRequestDto, RevokeApiKeyRequestDto } from './dto/api-key.request.dto.js';
import { ApiKeyResponseDto, CreatedApiKeyResponseDto } from './dto/api-key.response.dto.js';

const PAGE = '/office/settings/api-keys';

/** What the form showed when it is shown again: what was typed, and what was wrong. */
interface FormState {
  name?: string;
  scopes?: string[];
  errors?: { field: string; text: string }[];
  /** The same errors by field, for the fields themselves. */
  fieldError?: Record<string, string>;
}

/**
 * Municipal admins make, list and revoke the API keys of their municipality's systems: on an
 * office page, and as JSON under /api/v1/office/api-keys. A new key is shown once, in the
 * answer that made it; lists show its prefix, scopes, when it was made and last used, and
 * whether (and by whom) it was revoked.
 */
@ApiTags('integrations')
@Controller()
export class ApiKeysController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly keys: ApiKeysRepository,
    private readonly staff: StaffRepository,
    private readonly createUseCase: CreateApiKeyUseCase,
    private readonly revokeUseCase: RevokeApiKeyUseCase,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly translations: Translations,
  ) {}

  // ---- JSON ----------------------------------------------------------------------------

  @Get('api/v1/office/api-keys')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "The municipality's API keys, newest first, revoked ones too (never their secrets)" })
  @ApiOkResponse({ type: [ApiKeyResponseDto] })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'Not a municipal admin' })
  async list(): Promise<ApiKeyResponseDto[]> {
    const keys = await this.tenantDb.read(() => this.keys.list());
    return keys.map((k) => ApiKeyResponseDto.of(k));
  }

  @Post('api/v1/office/api-keys')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Make an API key; the answer holds the whole key, shown this once' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiBadRequestResponse({ type: ProblemResponseDto, description: 'A name or scope refused, each named' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'Not a municipal admin' })
  async create(
    @Body() body: CreateApiKeyRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { apiKey, key } = await this.createUseCase.execute({
      name: body.name,
      scopes: body.scopes,
      createdBy: request.staffMember!.id,
    });
    const answer: CreatedApiKeyResponseDto = { ...ApiKeyResponseDto.of(apiKey), key };
    return reply.status(HttpStatus.CREATED).header('Cache-Control', 'no-store').send(answer);
  }

  @Post('api/v1/office/api-keys/:id/revoke')
  @HttpCode(200)
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Revoke an API key: refused from the next request on, on every server' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async revoke(@Param('id') id: string, @Req() request: FastifyRequest): Promise<ApiKeyResponseDto> {
    return ApiKeyResponseDto.of(await this.revokeUseCase.execute({ id, revokedBy: request.staffMember!.id }));
  }

  // ---- pages ---------------------------------------------------------------------------

  @Get('office/settings/api-keys')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async listPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderPage(request, reply, {});
  }

  @Post('office/settings/api-keys')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async createPage(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    // Checked here rather than by the global pipe: a refused form is shown again, with its errors.
    const form = plainToInstance(CreateApiKeyRequestDto, body && typeof body === 'object' ? body : {});
    const errors = await validate(form, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const typed = body as Record<string, unknown>;
      const refused = fieldErrors(errors, this.translations.t(pageLocale(request, reply).locale));
      return this.renderPage(
        request,
        reply,
        {
          name: typeof typed.name === 'string' ? typed.name : '',
          scopes: ([] as unknown[]).concat(typed.scopes ?? []).filter((s): s is string => typeof s === 'string'),
          errors: refused,
          fieldError: Object.fromEntries(refused.map((e) => [e.field, e.text])),
        },
        undefined,
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    const { apiKey, key } = await this.createUseCase.execute({
      name: form.name,
      scopes: form.scopes,
      createdBy: request.staffMember!.id,
    });
    return this.renderPage(request, reply, {}, { name: apiKey.name, prefix: apiKey.prefix, key }, HttpStatus.CREATED);
  }

  @Post('office/settings/api-keys/:id/revoke')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async revokePage(
    @Param('id') id: string,
    @Body() _body: RevokeApiKeyRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const revoked = await this.revokeUseCase.execute({ id, revokedBy: request.staffMember!.id });
    return reply.redirect(`${PAGE}?revoked=${encodeURIComponent(revoked.prefix)}`, 303);
  }

  private async renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    created?: { name: string; prefix: string; key: string },
    status: number = HttpStatus.OK,
  ): Promise<FastifyReply> {
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const { keys, members } = await this.tenantDb.read(async () => ({
      keys: await this.keys.list(),
      members: await this.staff.list(),
    }));
    const names = new Map(members.map((m) => [m.id, m.name]));
    const revoked = (request.query as Record<string, unknown>).revoked;
    return this.pages.send(
      request,
      reply,
      'office-api-keys.njk',
      {
        ...(await this.chrome.office(request)),
        title: 'integrations.apiKeys.title',
        tenant: currentTenantSettings(),
        keys: keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          scopes: k.scopes,
          createdAt: k.createdAt,
          createdBy: names.get(k.createdBy) ?? '',
          lastUsedAt: k.lastUsedAt,
          revokedAt: k.revokedAt,
          revokedBy: k.revokedBy ? (names.get(k.revokedBy) ?? '') : null,
        })),
        scopeOptions: API_KEY_SCOPES.map((scope) => ({
          value: scope,
          label: scope,
          hint: t(`integrations.scopes.${scope.replace(':', '_')}`),
        })),
        form: { fieldError: {}, ...form },
        created,
        revoked: typeof revoked === 'string' && /^th_[a-z0-9]{8}$/.test(revoked) ? revoked : undefined,
      },
      status,
    );
  }
}

const FORM_FIELDS = ['name', 'scopes'];

/** Each refused field of the form once, in the person's language, in the order of the form. */
function fieldErrors(errors: ValidationError[], t: (key: string) => string): { field: string; text: string }[] {
  return errors
    .map((e) => ({
      field: e.property,
      text: FORM_FIELDS.includes(e.property)
        ? t(`integrations.apiKeys.errors.${e.property}`)
        : (Object.values(e.constraints ?? {})[0] ?? e.property),
    }))
    .sort((a, b) => (FORM_FIELDS.indexOf(a.field) + 1 || 99) - (FORM_FIELDS.indexOf(b.field) + 1 || 99));
}
