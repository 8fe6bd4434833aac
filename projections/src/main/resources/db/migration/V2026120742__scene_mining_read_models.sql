-- Scene mining (seed 000 §9): the long-tail tags of each asset in the catalog read model, the jobs, and every
-- version of each tenant's rules.
alter table asset_view add column long_tail_tags text[] not null default '{}';

create table scene_mining_job_view (
    job_id        varchar(64)  primary key,
    tenant_id     varchar(64)  not null,
    status        varchar(32)  not null,
    asset_count   integer      not null,
    rules_version integer      not null,
    filter        jsonb        not null default '{}',
    requested_at  timestamptz  not null,
    updated_at    timestamptz  not null,
    reason        text,
    mined_assets  bigint,
    assets        jsonb
);
create index scene_mining_job_view_tenant on scene_mining_job_view (tenant_id, requested_at);

create table scene_mining_rules_view (
    tenant_id    varchar(64) not null,
    version      integer     not null,
    rules        jsonb       not null,
    published_at timestamptz not null,
    primary key (tenant_id, version)
);
