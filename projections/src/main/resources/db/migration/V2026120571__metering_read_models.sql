-- Metering read models (projections): bill lines and credits (billing-ledger), price list versions and quotas
-- (billing-terms), outcomes of the loop for the ROI (loop-outcomes).
create table billing_line (
    line_id            varchar(64)      primary key,
    tenant_id          varchar(64)      not null,
    usage_id           varchar(512)     not null,
    context            varchar(8)       not null,
    task_id            varchar(255),
    job_id             varchar(255),
    run_id             varchar(255),
    node_id            varchar(255),
    resource           varchar(140)     not null,
    quantity           double precision not null,
    unit               varchar(32),
    at                 timestamptz      not null,
    price_list_version int              not null,
    unit_price         numeric(30, 12)  not null,
    amount             numeric(30, 6)   not null,
    balance_after      numeric(30, 6)   not null
);
create index billing_line_tenant_at on billing_line (tenant_id, at);

create table billing_credit (
    credit_id     varchar(64)    primary key,
    tenant_id     varchar(64)    not null,
    amount        numeric(30, 6) not null,
    reference     varchar(128)   not null,
    balance_after numeric(30, 6) not null,
    at            timestamptz    not null
);

create table billing_account_view (
    tenant_id                     varchar(64)    primary key,
    balance                       numeric(30, 6) not null,
    stop_dispatch_when_exhausted  boolean        not null,
    updated_at                    timestamptz    not null
);

create table price_list_view (
    tenant_id      varchar(64) not null,
    version        int         not null,
    effective_from timestamptz not null,
    published_at   timestamptz not null,
    prices         jsonb       not null,
    primary key (tenant_id, version)
);

create table quota_view (
    tenant_id   varchar(64)      not null,
    resource    varchar(140)     not null,
    quota_limit double precision not null,
    period      varchar(8)       not null,
    set_at      timestamptz      not null,
    primary key (tenant_id, resource)
);

create table loop_outcome (
    event_id  varchar(64) primary key,
    tenant_id varchar(64) not null,
    kind      varchar(40) not null,
    quantity  int         not null,
    at        timestamptz not null
);
create index loop_outcome_tenant_at on loop_outcome (tenant_id, at);
