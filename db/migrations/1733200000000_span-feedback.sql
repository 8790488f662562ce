-- Up Migration

-- Feedback on a stored span (a user's thumbs, an evaluator's score): any number per span,
-- kept beside the spans rather than in them, so a span row is never rewritten.
CREATE TABLE span_feedback (
  project_id   text        NOT NULL DEFAULT 'default',
  trace_id     text        NOT NULL,
  span_id      text        NOT NULL,
  feedback_id  bigserial   NOT NULL,
  score        double precision NOT NULL CHECK (score >= 0 AND score <= 1),
  comment      text,
  source       text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, trace_id, span_id, feedback_id)
);

-- Down Migration
DROP TABLE span_feedback;
