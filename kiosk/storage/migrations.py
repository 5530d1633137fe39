"""The database schema, built step by step by ``sqlite_utils.Migrations``.

Migrations are applied in order when a ``Store`` opens and each is recorded in
``_sqlite_migrations``, so an older database (e.g. from a kiosk that was not
updated for a while) is brought up to date without losing anything. Never edit
a migration that has shipped: add a new one.

Every record has a UUID text primary key ``id`` and ``updated_at`` (UTC ISO
text), so exports from several kiosks can be merged by id, newest wins.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from kiosk.analysis.symmetry import LSI_MEAN_SQL

MIGRATIONS = Migrations("smartstep")

# Session status while it runs; at the end one of FINAL_STATUSES (the export layout).
OPEN = "open"
FINAL_STATUSES = ("completed", "stopped", "interrupted")

_V1_TABLES = [
    """CREATE TABLE patients (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        clinic_id TEXT,
        birth_year INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE programmes (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        name TEXT NOT NULL DEFAULT '',
        mode TEXT NOT NULL,
        position TEXT NOT NULL,
        variant TEXT NOT NULL,
        spacing TEXT NOT NULL,
        surface TEXT NOT NULL,
        weight_kg REAL NOT NULL,
        sets INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        tempo_up_s REAL NOT NULL,
        tempo_hold_s REAL NOT NULL,
        tempo_down_s REAL NOT NULL,
        tempo_rest_s REAL NOT NULL,
        rest_between_sets_s REAL NOT NULL,
        target_mm REAL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        patient_id TEXT REFERENCES patients(id),  -- NULL: a guest
        programme_id TEXT REFERENCES programmes(id),
        programme TEXT NOT NULL,                  -- JSON copy of the programme used
        mode TEXT NOT NULL DEFAULT 'exercise',
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'completed', 'stopped', 'interrupted')),
        end_reason TEXT,
        step_id TEXT NOT NULL,
        software_version TEXT NOT NULL,
        calibration TEXT,                         -- JSON of the calibration used
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE sets (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        number INTEGER NOT NULL,
        target_reps INTEGER,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (session_id, number)
    )""",
    # The fields of the analysis definitions plus the extras of the analysis.
    """CREATE TABLE reps (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        set_number INTEGER NOT NULL,
        number INTEGER NOT NULL,                  -- 1-based within the set
        start_s REAL NOT NULL,
        top_s REAL NOT NULL,
        end_s REAL NOT NULL,
        peak_mm REAL NOT NULL,
        up_s REAL,
        down_s REAL,
        stance TEXT NOT NULL,
        faults TEXT NOT NULL DEFAULT '[]',        -- JSON list of fault codes
        left_share REAL,                          -- share of load on the left foot, 0..1
        lsi REAL,                                 -- limb symmetry index, % (weaker/stronger)
        toe_share REAL,                           -- big-toe share of forefoot load, 0..1
        toe_share_left REAL,                      -- the same per foot (None: foot unloaded)
        toe_share_right REAL,
        tut_s REAL,                               -- time under tension
        extras TEXT,                              -- JSON of any other analysis fields
        updated_at TEXT NOT NULL,
        UNIQUE (session_id, set_number, number)
    )""",
    """CREATE TABLE fault_events (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        rep_id TEXT REFERENCES reps(id),
        t_s REAL NOT NULL,
        code TEXT NOT NULL,
        detail TEXT,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE recordings (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        path TEXT NOT NULL,                       -- relative to the data directory
        size_bytes INTEGER,                       -- NULL while being written
        sha256 TEXT,
        samples INTEGER,
        created_at TEXT NOT NULL,
        pruned_at TEXT,                           -- file deleted by retention
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE heel_rise_tests (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        patient_id TEXT REFERENCES patients(id),
        side TEXT NOT NULL,                       -- both / left / right
        reps INTEGER NOT NULL,
        travel_m REAL,
        work_j REAL,
        peak_mm REAL,
        mean_peak_mm REAL,
        duration_s REAL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target_table TEXT,
        target_id TEXT,
        detail TEXT,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX fault_events_session ON fault_events(session_id)",
    "CREATE INDEX recordings_session ON recordings(session_id)",
    "CREATE INDEX sets_session ON sets(session_id)",
]


@MIGRATIONS(name="0001_tables")
def tables(db: Database) -> None:
    for sql in _V1_TABLES:
        db.execute(sql)


@MIGRATIONS(name="0002_wal", transactional=False)
def wal(db: Database) -> None:
    # Readers (staff screens, export) never block the session's writes.
    db.enable_wal()


# Per-session summary kept next to the session row, so the staff screens read
# one row per session instead of aggregating millions of reps.
SUMMARY_SQL = """
UPDATE sessions SET (rep_count, peak_mean_mm, peak_max_mm, lsi_mean, fault_reps, fault_counts) = (
    SELECT count(*), avg(peak_mm), max(peak_mm), """ + LSI_MEAN_SQL + """,
        coalesce(sum(faults != '[]'), 0),
        (SELECT json_group_object(code, n) FROM (
            SELECT f.value AS code, count(*) AS n FROM reps AS r, json_each(r.faults) AS f
            WHERE r.session_id = sessions.id GROUP BY f.value))
    FROM reps WHERE reps.session_id = sessions.id)
"""


# A patient's last session and session count, kept on the patient row (derived
# data: changing them does not bump the patient's updated_at).
PATIENT_LAST_SQL = """
UPDATE patients SET (last_session_id, last_session_at, session_count) = (
    SELECT (SELECT id FROM sessions s WHERE s.patient_id = patients.id
            ORDER BY started_at DESC LIMIT 1),
           max(started_at), count(*)
    FROM sessions WHERE sessions.patient_id = patients.id)
"""

# Monday (UTC date) of the ISO week a session started in, for weekly trends.
WEEK_START_SQL = "date(started_at, 'weekday 0', '-6 days')"


@MIGRATIONS(name="0003_session_summary")
def session_summary(db: Database) -> None:
    for table, column, kind in (
        ("sessions", "rep_count", "INTEGER NOT NULL DEFAULT 0"),
        ("sessions", "peak_mean_mm", "REAL"),
        ("sessions", "peak_max_mm", "REAL"),
        ("sessions", "lsi_mean", "REAL"),
        ("sessions", "fault_reps", "INTEGER NOT NULL DEFAULT 0"),
        ("sessions", "fault_counts", "TEXT"),
        ("sessions", "week_start", "TEXT"),
        ("patients", "last_session_id", "TEXT"),
        ("patients", "last_session_at", "TEXT"),
        ("patients", "session_count", "INTEGER NOT NULL DEFAULT 0"),
    ):
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    # Back-fill what was written before this migration.
    db.execute(SUMMARY_SQL)
    db.execute(f"UPDATE sessions SET week_start = {WEEK_START_SQL}")
    db.execute(PATIENT_LAST_SQL)


@MIGRATIONS(name="0004_staff_indexes")
def staff_indexes(db: Database) -> None:
    # One patient's history, newest first.
    db.execute("CREATE INDEX sessions_patient_started ON sessions(patient_id, started_at)")
    # Weekly trends of the whole kiosk: covering, in week order (no sort, no table reads).
    db.execute(
        "CREATE INDEX sessions_week ON sessions(week_start, rep_count, peak_mean_mm, lsi_mean)"
    )
    # Patient list, most recently seen first.
    db.execute("CREATE INDEX patients_last_seen ON patients(archived, last_session_at)")
    # Start-up recovery finds the few open sessions without a scan.
    db.execute("CREATE INDEX sessions_open ON sessions(status) WHERE status = 'open'")
    db.execute("CREATE INDEX recordings_created ON recordings(created_at)")
    db.execute("CREATE INDEX heel_rise_tests_patient ON heel_rise_tests(patient_id)")
    db.execute("CREATE INDEX programmes_patient ON programmes(patient_id)")
    db.execute("CREATE INDEX audit_log_at ON audit_log(at)")


# Whole-kiosk weekly totals, kept by triggers in the same transaction as every
# session insert/update/delete (live reps, demo data and merges alike), so the
# kiosk-wide trend reads ~260 rows instead of every session. Derived data: no
# id, never exported as records, rebuilt from sessions by this migration.
_WEEKLY_ADD = """
    INSERT INTO weekly_totals (week_start, sessions, reps, peak_sum, lsi_sum, lsi_n)
    VALUES (NEW.week_start, 1, NEW.rep_count, coalesce(NEW.peak_mean_mm * NEW.rep_count, 0),
            coalesce(NEW.lsi_mean, 0), NEW.lsi_mean IS NOT NULL)
    ON CONFLICT (week_start) DO UPDATE SET
        sessions = sessions + 1, reps = reps + excluded.reps,
        peak_sum = peak_sum + excluded.peak_sum, lsi_sum = lsi_sum + excluded.lsi_sum,
        lsi_n = lsi_n + excluded.lsi_n;
"""
_WEEKLY_REMOVE = """
    UPDATE weekly_totals SET
        sessions = sessions - 1, reps = reps - OLD.rep_count,
        peak_sum = peak_sum - coalesce(OLD.peak_mean_mm * OLD.rep_count, 0),
        lsi_sum = lsi_sum - coalesce(OLD.lsi_mean, 0), lsi_n = lsi_n - (OLD.lsi_mean IS NOT NULL)
    WHERE week_start = OLD.week_start;
"""


@MIGRATIONS(name="0005_weekly_totals")
def weekly_totals(db: Database) -> None:
    db.execute(
        """CREATE TABLE weekly_totals (
            week_start TEXT PRIMARY KEY,  -- Monday (UTC date) of the ISO week
            sessions INTEGER NOT NULL,
            reps INTEGER NOT NULL,
            peak_sum REAL NOT NULL,       -- sum of peak_mm over the reps
            lsi_sum REAL NOT NULL,        -- sum of the sessions' mean LSI
            lsi_n INTEGER NOT NULL        -- sessions with an LSI
        )"""
    )
    db.execute(f"CREATE TRIGGER weekly_on_insert AFTER INSERT ON sessions BEGIN {_WEEKLY_ADD} END")
    db.execute(
        "CREATE TRIGGER weekly_on_update AFTER UPDATE OF week_start, rep_count, peak_mean_mm,"
        f" lsi_mean ON sessions BEGIN {_WEEKLY_REMOVE} {_WEEKLY_ADD} END"
    )
    db.execute(
        f"CREATE TRIGGER weekly_on_delete AFTER DELETE ON sessions BEGIN {_WEEKLY_REMOVE} END"
    )
    db.execute(
        """INSERT INTO weekly_totals
           SELECT week_start, count(*), sum(rep_count),
                  coalesce(sum(peak_mean_mm * rep_count), 0), coalesce(sum(lsi_mean), 0),
                  count(lsi_mean)
           FROM sessions GROUP BY week_start"""
    )


@MIGRATIONS(name="0006_lsi_two_foot_reps")
def lsi_two_foot_reps(db: Database) -> None:
    # One definition of a session's limb symmetry: the mean LSI of its two-foot
    # reps (single-leg and eccentric reps left out). Sessions stored before it
    # averaged every rep; the weekly totals follow through their update trigger.
    db.execute(
        f"UPDATE sessions SET lsi_mean = (SELECT {LSI_MEAN_SQL} FROM reps"
        " WHERE reps.session_id = sessions.id)"
        f" WHERE lsi_mean IS NOT (SELECT {LSI_MEAN_SQL} FROM reps"
        " WHERE reps.session_id = sessions.id)"
    )


@MIGRATIONS(name="0007_heel_rise_body_mass")
def heel_rise_body_mass(db: Database) -> None:
    # The body mass the heel-rise test's work was computed with (None: unknown,
    # and then no work is stored).
    db.execute("ALTER TABLE heel_rise_tests ADD COLUMN body_mass_kg REAL")


# Staff mode: accounts with PIN hashes and lock state, the patient
# fields of the staff form, prescription extras, progression suggestions and the
# admin settings. Clinic IDs are unique by the staff service's check, not by an
# index: databases merged from several kiosks (and demo data) may already hold
# duplicates, and a failing migration would stop the kiosk from starting.
@MIGRATIONS(name="staff_mode_01_accounts_prescriptions_settings")
def staff_mode_schema(db: Database) -> None:
    db.execute(
        """CREATE TABLE staff_accounts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
            pin_hash TEXT NOT NULL,           -- salted scrypt with its parameters; '' once removed
            failures INTEGER NOT NULL DEFAULT 0,  -- wrong PINs in a row
            locked_until TEXT,                -- UTC ISO; survives a restart
            created_at TEXT NOT NULL,
            removed_at TEXT,                  -- kept (not deleted) so the audit log's names stay
            updated_at TEXT NOT NULL
        )"""
    )
    # A name is unique among the accounts in use (a removed name may come back).
    db.execute(
        "CREATE UNIQUE INDEX staff_accounts_name ON staff_accounts(name COLLATE NOCASE)"
        " WHERE removed_at IS NULL"
    )
    for table, column, kind in (
        ("patients", "sex", "TEXT NOT NULL DEFAULT ''"),
        ("patients", "body_mass_kg", "REAL"),
        ("patients", "injured_side", "TEXT NOT NULL DEFAULT 'none'"),
        ("patients", "diagnosis", "TEXT NOT NULL DEFAULT ''"),
        ("programmes", "note", "TEXT NOT NULL DEFAULT ''"),
        ("programmes", "created_by", "TEXT NOT NULL DEFAULT ''"),
        ("programmes", "target_share", "REAL"),
        ("programmes", "pacing", "TEXT NOT NULL DEFAULT 'adaptive'"),
        ("programmes", "progression", "TEXT"),  # JSON rule; NULL: no automatic suggestion
    ):
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute("CREATE INDEX patients_clinic_id ON patients(clinic_id COLLATE NOCASE)")
    db.execute("CREATE INDEX programmes_patient_created ON programmes(patient_id, created_at)")
    db.execute(
        """CREATE TABLE progression_suggestions (
            id TEXT PRIMARY KEY,
            patient_id TEXT NOT NULL REFERENCES patients(id),
            programme_id TEXT NOT NULL REFERENCES programmes(id),  -- the version it moves on
            rule TEXT NOT NULL,
            ladder TEXT NOT NULL,
            proposed TEXT NOT NULL,           -- JSON of the proposed programme
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'accepted', 'dismissed')),
            created_at TEXT NOT NULL,
            decided_at TEXT,
            decided_by TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (programme_id)             -- at most one suggestion per version
        )"""
    )
    db.execute("CREATE INDEX progression_suggestions_patient"
               " ON progression_suggestions(patient_id, status)")
    # Admin settings over the config file: dotted config key -> JSON value. This
    # kiosk's own (never merged), validated with the config file's validator.
    db.execute(
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    # The audit screen filters by person, newest first.
    db.execute("CREATE INDEX audit_log_actor_at ON audit_log(actor, at)")
# Staff review: the session list pages newest first by keyset
# (started_at, id), over the whole kiosk or one status, without a sort.
@MIGRATIONS(name="staff_review_01_session_list_indexes")
def staff_review_indexes(db: Database) -> None:
    db.execute("CREATE INDEX sessions_started ON sessions(started_at, id)")
    db.execute("CREATE INDEX sessions_status_started ON sessions(status, started_at, id)")


def apply_migrations(db: Database) -> list[str]:
    """Apply every pending migration; returns the names applied."""
    pending = [m.name for m in MIGRATIONS.pending(db)]
    MIGRATIONS.apply(db)
    return pending


def known_migration_names() -> list[str]:
    """Every migration this version knows, in order (read-only: merge checks a snapshot's
    schema against it)."""
    return [m.name for m in MIGRATIONS.pending(Database(memory=True))]


# Strip calibrations saved by staff on the technician screen: the newest
# is used by every new session and copied into the session's ``calibration`` JSON,
# with its date, so a session record shows which calibration it was analysed with.
@MIGRATIONS(name="0010_strip_calibrations")
def strip_calibrations(db: Database) -> None:
    db.execute(
        """CREATE TABLE strip_calibrations (
            id TEXT PRIMARY KEY,
            calibrated_at TEXT NOT NULL,      -- UTC ISO
            calibrated_by TEXT NOT NULL,      -- staff name
            baselines TEXT NOT NULL,          -- JSON list of six empty-step counts
            gains TEXT NOT NULL,              -- JSON list of six gains
            weight_kg REAL NOT NULL,          -- the known weight put on each foot
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX strip_calibrations_at ON strip_calibrations(calibrated_at)")



# How a patient identifies at the kiosk without a list of names: a card or key fob
# (its reader types a token; only the token's hash is kept) and/or a short code with
# their clinic ID (a salted scrypt hash), with the wrong-code count and lock. A table
# of its own: these are credentials, and exports leave the whole table out.
@MIGRATIONS(name="0011_patient_sign_in")
def patient_sign_in(db: Database) -> None:
    db.execute(
        """CREATE TABLE patient_sign_in (
            patient_id TEXT PRIMARY KEY REFERENCES patients(id),
            card_hash TEXT,                   -- SHA-256 of the card's token; NULL: no card
            code_hash TEXT,                   -- salted scrypt; NULL: no code
            failures INTEGER NOT NULL DEFAULT 0,  -- wrong codes in a row
            locked_until TEXT,                -- UTC ISO; survives a restart
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX patient_sign_in_card ON patient_sign_in(card_hash)"
               " WHERE card_hash IS NOT NULL")


# The patient's clinician (who treats them; printed on the report beside the diagnosis).
# Free text, as the diagnosis: clinics name their staff in their own way.
@MIGRATIONS(name="0012_patient_clinician")
def patient_clinician(db: Database) -> None:
    db.execute("ALTER TABLE patients ADD COLUMN clinician TEXT NOT NULL DEFAULT ''")


# The heel-rise test as its protocol runs it: why it ended, how it was run and measured
# (a JSON protocol record: pace, cueing, support seen, sensor health), the measurement's
# verdict (good / fair / poor) and staff's choice to show a poor test in the trends
# anyway (NULL: by the verdict). Tests stored before have none of these.
@MIGRATIONS(name="0013_heel_rise_protocol")
def heel_rise_protocol(db: Database) -> None:
    for column, kind in (("ended_by", "TEXT"), ("protocol", "TEXT"), ("quality", "TEXT"),
                         ("staff_included", "INTEGER")):
        db.execute(f"ALTER TABLE heel_rise_tests ADD COLUMN {column} {kind}")


# Every session's measurement quality, judged at its end from the same sensor figures as
# the heel-rise test's (ToF dropouts and noise, the strips' calibration, a simulated
# device): the verdict (good / fair / poor), its record (JSON: reasons and figures) and
# staff's choice to show a poor session in the trends anyway (NULL: by the verdict).
# Sessions stored before have no verdict and count as before.
@MIGRATIONS(name="0014_session_quality")
def session_quality(db: Database) -> None:
    for column, kind in (("quality", "TEXT"), ("quality_record", "TEXT"),
                         ("staff_included", "INTEGER")):
        db.execute(f"ALTER TABLE sessions ADD COLUMN {column} {kind}")
