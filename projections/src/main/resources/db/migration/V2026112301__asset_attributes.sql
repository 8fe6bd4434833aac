-- Asset attributes: the user metadata of the source object (VIN, GPS position, plate, ...), keys lower-cased.
-- Possibly personal data: masked at query time by role, never part of full-text search.
alter table asset_view add column attributes jsonb not null default '{}';
