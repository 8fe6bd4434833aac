-- The closed-loop KPI (projection `closed-loop-kpi`): one row per loop (feedback decision) with the time each stage was
-- reached, and the problem samples' identification times (a sample may be identified before or after its decision).
create table closed_loop_kpi (
    tenant_id            varchar(64)  not null,
    decision_id          varchar(128) not null,
    sample_ids           text[]       not null default '{}',
    identified_at        timestamptz,
    decided_at           timestamptz,
    ingestion_started_at timestamptz,
    data_ingested_at     timestamptz,
    annotated_at         timestamptz,
    exported_at          timestamptz,
    model_ready_at       timestamptz,
    rollout_started_at   timestamptz,
    rollout_completed_at timestamptz,
    stalled_stage        varchar(32),
    stalled_since        timestamptz,
    stalled_at           timestamptz,
    primary key (tenant_id, decision_id)
);
create index closed_loop_kpi_decided on closed_loop_kpi (tenant_id, decided_at);

create table closed_loop_kpi_sample (
    tenant_id     varchar(64)  not null,
    sample_id     varchar(128) not null,
    identified_at timestamptz  not null,
    primary key (tenant_id, sample_id)
);
