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
