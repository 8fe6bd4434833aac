-- Command-side lookup tables of the behaviour context, kept by the subscribing processor behavior-lookup in the
-- transaction of the command whose event they record: problem samples and feedback decisions decide from them,
-- never from a read model.

-- Sessions: tenant, time range, assets, device and scene tags (a problem sample's segment must lie inside the range).
create table bhv_session_lookup (
    session_id varchar(64)  primary key,
    tenant_id  varchar(64)  not null,
    device_id  varchar(128),
    range_from timestamptz  not null,
    range_to   timestamptz  not null,
    asset_ids  jsonb        not null,
    scene_tags jsonb        not null
);

-- Problem samples with what export-to-annotation and the feedback decision need.
create table bhv_sample_lookup (
    sample_id    varchar(64)  primary key,
    tenant_id    varchar(64)  not null,
    session_id   varchar(64)  not null,
    problem_type varchar(16)  not null,
    segment_from timestamptz  not null,
    segment_to   timestamptz  not null,
    channels     jsonb        not null,
    asset_ids    jsonb        not null,
    device_id    varchar(128),
    scene_tags   jsonb        not null
);

-- Data sources a backfill may ingest from.
create table bhv_source_lookup (
    source_id varchar(64)  primary key,
    tenant_id varchar(64)  not null,
    name      varchar(128) not null
);
insert into bhv_source_lookup (source_id, tenant_id, name)
select source_id, tenant_id, name from ingestion_source_registry on conflict (source_id) do nothing;

-- Device types of the tenant's registered devices (a decision names the types of the sessions' devices).
create table bhv_device_lookup (
    tenant_id   varchar(64)  not null,
    device_id   varchar(128) not null,
    device_type varchar(16)  not null,
    primary key (tenant_id, device_id)
);
insert into bhv_device_lookup (tenant_id, device_id, device_type)
select tenant_id, device_id, device_type from ddi_device on conflict do nothing;
