-- The workflow trigger table of the schedule and event dispatchers (owned by sagas; kept by the subscribing processor
-- workflow-trigger-lookup in the transaction of the workflow command): each workflow's current triggers, whether it is
-- enabled and since when, and the last schedule slot handled.
create table workflow_trigger (
    workflow_id    varchar(64) primary key,
    tenant_id      varchar(64) not null,
    enabled        boolean     not null,
    enabled_since  timestamptz,
    time_zone      varchar(64) not null,
    triggers       jsonb       not null,
    last_fired_for timestamptz
);
create index workflow_trigger_tenant on workflow_trigger (tenant_id) where enabled;
