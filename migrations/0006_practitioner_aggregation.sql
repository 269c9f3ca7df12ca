-- The settings a practitioner's score was computed with (half-life, prior), so a change of
-- settings is noticed and the scores recomputed instead of mixing old and new.
ALTER TABLE practitioners ADD COLUMN aggregation TEXT;
