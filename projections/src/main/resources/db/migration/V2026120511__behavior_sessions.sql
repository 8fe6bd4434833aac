-- Behaviour sessions as read (behavior-sessions): the session with its sources and alignment settings, the storage
-- location of the assets it may reference, and the problem samples marked on its timeline.
create table behavior_session_view (
    session_id    varchar(64)  primary key,
    tenant_id     varchar(64)  not null,
    name          varchar(128) not null,
    device_id     varchar(256),
    from_nanos    bigint       not null,
    to_nanos      bigint       not null,
    scene_tags    text[]       not null default '{}',
    sources       jsonb        not null,
    interpolation jsonb        not null default '{}',
    estimates     jsonb        not null default '[]',
    max_gap_nanos bigint       not null default 2000000000,
    created_by    varchar(256),
    created_at    timestamptz  not null
);
create index behavior_session_view_tenant on behavior_session_view (tenant_id, created_at);

create table behavior_asset_location (
    asset_id     varchar(64)   primary key,
    tenant_id    varchar(64)   not null,
    storage_path varchar(2048) not null
);

create table behavior_session_marker (
    sample_id    varchar(64)  primary key,
    session_id   varchar(64)  not null,
    tenant_id    varchar(64)  not null,
    problem_type varchar(32)  not null,
    severity     varchar(32),
    from_nanos   bigint       not null,
    to_nanos     bigint       not null,
    channels     text[]       not null default '{}',
    notes        text
);
create index behavior_session_marker_session on behavior_session_marker (session_id, from_nanos);
