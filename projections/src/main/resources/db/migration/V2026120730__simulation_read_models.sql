-- Simulation read models (projections, processing group simulation): scenarios with their versions, tasks with progress.
create table simulation_scenario_view (
    scenario_id     varchar(64)  primary key,
    tenant_id       varchar(64)  not null,
    name            varchar(128) not null,
    scenario_type   varchar(32)  not null,
    version         integer      not null,
    scenario_params jsonb        not null,
    versions        jsonb        not null default '[]',
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index simulation_scenario_view_tenant on simulation_scenario_view (tenant_id, created_at desc);

create table simulation_task_view (
    task_id          varchar(64)  primary key,
    tenant_id        varchar(64)  not null,
    scenario_id      varchar(64)  not null,
    scenario_version integer      not null,
    scenario_type    varchar(32)  not null,
    batch_size       integer      not null,
    seed             bigint       not null,
    status           varchar(16)  not null,
    items_done       integer      not null default 0,
    cpu_seconds      double precision not null default 0,
    output_asset_ids jsonb        not null default '[]',
    origin           varchar(256),
    error_message    text,
    created_at       timestamptz  not null,
    completed_at     timestamptz
);
create index simulation_task_view_tenant on simulation_task_view (tenant_id, created_at desc);
