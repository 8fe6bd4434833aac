-- The lineage graph: generic nodes and edges fed by the events of every context (projection `lineage`).
-- Node ids are the plain ids of the contexts (asset id, task id, ...); node_type keeps kinds apart.
create table lineage_node (
    tenant_id  varchar(64)  not null,
    node_type  varchar(32)  not null,
    node_id    varchar(128) not null,
    label      varchar(512),
    properties jsonb        not null default '{}'::jsonb,
    primary key (tenant_id, node_type, node_id)
);
create index lineage_node_by_id on lineage_node (tenant_id, node_id);

create table lineage_edge (
    tenant_id  varchar(64)  not null,
    from_type  varchar(32)  not null,
    from_id    varchar(128) not null,
    to_type    varchar(32)  not null,
    to_id      varchar(128) not null,
    relation   varchar(64)  not null,
    properties jsonb        not null default '{}'::jsonb,
    primary key (tenant_id, from_type, from_id, to_type, to_id, relation)
);
create index lineage_edge_upstream on lineage_edge (tenant_id, to_type, to_id);
