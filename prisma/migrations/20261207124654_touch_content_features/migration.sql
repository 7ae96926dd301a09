-- AlterTable
ALTER TABLE "touches" ADD COLUMN     "body_length" TEXT,
ADD COLUMN     "kind" TEXT,
ADD COLUMN     "personalization" TEXT,
ADD COLUMN     "question_count" TEXT,
ADD COLUMN     "subject_style" TEXT;

-- Backfill for touches written before these columns existed: the rules of server/core/patterns/text.ts
-- (touchContentFeatures), in SQL. Touches written from now on are measured by that function at ingest.
UPDATE "touches" t SET
  "kind" = t.attributes ->> 'kind',
  "subject_style" = f.subject_style, "body_length" = f.body_length, "question_count" = f.question_count, "personalization" = f.personalization
FROM (
  SELECT x.id,
    CASE WHEN nullif(btrim(x.style_label), '') IS NOT NULL THEN btrim(x.style_label)
      WHEN coalesce(x.subject, '') !~ '\S' THEN NULL
      WHEN (length(x.company) >= 2 AND x.sc > 0 AND (x.sc = 1 OR substr(x.subj, x.sc - 1, 1) !~ '[[:alnum:]_]') AND substr(x.subj, x.sc + length(x.company), 1) !~ '[[:alnum:]_]')
        OR (length(x.first) >= 2 AND x.sf > 0 AND (x.sf = 1 OR substr(x.subj, x.sf - 1, 1) !~ '[[:alnum:]_]') AND substr(x.subj, x.sf + length(x.first), 1) !~ '[[:alnum:]_]') THEN 'personalized'
      WHEN x.subject LIKE '%?%' THEN 'question'
      WHEN regexp_count(x.subject, '\S+') <= 4 THEN 'short'
      WHEN regexp_count(x.subject, '\S+') >= 9 THEN 'long'
      ELSE 'medium' END AS subject_style,
    CASE WHEN x.no_body THEN NULL WHEN length(x.body) <= 150 THEN '1-150' WHEN length(x.body) <= 300 THEN '151-300' WHEN length(x.body) <= 600 THEN '301-600'
      WHEN length(x.body) <= 1200 THEN '601-1200' ELSE '1201+' END AS body_length,
    CASE WHEN x.no_body THEN NULL WHEN x.body LIKE '%?%?%' THEN '2+' WHEN x.body LIKE '%?%' THEN '1' ELSE '0' END AS question_count,
    CASE WHEN x.no_body THEN NULL
      WHEN (length(x.company) >= 2 AND x.bc > 0 AND (x.bc = 1 OR substr(x.hay, x.bc - 1, 1) !~ '[[:alnum:]_]') AND substr(x.hay, x.bc + length(x.company), 1) !~ '[[:alnum:]_]')
        OR (length(x.first) >= 2 AND x.bf > 0 AND (x.bf = 1 OR substr(x.hay, x.bf - 1, 1) !~ '[[:alnum:]_]') AND substr(x.hay, x.bf + length(x.first), 1) !~ '[[:alnum:]_]') THEN 'yes'
      ELSE 'no' END AS personalization
  FROM (
    SELECT y.*, strpos(y.subj, y.company) AS sc, strpos(y.subj, y.first) AS sf, strpos(y.hay, y.company) AS bc, strpos(y.hay, y.first) AS bf
    FROM (
      SELECT tt.id, tt.subject, tt.body, tt.attributes ->> 'subjectStyle' AS style_label, lower(tt.subject) AS subj, lower(tt.body) AS hay,
        coalesce(tt.body, '') !~ '\S' AS no_body,
        lower(btrim(coalesce(l.company, ''))) AS company, lower((regexp_split_to_array(btrim(coalesce(l.name, '')), '\s+'))[1]) AS first
      FROM "touches" tt JOIN "leads" l ON l.id = tt.lead_id
    ) y
  ) x
) f
WHERE f.id = t.id;
