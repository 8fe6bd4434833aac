-- Streaming uploads of log-batch files (command-side): one row per (batch, file id) while its bytes stream into an S3
-- multipart upload; the committed parts and the saved sha256 state let a re-sent upload resume where it stopped.
create table log_batch_upload (
    batch_id        varchar(64)  not null,
    file_id         varchar(128) not null,
    tenant_id       varchar(64)  not null,
    object_key      varchar(1024) not null,
    store_upload_id varchar(1024) not null,
    part_size       bigint       not null,
    parts           text         not null,
    committed_bytes bigint       not null,
    sha_state       varchar(128) not null,
    status          varchar(16)  not null,
    updated_at      timestamptz  not null,
    primary key (batch_id, file_id)
);
