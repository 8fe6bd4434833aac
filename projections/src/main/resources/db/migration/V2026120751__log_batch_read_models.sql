-- Log batches (seed 004) read models, owned by projections (processing group log-batches).
create table log_batch (
    batch_id         varchar(64)  primary key,
    tenant_id        varchar(64)  not null,
    vehicle_id       varchar(128) not null,
    vehicle_platform varchar(64)  not null,
    firmware_version varchar(64)  not null,
    test_drive       text         not null,
    status           varchar(16)  not null,
    reason           text,
    file_count       int          not null default 0,
    parsed_count     int          not null default 0,
    failed_count     int          not null default 0,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);
create index log_batch_tenant_created on log_batch (tenant_id, created_at desc);

create table log_batch_file (
    batch_id      varchar(64)  not null,
    file_id       varchar(128) not null,
    tenant_id     varchar(64)  not null,
    file_name     varchar(256) not null,
    kind          varchar(16)  not null,
    size_bytes    bigint       not null,
    sha256        varchar(64)  not null,
    status        varchar(16)  not null,
    lines         bigint,
    unknown_lines bigint,
    error_lines   bigint,
    reason        text,
    primary key (batch_id, file_id)
);

-- The gathered report (JSON of BatchReport) and the diagnosis (JSON of Diagnosis), one row per batch.
create table log_batch_report (
    batch_id   varchar(64) primary key,
    tenant_id  varchar(64) not null,
    report     text        not null,
    diagnosis  text,
    updated_at timestamptz not null
);
create index log_batch_report_tenant on log_batch_report (tenant_id, updated_at desc);
