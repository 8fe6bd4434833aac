-- Command-side lookup tables of workflows (owned by command-side; kept by the subscribing processor workflow-lookup):
-- the operator versions a workflow revision pins, and the AI models an AI_MODEL operator may reference.
create table workflow_operator_version_lookup (
    operator_id varchar(64) not null,
    version     integer     not null,
    tenant_id   varchar(64) not null,
    name        varchar(128) not null,
    kind        varchar(16) not null,
    definition  jsonb       not null,
    primary key (operator_id, version)
);
create index workflow_operator_version_lookup_tenant on workflow_operator_version_lookup (tenant_id);

create table workflow_ai_model_lookup (
    model_id  varchar(64)  primary key,
    tenant_id varchar(64)  not null,
    base_url  varchar(1024) not null,
    model     varchar(256) not null
);
