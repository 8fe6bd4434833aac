-- Read models of the behaviour context's problem samples and feedback decisions (with their backfill's progress).
create table bhv_problem_sample_view (
    sample_id           varchar(64)  primary key,
    tenant_id           varchar(64)  not null,
    session_id          varchar(64)  not null,
    problem_type        varchar(16)  not null,
    root_cause_segment  jsonb        not null,
    severity            varchar(16)  not null,
    notes               text,
    asset_ids           jsonb        not null,
    device_id           varchar(128),
    scene_tags          jsonb        not null,
    annotation_task_ids jsonb        not null default '[]'::jsonb,
    identified_by       varchar(256),
    identified_at       timestamptz  not null
);
create index bhv_problem_sample_view_tenant on bhv_problem_sample_view (tenant_id, identified_at desc, sample_id);

create table bhv_feedback_decision_view (
    decision_id          varchar(64)  primary key,
    tenant_id            varchar(64)  not null,
    sample_ids           jsonb        not null,
    next_ingestion_scope jsonb        not null,
    decided_by           varchar(256),
    decided_at           timestamptz  not null
);

create table bhv_backfill_stage_view (
    decision_id varchar(64)  not null,
    stage       varchar(32)  not null,
    tenant_id   varchar(64)  not null,
    refs        jsonb        not null,
    reached_at  timestamptz  not null,
    primary key (decision_id, stage)
);

create table bhv_backfill_stall_view (
    decision_id   varchar(64)  not null,
    awaited_stage varchar(32)  not null,
    waiting_since timestamptz  not null,
    tenant_id     varchar(64)  not null,
    flagged_at    timestamptz  not null,
    primary key (decision_id, awaited_stage, waiting_since)
);
