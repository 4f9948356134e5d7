import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { currentTenant, TENANT_KEY, type TenantRef } from '../context/tenant-context.js';

// No dot in CLS keys: nestjs-cls reads 'a.b' as a path, which would hang the manager on the
// TenantRef object itself (store.tenant.manager), where a later runAs with the same ref finds it.
const MANAGER_KEY = 'tenantManager';
/** What the open transaction will do once it has committed (see afterCommit). */
const AFTER_COMMIT_KEY = 'tenantAfterCommit';
/** Set while runStatement() has its statement made: afterCommit() is allowed then too. */
const STATEMENT_KEY = 'tenantStatement';
const SET_TENANT = `select set_config('app.tenant_id', $1, true)`;
/** Prepared once per connection: PostgreSQL parses and plans it once, not per transaction. */
const SET_TENANT_PREPARED = { name: 'townhall_set_tenant', text: SET_TENANT };

@Injectable()
export class TenantDatabase {
  private readonly logger = new Logger(TenantDatabase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cls: ClsService,
  ) {}

  /** Runs work for the current tenant; a nested call joins the open transaction. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transact(work, false, false);
  }

  /**
   * Runs work that only reads, for the current tenant: the transaction is READ ONLY
   * (PostgreSQL refuses any write in it), and its result is returned without waiting for
   * COMMIT, which cannot fail for a transaction that wrote nothing: a read costs one round
   * trip to PostgreSQL. A nested call joins the open transaction, whatever its kind.
   */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transact(work, true, false);
  }

  /**
   * A transaction of one statement for the current tenant (taking a counter's next number,
   * writing a change and its notification in one statement): BEGIN, the tenant's setting, the
   * statement and COMMIT leave in one write and are answered together, a round trip in all.
   * A statement that fails turns the COMMIT into a rollback; its error is thrown. `statement`
   * makes the statement; afterCommit() may be called while it does, as inside run(). Answers
   * the statement's rows. Inside an open transaction, the statement runs in it.
   */
  async runStatement<R>(statement: () => { sql: string; parameters: unknown[] }): Promise<R[]> {
    const open = this.cls.isActive() ? (this.cls.get(MANAGER_KEY) as EntityManager | undefined) : undefined;
    if (open) {
      const { sql, parameters } = statement();
      return ((await open.queryRunner!.query(sql, parameters, true)) as { records: R[] }).records;
    }
    const tenant = currentTenant();
    const afterCommit: (() => void)[] = [];
    const { sql, parameters } = this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set(AFTER_COMMIT_KEY, afterCommit);
      this.cls.set(STATEMENT_KEY, true);
      return statement();
    });
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      const client = (await queryRunner.connect()) as PoolClient;
      holdUntilTurnEnds(client);
      const steps = await Promise.allSettled([
        client.query('BEGIN'),
        client.query({ ...SET_TENANT_PREPARED, values: [tenant.id] }),
        client.query(sql, parameters),
        client.query('COMMIT'),
      ]);
      for (const step of steps) if (step.status === 'rejected') throw step.reason;
      this.committed(afterCommit);
      return (steps[2] as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows as R[];
    } finally {
      await queryRunner.release();
    }
  }

  private committed(afterCommit: (() => void)[]): void {
    for (const then of afterCommit) {
      try {
        then();
      } catch (error) {
        this.logger.warn({ err: error }, 'work after a commit failed');
      }
    }
  }

  /**
   * @param ownContext the caller entered a context of its own for this transaction (runAs,
   *   readAs), which can hold the manager; otherwise the work gets a context of its own, so
   *   that the manager is forgotten when the transaction ends.
   */
  private async transact<T>(
    work: (manager: EntityManager) => Promise<T>,
    readOnly: boolean,
    ownContext: boolean,
  ): Promise<T> {
    const open = this.cls.isActive() ? (this.cls.get(MANAGER_KEY) as EntityManager | undefined) : undefined;
    if (open) return work(open);
    const tenant = currentTenant();
    const queryRunner = this.dataSource.createQueryRunner();
    const afterCommit: (() => void)[] = [];
    try {
      const { client, started } = await this.begin(queryRunner, tenant.id, readOnly);
      try {
        const withManager = () => {
          this.cls.set(MANAGER_KEY, queryRunner.manager);
          this.cls.set(AFTER_COMMIT_KEY, afterCommit);
          return work(queryRunner.manager);
        };
        const result = await (ownContext ? withManager() : this.cls.run({ ifNested: 'inherit' }, withManager));
        // The tenant was set before the work's first statement ran; had setting it failed,
        // the transaction would be aborted and the work would have failed with it.
        await started;
        if (readOnly) {
          // Queued before the connection goes back to the pool: whoever takes it next
          // queues behind this COMMIT. It leaves at the end of this turn of the event loop,
          // in the same write as a transaction begun on the connection meanwhile (the pool
          // hands out the connection released last): a write less for each read under load.
          holdUntilTurnEnds(client);
          client.query('COMMIT').catch((error: Error) => this.logger.warn(`COMMIT of a read failed: ${error.message}`));
          this.markTransaction(queryRunner, false);
        } else {
          await queryRunner.commitTransaction();
          this.committed(afterCommit);
        }
        return result;
      } catch (error) {
        await started.catch(() => undefined);
        if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
        throw error;
      }
    } finally {
      await queryRunner.release();
    }
  }

  /**
   * Opens the tenant transaction: BEGIN and set_config(..., true) are queued on the
   * connection without waiting, so (the pool pipelines) they reach PostgreSQL together with
   * the work's first statement, which PostgreSQL runs after them, inside the transaction.
   * TypeORM is told the transaction is open, as its own startTransaction() would have done,
   * so that save() and nested transactions use savepoints inside it.
   */
  private async begin(
    queryRunner: QueryRunner,
    tenantId: string,
    readOnly: boolean,
  ): Promise<{ client: PoolClient; started: Promise<unknown> }> {
    const client = (await queryRunner.connect()) as PoolClient;
    // One write for the three statements, not one each: the socket is held (corked) until
    // the work has queued its first statement, which happens before the next turn of the
    // event loop unless the work waits for something else first.
    holdUntilTurnEnds(client);
    const started = Promise.all([
      client.query(readOnly ? 'BEGIN READ ONLY' : 'BEGIN'),
      client.query({ ...SET_TENANT_PREPARED, values: [tenantId] }),
    ]);
    started.catch(() => undefined); // awaited by transact(); never an unhandled rejection meanwhile
    this.markTransaction(queryRunner, true);
    return { client, started };
  }

  /** Tells TypeORM whether a transaction is open on the runner, as its own start and commit do. */
  private markTransaction(queryRunner: QueryRunner, open: boolean): void {
    const runner = queryRunner as unknown as { isTransactionActive: boolean; transactionDepth: number };
    runner.isTransactionActive = open;
    runner.transactionDepth = open ? 1 : 0;
  }

  /** Runs work as the given tenant (jobs, provisioning, tenants:apply). */
  runAs<T>(tenant: TenantRef, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.as(tenant, work, false);
  }

  /**
   * Runs work as the given tenant without opening a transaction: for a job's step that calls
   * another service between its own transactions (run()/read() inside it open them).
   */
  withTenant<T>(tenant: TenantRef, work: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set(TENANT_KEY, tenant);
      return work();
    });
  }

  /** Reads as the given tenant (see read()). */
  readAs<T>(tenant: TenantRef, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.as(tenant, work, true);
  }

  private as<T>(tenant: TenantRef, work: (manager: EntityManager) => Promise<T>, readOnly: boolean): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set(TENANT_KEY, tenant);
      return this.transact(work, readOnly, true);
    });
  }

  /**
   * Joins an open transaction of the caller (e.g. the platform transaction that creates a
   * tenant) and scopes it to the tenant for the rest of that transaction.
   */
  async joinAs<T>(manager: EntityManager, tenant: TenantRef, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('joinAs needs an open transaction');
    return this.cls.run({ ifNested: 'override' }, async () => {
      this.cls.set(TENANT_KEY, tenant);
      await manager.query(SET_TENANT, [tenant.id]);
      this.cls.set(MANAGER_KEY, manager);
      this.cls.set(AFTER_COMMIT_KEY, undefined);
      return work(manager);
    });
  }

  /**
   * Runs `then` once the open transaction has committed (nothing if it rolls back), e.g. to
   * tell a queue about rows the transaction wrote. It is a hint, never the only path: what
   * must happen is also found later by a sweep, since the process may die right after COMMIT.
   * Inside a transaction joined with joinAs, which this class does not commit, it does nothing.
   * Also while runStatement() has its statement made: then after that statement's commit.
   */
  afterCommit(then: () => void): void {
    const hooks = this.cls.isActive() ? (this.cls.get(AFTER_COMMIT_KEY) as (() => void)[] | undefined) : undefined;
    const making = this.cls.isActive() && this.cls.get(STATEMENT_KEY) === true;
    if (!making && !this.inTransaction()) throw new Error('afterCommit needs an open tenant transaction');
    hooks?.push(then);
  }

  /** Whether a tenant transaction is open in this context (run() would join it). */
  inTransaction(): boolean {
    return this.cls.isActive() && this.cls.get(MANAGER_KEY) !== undefined;
  }

  /** The manager of the open tenant transaction; throws outside one. */
  manager(): EntityManager {
    const manager = this.cls.isActive() ? (this.cls.get(MANAGER_KEY) as EntityManager | undefined) : undefined;
    if (!manager) throw new Error('tenant data may only be touched inside TenantDatabase.run()');
    return manager;
  }
}

/**
 * Holds what is queued on the connection from now until the end of this turn of the event
 * loop, then sends it in one write. Corks nest: the socket is written when the last holder
 * lets go.
 */
function holdUntilTurnEnds(client: PoolClient): void {
  const socket = (client as unknown as { connection?: { stream?: Writable } }).connection?.stream;
  if (!socket) return;
  socket.cork();
  setImmediate(() => socket.uncork());
}
