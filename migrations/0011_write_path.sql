-- The scorer's write path, cut to what readers use (measured per row on this machine):
--   * explanations are kept as the scorer wrote them: `json` checks the text, `jsonb` rebuilt
--     every document into its binary form (about 7 µs a row against 2), and nothing queries
--     inside an explanation: readers take it whole;
--   * nothing read `items_created_idx`: item filters and orderings use
--     COALESCE(created_at, ingested_at), which it cannot serve;
--   * a practitioner's scores are reached through their items (`items_author_idx`, then the
--     scores' primary key), so `scores_author_idx` only cost every insert;
--   * a language-filtered ranking reads the ranking index (below).
ALTER TABLE scores ALTER COLUMN explanation TYPE json USING explanation::json;
DROP INDEX IF EXISTS items_created_idx;
DROP INDEX IF EXISTS scores_author_idx;
-- Rankings filtered by language scan the ranking index and skip the other language (two
-- languages: about twice the rows of a top-N page); the ranking query's generic plan could
-- not use this one anyway, and every practitioner update paid for it.
DROP INDEX IF EXISTS practitioners_lang_rank_idx;
