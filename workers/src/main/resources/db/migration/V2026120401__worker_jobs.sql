-- The workers' job bookkeeping (owned by workers); the queue itself is db-scheduler's scheduled_tasks.
create table worker_job (
    job_id           varchar(255) primary key,
    done             bigint       not null,
    total            bigint       not null,
    cancel_requested boolean      not null,
    updated_at       timestamptz  not null
);
create table worker_job_usage (
    job_id      varchar(255)     not null,
    attempt     int              not null,
    resource    varchar(100)     not null,
    quantity    double precision not null,
    unit        varchar(50)      not null,
    recorded_at timestamptz      not null
);
create index worker_job_usage_job on worker_job_usage (job_id);
