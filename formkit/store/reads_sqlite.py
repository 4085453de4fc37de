"""The SQLite text of the person report's reads, compiled from formkit/store/queries.py by
`python -m formkit.store.queries` (do not edit: tests/test_store_reads.py checks it is what
SQLAlchemy runs). Each is (SQL, the names of its positional parameters)."""

PERSON = (
    'SELECT people.person_id, people.name, people.program, people.supervisor \n'
    'FROM people \n'
    'WHERE people.person_id = ?'
), ('person_id',)

PERSON_SUBMISSIONS = (
    'SELECT submissions.submission_id, submissions.person_id, submissions.rater, submissions.rater_name, '
    'submissions.round, submissions.date, submissions.version, submissions.source_file, '
    'submissions.content_hash, submissions.catalog_id, submissions.catalog_version, '
    'submissions.fingerprint, submissions.ingested_at, submissions.source \n'
    'FROM submissions \n'
    'WHERE submissions.person_id = ? AND NOT (EXISTS (SELECT * \n'
    'FROM submissions AS submissions_1 \n'
    'WHERE submissions_1.person_id = submissions.person_id AND submissions_1.rater = submissions.rater'
    ' AND submissions_1.round = submissions.round'
    ' AND submissions_1.version > submissions.version)) ORDER BY submissions.person_id, '
    'submissions.submission_id'
), ('person_id_1',)

ANSWERS = (
    'SELECT answers.submission_id, answers.category_id, answers.competency_id, answers.statement, '
    'answers.rating_value, answers.rating_label, answers.notes, answers.statement_changed, '
    'answers.choice \n'
    'FROM answers \n'
    'WHERE answers.submission_id IN (__[POSTCOMPILE_ids]) ORDER BY answers.submission_id, '
    'answers.position'
), ('ids',)

PLANS = (
    'SELECT plans.submission_id, plans.scope, plans."row", plans.goal, plans.steps, plans.support, '
    'plans.date \n'
    'FROM plans \n'
    'WHERE plans.submission_id IN (__[POSTCOMPILE_ids]) ORDER BY plans.submission_id, plans.scope, '
    'plans."row"'
), ('ids',)

REFLECTIONS = (
    'SELECT reflections.submission_id, reflections.category_id, reflections."key", reflections.text \n'
    'FROM reflections \n'
    'WHERE reflections.submission_id IN (__[POSTCOMPILE_ids]) ORDER BY reflections.submission_id, '
    'reflections.category_id, reflections."key"'
), ('ids',)

HANDWRITING = (
    'SELECT handwriting.submission_id, handwriting.section, handwriting.owner, handwriting."row", '
    'handwriting.box, handwriting.png \n'
    'FROM handwriting \n'
    'WHERE handwriting.submission_id IN (__[POSTCOMPILE_ids]) ORDER BY handwriting.submission_id, '
    'handwriting.section, handwriting.owner, handwriting."row", handwriting.box'
), ('ids',)
