-- Axon Framework's JDBC storage (event store, snapshots, tracking tokens, sagas), owned by Flyway.
-- global_index comes from a sequence with increment 1: no gaps from pre-allocation after restarts.

create table domain_event_entry (
    global_index         bigserial     not null,
    event_identifier     varchar(255)  not null,
    meta_data            bytea,
    payload              bytea         not null,
    payload_revision     varchar(255),
    payload_type         varchar(255)  not null,
    time_stamp           varchar(255)  not null,
    aggregate_identifier varchar(255)  not null,
    sequence_number      bigint        not null,
    type                 varchar(255),
    primary key (global_index),
    unique (aggregate_identifier, sequence_number),
    unique (event_identifier)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    meta_data            bytea,
    payload              bytea        not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    primary key (aggregate_identifier, sequence_number),
    unique (event_identifier)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

create table saga_entry (
    saga_id         varchar(255) not null,
    revision        varchar(255),
    saga_type       varchar(255),
    serialized_saga bytea,
    primary key (saga_id)
);

create table association_value_entry (
    id                bigserial    not null,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255),
    primary key (id)
);
create index association_value_entry_saga_type_key_value on association_value_entry (saga_type, association_key, association_value);
create index association_value_entry_saga_id_type on association_value_entry (saga_id, saga_type);
