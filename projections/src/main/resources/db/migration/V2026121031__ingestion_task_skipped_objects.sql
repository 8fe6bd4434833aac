-- Source objects an ingestion task skipped because they vanished between listing and reading: how many, and the
-- first 100 of them ({sourceKey, reason, skippedAt}); tasks from before have none.
alter table ingestion_task_view
    add column skipped_count   int   not null default 0,
    add column skipped_objects jsonb not null default '[]';
