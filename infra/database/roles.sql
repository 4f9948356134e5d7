-- The two roles of a Townhall database, for a DBA to run once as a superuser.
-- townhall_owner owns the schema and runs migrations; townhall_app is what the tenant host
-- (api) uses: it owns nothing, is not superuser and cannot bypass row-level security, and it
-- only reads the platform table tenants. townhall_platform (admin app, worker, CLI) has the
-- app role's rights plus writing tenants and operators; it cannot bypass RLS either.
-- Replace the passwords (these are development defaults) or use your secret manager.
create role townhall_owner login password 'townhall_owner_dev' nosuperuser nocreatedb nocreaterole;
create role townhall_app login password 'townhall_app_dev' nosuperuser nocreatedb nocreaterole nobypassrls;
create role townhall_platform login password 'townhall_platform_dev' nosuperuser nocreatedb nocreaterole nobypassrls;
grant townhall_app to townhall_platform;
create database townhall owner townhall_owner;
\connect townhall
revoke all on schema public from public;
alter schema public owner to townhall_owner;
grant usage on schema public to townhall_app, townhall_platform;
create extension if not exists btree_gist;
