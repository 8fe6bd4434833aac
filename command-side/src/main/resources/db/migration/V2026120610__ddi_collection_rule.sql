-- Edge collection rules (COLLECT data flows) as the DDI code serves them to devices, kept by the subscribing ddi-lookup;
-- and the rules version each device last reported running (telemetry, like its last contact).
create table ddi_collection_rule (
    flow_id     varchar(64)  primary key,
    tenant_id   varchar(64)  not null,
    device_type varchar(32),
    attributes  jsonb        not null default '{}'::jsonb,
    rule        jsonb        not null,
    created_at  timestamptz  not null
);
create index ddi_collection_rule_tenant on ddi_collection_rule (tenant_id, created_at);
alter table ddi_device_contact add column collection_rules_version varchar(64);
