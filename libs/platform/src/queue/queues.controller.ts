import { getQueueToken } from '@nestjs/bull';
import { Controller, Get, NotFoundException, Param, Query, type DynamicModule, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BullModule } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Access } from '../http/access.js';
import { PageSize } from '../http/page-size.js';
import { QueueName } from './queue-name.js';

export class FailedJobsQueryDto {
  @PageSize()
  limit: number = 50;
}

/** Operators see every queue's counts and its failed jobs, with why they failed. */
@ApiTags('operations')
@ApiBearerAuth()
@Access('operator')
@Controller('api/v1/queues')
export class QueuesController {
  constructor(private readonly modules: ModuleRef) {}

  @Get()
  @ApiOperation({ summary: 'Jobs per state in every queue' })
  async counts(): Promise<{ queue: string; counts: Record<string, number> }[]> {
    return Promise.all(
      Object.values(QueueName).map(async (name) => ({
        queue: name,
        counts: (await this.queue(name).getJobCounts()) as unknown as Record<string, number>,
      })),
    );
  }

  @Get(':name/failed')
  @ApiOperation({ summary: 'Failed jobs of a queue, newest first' })
  async failed(@Param('name') name: string, @Query() query: FailedJobsQueryDto) {
    const jobs = await this.queue(name).getFailed(0, query.limit - 1);
    return jobs.map((job) => ({
      id: job.id,
      name: job.name,
      tenantId: (job.data as { tenantId?: string })?.tenantId ?? null,
      attempts: job.attemptsMade,
      failedReason: job.failedReason,
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }));
  }

  private queue(name: string): Queue {
    if (!(Object.values(QueueName) as string[]).includes(name)) throw new NotFoundException(`No queue ${name}.`);
    return this.modules.get<Queue>(getQueueToken(name), { strict: false });
  }
}

/** For the admin app: the queue overview. */
@Module({})
export class QueueInspectionModule {
  static forApp(): DynamicModule {
    return {
      module: QueueInspectionModule,
      imports: [BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name })))],
      controllers: [QueuesController],
    };
  }
}
