import asyncpg
import pytest

from tests.conftest import SAMPLE_BUSINESS, add_directories
from tests.foundation.helpers import submit


@pytest.fixture
async def seeded(conn):
    await add_directories(conn, 3)
    return await submit(conn, "starter", SAMPLE_BUSINESS)


async def test_staff_reads_and_acts_but_cannot_touch_directories(conn, seeded):
    await conn.execute("SET ROLE dbolt_staff")
    assert await conn.fetchval("SELECT count(*) FROM jobs") == 1
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("UPDATE directories SET enabled = false")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.fetchval("""SELECT admin_api.upsert_directory('{"name":"x","homepage":"https://x.example"}')""")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("UPDATE jobs SET priority = 5")
    assert await conn.fetchval("SELECT staff_api.cancel_job($1, 'test')", seeded) == 3
    actor = await conn.fetchval("SELECT actor FROM queue_history WHERE event_type = 'job_cancel_requested'")
    assert actor == "dbolt_staff"
    await conn.execute("RESET ROLE")


async def test_admin_edits_directories(conn, seeded):
    await conn.execute("SET ROLE dbolt_admin")
    new_id = await conn.fetchval("""SELECT admin_api.upsert_directory('{"name":"New","homepage":"https://new.example"}')""")
    await conn.execute("UPDATE directories SET notes = 'edited' WHERE id = $1", new_id)
    assert await conn.fetchval("SELECT notes FROM directories WHERE id = $1", new_id) == "edited"
    await conn.execute("RESET ROLE")


async def test_worker_role_cannot_read_alter_or_drop_tables(conn, seeded):
    await conn.execute("SET ROLE dbolt_worker")
    for statement in ("SELECT * FROM customers", "ALTER TABLE jobs ADD COLUMN evil int", "DROP TABLE job_results",
                      "DELETE FROM job_results", "CREATE TABLE public.mine (x int)", "TRUNCATE queue_history"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(statement)
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.fetchval("SELECT staff_api.cancel_job($1)", seeded)
    await conn.execute("RESET ROLE")


async def test_db_roles_creates_a_login_user_that_can_only_do_its_role(conn, db_env, db_dsn):
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    from tests.foundation.helpers import dbolt

    user = f"staff_{uuid.uuid4().hex[:8]}"
    done = dbolt("db", "roles", "--user", user, "--role", "staff", "--password-stdin", env=db_env,
                 input_text="correct horse battery\n")
    assert done.returncode == 0, done.stderr
    try:
        parts = urlsplit(db_dsn)
        if parts.hostname is None:  # unix socket DSN: the user goes in the netloc
            as_user = db_dsn.replace("postgres:@", f"{user}:correct horse battery@", 1)
        else:
            as_user = urlunsplit((parts.scheme, f"{user}:correct%20horse%20battery@{parts.hostname}:{parts.port or 5432}",
                                  parts.path, parts.query, ""))
        staff = await asyncpg.connect(as_user)
        try:
            assert await staff.fetchval("SELECT count(*) FROM jobs") == 0
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await staff.execute("UPDATE directories SET enabled = true")
        finally:
            await staff.close()
    finally:
        await conn.execute(f'DROP OWNED BY "{user}"')
        await conn.execute(f'DROP ROLE "{user}"')


def test_db_roles_refuses_a_short_password(db_env):
    from tests.foundation.helpers import dbolt

    done = dbolt("db", "roles", "--user", "shorty", "--password-stdin", env=db_env, input_text="abc\n")
    assert done.returncode != 0 and "at least 12" in done.stderr
