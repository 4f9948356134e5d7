import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DataAccessLog } from '@townhall/audit';
import { FileStorage } from '@townhall/documents';
import { Access, ProblemResponseDto } from '@townhall/platform';
import { TenantDatabase } from '@townhall/tenancy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationEntity } from '../domain/application.entity.js';
import type { ApplicationFileEntity } from '../domain/attachment.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { ApplicationFilesRepository } from '../persistence/application-files.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { ApplicationLoader } from '../use-cases/application-loader.js';
import { accessActorOf } from './access-actor.js';
import {
  ApplicationsFeedQueryDto,
  ApplicationsFeedResponseDto,
  type ApplicationFeedItemDto,
} from './dto/applications-feed.dto.js';
import { CaseFileResponseDto } from './dto/office-case.response.dto.js';
import { sendFile } from './send-file.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The API for city systems (an archive, a records system, a reporting database): the
 * applications feed to sync from, and an application's documents. Keys are scoped
 * (applications:read, documents:read); officials may call it logged in too. Documents are
 * personal data: each list and download is recorded in the applicant's data-access log.
 */
@ApiTags('office')
@Controller('api/v1/office/applications')
export class OfficeApplicationsApiController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly applications: ApplicationsRepository,
    private readonly loader: ApplicationLoader,
    private readonly files: ApplicationFilesRepository,
    private readonly storage: FileStorage,
    private readonly accessLog: DataAccessLog,
  ) {}

  @Get()
  @Access('staff-or-api-key', { scope: 'applications:read', roles: ['admin'] })
  @ApiBearerAuth('apiKey')
  @ApiOperation({
    summary:
      'Applications in the order their changes became visible, for syncing: start with updatedSince (or nothing), ' +
      'go on with after=next; a change is listed once every transaction older than it has ended',
  })
  @ApiOkResponse({ type: ApplicationsFeedResponseDto })
  @ApiUnauthorizedResponse({ type: ProblemResponseDto, description: 'No API key or login; an unknown or revoked key' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'The key lacks the scope applications:read' })
  async feed(@Query() query: ApplicationsFeedQueryDto): Promise<ApplicationsFeedResponseDto> {
    const limit = query.limit ?? 100;
    const after = query.after ? positionOf(query.after) : undefined;
    const rows = await this.tenantDb.read(() =>
      this.applications.changedSince({
        service: query.service,
        stateKind: query.stateKind,
        since: query.updatedSince ? new Date(query.updatedSince) : undefined,
        after,
        limit,
      }),
    );
    // The next position, also when this page was the last: the next sync resumes from it.
    const next = rows.at(-1)?.position ?? query.after ?? null;
    return { items: rows.map((row) => feedItemOf(row.application)), next };
  }

  @Get(':id/documents')
  @Access('staff-or-api-key', { scope: 'documents:read', roles: ['admin'] })
  @ApiBearerAuth('apiKey')
  @ApiOperation({ summary: "An application's documents: the applicant's attachments and the decision (recorded)" })
  @ApiOkResponse({ type: [CaseFileResponseDto] })
  @ApiUnauthorizedResponse({ type: ProblemResponseDto, description: 'No API key or login; an unknown or revoked key' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'The key lacks the scope documents:read' })
  @ApiNotFoundResponse({ type: ProblemResponseDto, description: 'No such application (here)' })
  async documents(@Param('id') id: string, @Req() request: FastifyRequest): Promise<CaseFileResponseDto[]> {
    const files = await this.tenantDb.run(async () => {
      const application = await this.applicationFor(id);
      const files = await this.files.ofApplication(id);
      await this.record(request, application, 'case-opened', `Documents of ${application.reference}`);
      return files;
    });
    return files.map(({ storageKey: _key, ...file }) => ({
      id: file.id,
      kind: file.kind,
      field: file.field,
      fileName: file.fileName,
      mediaType: file.mediaType,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      createdAt: file.createdAt,
    }));
  }

  @Get(':id/documents/:documentId')
  @Access('staff-or-api-key', { scope: 'documents:read', roles: ['admin'] })
  @ApiBearerAuth('apiKey')
  @ApiOperation({ summary: 'A document of an application, as it was uploaded or issued (recorded)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The document', schema: { type: 'string', format: 'binary' } })
  @ApiUnauthorizedResponse({ type: ProblemResponseDto, description: 'No API key or login; an unknown or revoked key' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'The key lacks the scope documents:read' })
  @ApiNotFoundResponse({ type: ProblemResponseDto, description: 'No such application or document (here)' })
  async document(
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const file: ApplicationFileEntity = await this.tenantDb.run(async () => {
      const application = await this.applicationFor(id);
      const file = UUID.test(documentId) ? await this.files.find(id, documentId) : null;
      if (!file) throw new CaseException('There is no such document.', CaseExceptionCode.ApplicationNotFound);
      await this.record(
        request,
        application,
        file.kind === 'decision' ? 'document-opened' : 'file-opened',
        `Case ${application.reference}`,
        file.fileName,
      );
      return file;
    });
    return sendFile(reply, file.fileName, file.mediaType, await this.storage.get(file.storageKey));
  }

  /** An application past its draft (the loader hides a draft: it is the applicant's own). */
  private async applicationFor(id: string): Promise<ApplicationEntity> {
    return (await this.loader.forOffice(id)).application;
  }

  private record(
    request: FastifyRequest,
    application: ApplicationEntity,
    action: 'case-opened' | 'file-opened' | 'document-opened',
    reason: string,
    detail?: string,
  ) {
    return this.accessLog.record({
      personId: application.applicantId,
      applicationId: application.id,
      action,
      actor: accessActorOf(request),
      reason,
      detail,
    });
  }
}

function positionOf(after: string): { xid: string; id: string } {
  const [xid, id] = after.split('_');
  return { xid, id };
}

function feedItemOf(a: ApplicationEntity): ApplicationFeedItemDto {
  return {
    id: a.id,
    reference: a.reference,
    service: a.serviceCode,
    state: a.state,
    stateKind: a.stateKind,
    submittedAt: a.submittedAt,
    outcome: a.decision?.outcome ?? null,
    decidedAt: a.decision?.decidedAt ?? null,
    updatedAt: a.updatedAt,
    version: a.version,
  };
}
