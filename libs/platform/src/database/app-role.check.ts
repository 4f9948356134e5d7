import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigurationError } from '../config/load-config.js';

/**
 * Refuses to run the apps as a role that could see past row-level security: a superuser,
 * a role with BYPASSRLS, or the owner of a table (owners are exempt unless RLS is forced,
 * and owning tables means migrations ran under the app's credentials).
 */
@Injectable()
export class AppRoleCheck implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const [role] = await this.dataSource.query(
      `select r.rolname, r.rolsuper, r.rolbypassrls,
              (select count(*)::int from pg_class c
                 join pg_namespace n on n.oid = c.relnamespace
                where c.relowner = r.oid and n.nspname = 'public') as owned
         from pg_roles r where r.rolname = current_user`,
    );
    const problems: string[] = [];
    if (role.rolsuper) problems.push(`DATABASE_URL: role ${role.rolname} is a superuser`);
    if (role.rolbypassrls) problems.push(`DATABASE_URL: role ${role.rolname} has BYPASSRLS`);
    if (role.owned > 0) problems.push(`DATABASE_URL: role ${role.rolname} owns ${role.owned} relations`);
    if (problems.length > 0) throw new ConfigurationError(problems);
  }
}
