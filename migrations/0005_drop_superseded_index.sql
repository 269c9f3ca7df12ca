-- The ranking is served by practitioners_rank_idx (0003) in both directions; the older index
-- only cost every practitioner update one more index write.
DROP INDEX IF EXISTS practitioners_credibility_idx;
