-- Post drafts: a LinkedIn post per day (kind LINKEDIN, period = day 1..30) and a blog post per week
-- (kind BLOG, period = week 1..5). Version 2 is left to the labs' tables; see Migrations.
CREATE TABLE post_draft (
  kind        VARCHAR(16) NOT NULL,
  period      INT NOT NULL,
  body        CHARACTER LARGE OBJECT NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (kind, period),
  CONSTRAINT post_draft_kind CHECK (kind IN ('LINKEDIN', 'BLOG')),
  CONSTRAINT post_draft_period CHECK ((kind = 'LINKEDIN' AND period BETWEEN 1 AND 30)
                                      OR (kind = 'BLOG' AND period BETWEEN 1 AND 5))
);
