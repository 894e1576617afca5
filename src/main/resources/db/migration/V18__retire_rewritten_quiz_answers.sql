-- The self-check questions of all 30 lessons were rewritten (new choices, new answers). Every
-- rewritten question got a new id; the old ids were q1 to q5 on every day, and no current question
-- uses them. An answer stored under an old id belongs to a question that no longer exists: its
-- choice is not among the new choices, and counting it would put more answers than questions into
-- the recap. Such answers move, unchanged, to quiz_answer_retired, so the learner's record keeps them
-- while the quiz and the recap count only answers to the questions the lessons ask now.
CREATE TABLE quiz_answer_retired (
  day_no       INT NOT NULL,
  question_id  VARCHAR(64) NOT NULL,
  choice       VARCHAR(2000) NOT NULL,
  correct      BOOLEAN NOT NULL,
  answered_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  retired_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  reason       VARCHAR(200) NOT NULL,
  PRIMARY KEY (day_no, question_id, retired_at)
);

INSERT INTO quiz_answer_retired (day_no, question_id, choice, correct, answered_at, retired_at, reason)
SELECT day_no, question_id, choice, correct, answered_at, CURRENT_TIMESTAMP,
       'self-check rewritten: the question was replaced by one with a new id'
FROM quiz_answer
WHERE question_id IN ('q1', 'q2', 'q3', 'q4', 'q5');

DELETE FROM quiz_answer WHERE question_id IN ('q1', 'q2', 'q3', 'q4', 'q5');
