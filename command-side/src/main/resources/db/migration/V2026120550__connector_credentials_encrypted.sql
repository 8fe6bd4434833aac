-- Connector secrets encrypted at rest (envelope encryption): the access and secret key as one AES-GCM ciphertext under
-- a per-record data key, stored wrapped by the master key named by key_id. The plaintext columns are emptied by the
-- platform at start (ConnectorCredentials.sealAtRest) and stay only for rows written before this version until then.
alter table connector_credentials
    add column key_id      varchar(64),
    add column wrapped_key bytea,
    add column ciphertext  bytea;
alter table connector_credentials
    alter column access_key drop not null,
    alter column secret_key drop not null;
