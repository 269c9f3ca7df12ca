-- The hot tables' references are kept by their only writers instead of by foreign-key
-- triggers, which cost about 40 % of every batch write (measured: 1,000 items and their
-- scores in 39 ms instead of 80 ms):
--   * the scorer inserts a batch's practitioners, then its items, then their scores, in one
--     transaction, under a model it registered before scoring;
--   * re-scoring writes scores only for items it has just read, under a registered model;
--   * nothing deletes practitioners, items or models.
-- `credscore check` counts rows whose reference is missing; the end-to-end tests run it.
ALTER TABLE items DROP CONSTRAINT IF EXISTS items_author_fkey;
ALTER TABLE scores DROP CONSTRAINT IF EXISTS scores_item_id_fkey;
ALTER TABLE scores DROP CONSTRAINT IF EXISTS scores_model_version_fkey;
-- No query reads scores by scoring time (an item's versions are found by its key).
DROP INDEX IF EXISTS scores_scored_at_idx;
