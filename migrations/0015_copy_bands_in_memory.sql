-- The band keys of the copy index leave PostgreSQL: each scorer now holds them in memory
-- (about 300 bytes an original), built from `copy_index`'s signatures when it starts and kept
-- up to date from the rows filed since, under the copy lock, as the Bloom filter before it was.
--
-- Measured on 2 cores: `copy_bands` took 24 rows and 24 btree entries per original (about
-- 1.9 kB), more than items and scores together, and filing grew dearer as the index outgrew
-- memory: sorted batches of 2,000 originals cost 48 µs an original into an empty table and
-- over 200 µs past 700,000 originals (random keys: nearly every key dirties another leaf).
-- All scorer replicas must run a build that no longer files bands before this runs.
DROP TABLE copy_bands;
