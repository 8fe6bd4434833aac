-- What the DDI endpoints serve, owned by command-side and kept by its subscribing processor `ddi-lookup` in the
-- deciding command's transaction (set-based validation: the command side never reads the query side's tables).

-- DDI action ids fit a signed 32-bit int (hawkBit device clients keep them in a C int). The allocator takes blocks of
-- 100 (the increment) and hands them out in memory; a restart wastes at most the rest of a block.
create sequence ddi_action_id as integer start with 1 increment by 100 minvalue 1 maxvalue 2147483647 no cycle;
create sequence ddi_module_id as integer start with 1 increment by 1 minvalue 1 maxvalue 2147483647 no cycle;

create table ddi_software_module (
    tenant_id    varchar(64)   not null,
    module_id    integer       not null,
    legacy_id    bigint,
    version_id   varchar(128)  not null,
    artifact_uri varchar(1024) not null,
    filename     varchar(512)  not null,
    size_bytes   bigint        not null,
    sha256       char(64)      not null,
    sha1         char(40)      not null,
    md5          char(32)      not null,
    primary key (tenant_id, module_id),
    unique (tenant_id, artifact_uri)
);

create table ddi_release (
    task_id             varchar(64)  primary key,
    tenant_id           varchar(64)  not null,
    version_id          varchar(128) not null,
    release_type        varchar(16)  not null,
    device_type         varchar(16)  not null,
    module_id           integer      not null,
    previous_version_id varchar(128),
    previous_module_id  integer,
    release_counter     bigint       not null
);
create index ddi_release_version on ddi_release (tenant_id, version_id, release_counter);

-- The mapping action id -> (release, batch, device, kind), as data. legacy_id: the 53-bit id an action had before
-- ids were allocated (derived by hashing); devices that still hold it are served under either id.
create table ddi_action (
    action_id       integer      primary key,
    legacy_id       bigint       unique,
    tenant_id       varchar(64)  not null,
    device_id       varchar(128) not null,
    task_id         varchar(64)  not null,
    batch_id        varchar(64),
    kind            varchar(16)  not null,
    version_id      varchar(128) not null,
    module_id       integer      not null,
    release_counter bigint       not null,
    status          varchar(16)  not null,
    last_execution  varchar(24),
    detail          text,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    unique (task_id, device_id, kind)
);
create index ddi_action_device on ddi_action (tenant_id, device_id, created_at);

-- Upgrade: the actions, releases and modules recorded before (then kept by the projection `ota-actions`) get ids in
-- the new ranges, in the order they were created; LegacyActionIdUpcaster gives old events these ids.
insert into ddi_software_module (tenant_id, module_id, legacy_id, version_id, artifact_uri, filename, size_bytes, sha256, sha1, md5)
select tenant_id, row_number() over (order by tenant_id, module_id), module_id, version_id, artifact_uri, filename, size_bytes, sha256,
       sha1, md5
from ota_software_module;
select setval('ddi_module_id', (select max(module_id) from ddi_software_module)) where exists (select 1 from ddi_software_module);

insert into ddi_release (task_id, tenant_id, version_id, release_type, device_type, module_id, previous_version_id, previous_module_id,
                         release_counter)
select r.task_id, r.tenant_id, r.version_id, r.release_type, r.device_type, m.module_id, r.previous_version_id, p.module_id, r.release_counter
from ota_release r
join ddi_software_module m on m.tenant_id = r.tenant_id and m.legacy_id = r.module_id
left join ddi_software_module p on p.tenant_id = r.tenant_id and p.legacy_id = r.previous_module_id;

insert into ddi_action (action_id, legacy_id, tenant_id, device_id, task_id, kind, version_id, module_id, release_counter, status,
                        last_execution, detail, created_at, updated_at)
select row_number() over (order by a.created_at, a.action_id), a.action_id, a.tenant_id, a.device_id, a.task_id, a.kind, a.version_id,
       m.module_id, a.release_counter, a.status, a.last_execution, a.detail, a.created_at, a.updated_at
from device_action_view a
join ddi_software_module m on m.tenant_id = a.tenant_id and m.legacy_id = a.module_id;
-- The next block starts after the last id given out.
select setval('ddi_action_id', (select max(action_id) from ddi_action) + 1, false) where exists (select 1 from ddi_action);
