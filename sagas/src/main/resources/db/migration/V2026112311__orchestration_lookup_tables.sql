-- The data-flow dispatcher's lookup table of data-flow rules (owned by sagas; kept by the subscribing processor orchestration-lookup).
create table orchestration_data_flow (
    flow_id    varchar(64) primary key,
    tenant_id  varchar(64) not null,
    flow_rule  jsonb       not null,
    action     jsonb       not null,
    created_at timestamptz not null
);
create index orchestration_data_flow_tenant on orchestration_data_flow (tenant_id);
