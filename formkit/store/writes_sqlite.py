"""The SQLite text of the statements ingesting runs, compiled from formkit/store/writes.py by
`python -m formkit.store.writes` (do not edit: tests/test_store_lite.py checks it is what
SQLAlchemy runs), and the DDL of a new store."""

STATEMENTS = {
    'KNOWN_HASHES': ((
        'SELECT submissions.content_hash \n'
        'FROM submissions \n'
        'WHERE submissions.content_hash IN (__[POSTCOMPILE_hashes])'
    ), ('hashes',)),
    'PERSON_BY_ID': ((
        'SELECT people.person_id \n'
        'FROM people \n'
        'WHERE people.person_id = ?'
    ), ('person_id',)),
    'PEOPLE_BY_NAME_OR_ID': ((
        'SELECT people.person_id, people.program_key, people.name_key \n'
        'FROM people \n'
        'WHERE people.name_key = ? OR people.person_id = ? ORDER BY people.person_id'
    ), ('name_key', 'derived')),
    'ADD_PERSON': ((
        'INSERT INTO people (person_id, name, program, supervisor, name_key, program_key, '
        'created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    ), ('person_id', 'name', 'program', 'supervisor', 'name_key', 'program_key', 'created_at')),
    'RENAME_PERSON': ((
        "UPDATE people SET name=coalesce(nullif(?, ''), people.name), program=coalesce(nullif(?, ''), "
        "people.program), supervisor=coalesce(nullif(?, ''), people.supervisor), "
        "name_key=coalesce(nullif(?, ''), people.name_key), program_key=coalesce(nullif(?, ''), "
        'people.program_key) WHERE people.person_id = ?'
    ), ('name', 'program', 'supervisor', 'name_key', 'program_key', 'id_')),
    'LAST_VERSION': ((
        'SELECT max(submissions.version) AS max_1 \n'
        'FROM submissions \n'
        'WHERE submissions.person_id = ? AND submissions.rater = ? AND submissions.round = ?'
    ), ('person_id', 'rater', 'round')),
    'VERSION_ID': ((
        'SELECT submissions.submission_id \n'
        'FROM submissions \n'
        'WHERE submissions.person_id = ? AND submissions.rater = ? AND submissions.round = ?'
        ' AND submissions.version = ?'
    ), ('person_id', 'rater', 'round', 'version')),
    'ADD_SUBMISSION': ((
        'INSERT INTO submissions (person_id, rater, rater_name, round, date, version, source_file, '
        'content_hash, catalog_id, catalog_version, fingerprint, ingested_at, program_key, '
        'supervisor_key, form_check, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
    ), ('person_id', 'rater', 'rater_name', 'round', 'date', 'version', 'source_file', 'content_hash', 'catalog_id', 'catalog_version', 'fingerprint', 'ingested_at', 'program_key', 'supervisor_key', 'form_check', 'source')),
    'NEWEST_OF_PERSON': ((
        'SELECT submissions.submission_id \n'
        'FROM submissions \n'
        'WHERE submissions.person_id = ? AND NOT (EXISTS (SELECT * \n'
        'FROM submissions AS submissions_1 \n'
        'WHERE submissions_1.person_id = submissions.person_id'
        ' AND submissions_1.rater = submissions.rater AND submissions_1.round = submissions.round'
        ' AND submissions_1.version > submissions.version)) ORDER BY submissions.submission_id'
    ), ('person_id',)),
    'GROUP_OF': ((
        'SELECT submissions.round, submissions.rater, submissions.program_key, '
        'submissions.supervisor_key \n'
        'FROM submissions \n'
        'WHERE submissions.submission_id = ?'
    ), ('submission_id',)),
    'KINDS_OF': ((
        'SELECT answers.category_id, answers.rating_value, answers.rating_label \n'
        'FROM answers \n'
        'WHERE answers.submission_id = ?'
    ), ('submission_id',)),
    'SUPPORTS_OF': ((
        'SELECT plans.scope, plans.support \n'
        'FROM plans \n'
        'WHERE plans.submission_id = ?'
    ), ('submission_id',)),
    'DROP_EMPTY_RATINGS': ((
        'DELETE FROM rating_tallies WHERE rating_tallies.forms <= 0'
    ), ()),
    'DROP_EMPTY_SUPPORT': ((
        'DELETE FROM support_tallies WHERE support_tallies.forms <= 0'
    ), ()),
}

SCHEMA = (
    (
        'CREATE TABLE people (\n'
        '\tperson_id VARCHAR(64) NOT NULL, \n'
        '\tname TEXT NOT NULL, \n'
        '\tprogram TEXT NOT NULL, \n'
        '\tsupervisor TEXT NOT NULL, \n'
        '\tname_key TEXT NOT NULL, \n'
        '\tprogram_key TEXT NOT NULL, \n'
        '\tcreated_at VARCHAR(32) NOT NULL, \n'
        '\tPRIMARY KEY (person_id)\n'
        ')'
    ),
    (
        'CREATE INDEX ix_people_name_key ON people (name_key)'
    ),
    (
        'CREATE TABLE rating_tallies (\n'
        '\tround TEXT NOT NULL, \n'
        '\trater VARCHAR(16) NOT NULL, \n'
        '\tprogram_key TEXT NOT NULL, \n'
        '\tsupervisor_key TEXT NOT NULL, \n'
        '\tcategory_id VARCHAR(64) NOT NULL, \n'
        '\trating_value INTEGER NOT NULL, \n'
        '\tnot_yet INTEGER NOT NULL, \n'
        '\tanswers INTEGER NOT NULL, \n'
        '\tforms INTEGER NOT NULL, \n'
        '\tPRIMARY KEY (round, rater, program_key, supervisor_key, category_id, rating_value, not_yet)\n'
        ')'
    ),
    (
        'CREATE TABLE support_tallies (\n'
        '\tround TEXT NOT NULL, \n'
        '\trater VARCHAR(16) NOT NULL, \n'
        '\tprogram_key TEXT NOT NULL, \n'
        '\tsupervisor_key TEXT NOT NULL, \n'
        '\tscope VARCHAR(64) NOT NULL, \n'
        '\tforms INTEGER NOT NULL, \n'
        '\tPRIMARY KEY (round, rater, program_key, supervisor_key, scope)\n'
        ')'
    ),
    (
        'CREATE TABLE submissions (\n'
        '\tsubmission_id INTEGER NOT NULL, \n'
        '\tperson_id VARCHAR(64) NOT NULL, \n'
        '\trater VARCHAR(16) NOT NULL, \n'
        '\trater_name TEXT NOT NULL, \n'
        '\tround TEXT NOT NULL, \n'
        '\tdate TEXT NOT NULL, \n'
        '\tversion INTEGER NOT NULL, \n'
        '\tsource_file TEXT NOT NULL, \n'
        '\tcontent_hash VARCHAR(64) NOT NULL, \n'
        '\tcatalog_id TEXT NOT NULL, \n'
        '\tcatalog_version TEXT NOT NULL, \n'
        '\tfingerprint TEXT NOT NULL, \n'
        '\tingested_at VARCHAR(32) NOT NULL, \n'
        '\tprogram_key TEXT NOT NULL, \n'
        '\tsupervisor_key TEXT NOT NULL, \n'
        '\tform_check VARCHAR(16) NOT NULL, \n'
        "\tsource VARCHAR(16) DEFAULT 'pdf' NOT NULL, \n"
        '\tPRIMARY KEY (submission_id), \n'
        '\tCONSTRAINT uq_submission_version UNIQUE (person_id, rater, round, version), \n'
        '\tFOREIGN KEY(person_id) REFERENCES people (person_id), \n'
        '\tUNIQUE (content_hash)\n'
        ')'
    ),
    (
        'CREATE INDEX ix_submissions_person_id ON submissions (person_id)'
    ),
    (
        'CREATE TABLE answers (\n'
        '\tsubmission_id INTEGER NOT NULL, \n'
        '\tcompetency_id VARCHAR(64) NOT NULL, \n'
        '\tposition INTEGER NOT NULL, \n'
        '\tcategory_id VARCHAR(64) NOT NULL, \n'
        '\tstatement TEXT NOT NULL, \n'
        '\trating_value INTEGER, \n'
        '\trating_label TEXT NOT NULL, \n'
        '\tchoice VARCHAR(16) NOT NULL, \n'
        '\tnotes TEXT NOT NULL, \n'
        '\tstatement_changed BOOLEAN NOT NULL, \n'
        '\tPRIMARY KEY (submission_id, competency_id), \n'
        '\tFOREIGN KEY(submission_id) REFERENCES submissions (submission_id)\n'
        ')'
    ),
    (
        'CREATE TABLE handwriting (\n'
        '\tsubmission_id INTEGER NOT NULL, \n'
        '\tsection VARCHAR(16) NOT NULL, \n'
        '\towner VARCHAR(64) NOT NULL, \n'
        '\t"row" INTEGER NOT NULL, \n'
        '\tbox VARCHAR(32) NOT NULL, \n'
        '\tpng BLOB NOT NULL, \n'
        '\tPRIMARY KEY (submission_id, section, owner, "row", box), \n'
        '\tFOREIGN KEY(submission_id) REFERENCES submissions (submission_id)\n'
        ')'
    ),
    (
        'CREATE TABLE plans (\n'
        '\tsubmission_id INTEGER NOT NULL, \n'
        '\tscope VARCHAR(64) NOT NULL, \n'
        '\t"row" INTEGER NOT NULL, \n'
        '\tgoal TEXT NOT NULL, \n'
        '\tsteps TEXT NOT NULL, \n'
        '\tsupport TEXT NOT NULL, \n'
        '\tdate TEXT NOT NULL, \n'
        '\tPRIMARY KEY (submission_id, scope, "row"), \n'
        '\tFOREIGN KEY(submission_id) REFERENCES submissions (submission_id)\n'
        ')'
    ),
    (
        'CREATE TABLE reflections (\n'
        '\tsubmission_id INTEGER NOT NULL, \n'
        '\tcategory_id VARCHAR(64) NOT NULL, \n'
        '\t"key" VARCHAR(32) NOT NULL, \n'
        '\ttext TEXT NOT NULL, \n'
        '\tPRIMARY KEY (submission_id, category_id, "key"), \n'
        '\tFOREIGN KEY(submission_id) REFERENCES submissions (submission_id)\n'
        ')'
    ),
    (
        'CREATE TABLE alembic_version (\n'
        '\tversion_num VARCHAR(32) NOT NULL, \n'
        '\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n'
        ')'
    ),
)
