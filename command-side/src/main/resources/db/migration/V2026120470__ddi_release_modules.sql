-- The further software modules of a release (hawkBit: more chunks in one action), in order after the main module
-- (ddi_release.module_id, position 0). A release without rows here ships its main module only.
create table ddi_release_module (
    task_id    varchar(64)  not null,
    position   integer      not null,
    module_id  integer      not null,
    part       varchar(32)  not null,
    name       varchar(128) not null,
    version_id varchar(128) not null,
    primary key (task_id, position)
);
