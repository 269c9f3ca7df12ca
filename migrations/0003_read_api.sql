-- Read API and dashboard: each practitioner's main language, and an index for keyset
-- pagination of the ranking in both directions.
ALTER TABLE practitioners ADD COLUMN items_fr BIGINT NOT NULL DEFAULT 0;
ALTER TABLE practitioners ADD COLUMN lang TEXT GENERATED ALWAYS AS (
    CASE WHEN model_version IS NULL OR item_count = 0 THEN NULL
         WHEN items_fr * 2 >= item_count THEN 'fr'
         ELSE 'en' END) STORED;
CREATE INDEX practitioners_rank_idx ON practitioners (credibility, id) WHERE credibility IS NOT NULL;
CREATE INDEX practitioners_lang_rank_idx ON practitioners (lang, credibility, id) WHERE credibility IS NOT NULL;
-- Existing practitioners get their French item count from their stored scores.
UPDATE practitioners p SET items_fr = f.n
FROM (SELECT author, count(*) AS n FROM scores s
      WHERE s.lang = 'fr' AND s.model_version = (SELECT version FROM models WHERE active)
      GROUP BY author) f
WHERE f.author = p.id;
