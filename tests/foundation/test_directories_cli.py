import csv
import json

from tests.foundation.helpers import dbolt


async def test_the_shipped_catalog_has_300_real_directories_all_disabled(conn, db_env):
    done = dbolt("directories", "import", "--builtin", env=db_env)
    assert done.returncode == 0, done.stderr
    total = await conn.fetchval("SELECT count(*) FROM directories")
    assert total >= 300
    assert await conn.fetchval("SELECT count(*) FROM directories WHERE enabled") == 0
    assert await conn.fetchval("SELECT count(DISTINCT homepage_key) FROM directories") == total
    # Importing again updates instead of duplicating.
    again = dbolt("directories", "import", "--builtin", env=db_env)
    assert again.returncode == 0 and f"0 added, {total} updated" in again.stdout


async def test_import_validates_and_writes_nothing_on_a_bad_entry(conn, db_env, tmp_path):
    catalog = tmp_path / "dirs.json"
    catalog.write_text(json.dumps([
        {"name": "Good", "homepage": "https://good.example", "enabled": True},
        {"name": "Bad", "homepage": "ftp://bad.example", "max_concurrent": 0},
    ]))
    done = dbolt("directories", "import", str(catalog), env=db_env)
    assert done.returncode != 0
    assert "entry 2: homepage" in done.stderr and "entry 2: max_concurrent" in done.stderr
    assert await conn.fetchval("SELECT count(*) FROM directories") == 0


async def test_import_export_list_enable_disable_round_trip(conn, db_env, tmp_path):
    source = tmp_path / "dirs.csv"
    source.write_text(
        "name,homepage,submission_url,category,region,enabled,priority,max_concurrent,min_interval_seconds\n"
        "Alpha,https://alpha.example,https://alpha.example/add,local,US,true,90,2,5\n"
        "Beta,https://www.beta.example/,,b2b,GB,false,10,1,0\n"
    )
    assert dbolt("directories", "import", str(source), env=db_env).returncode == 0
    # Same homepage spelled differently is the same directory.
    (tmp_path / "again.json").write_text(json.dumps([{"name": "Beta Ltd", "homepage": "http://beta.example"}]))
    done = dbolt("directories", "import", str(tmp_path / "again.json"), env=db_env)
    assert "0 added, 1 updated" in done.stdout
    assert await conn.fetchval("SELECT name FROM directories WHERE region = 'GB'") == "Beta Ltd"

    listed = dbolt("directories", "list", "--enabled", env=db_env)
    assert "Alpha" in listed.stdout and "Beta" not in listed.stdout
    assert dbolt("directories", "enable", "http://beta.example", env=db_env).returncode == 0
    assert await conn.fetchval("SELECT count(*) FROM directories WHERE enabled") == 2
    alpha = await conn.fetchval("SELECT id FROM directories WHERE name = 'Alpha'")
    assert dbolt("directories", "disable", str(alpha), env=db_env).returncode == 0
    missing = dbolt("directories", "disable", "99999", env=db_env)
    assert missing.returncode != 0 and "no such directory: 99999" in missing.stderr

    out = tmp_path / "export.csv"
    assert dbolt("directories", "export", "--out", str(out), env=db_env).returncode == 0
    rows = {r["name"]: r for r in csv.DictReader(out.open())}
    assert rows["Alpha"]["enabled"] == "False" and rows["Alpha"]["max_concurrent"] == "2"
    assert rows["Beta Ltd"]["enabled"] == "True"
    # The export re-imports without change.
    reimport = dbolt("directories", "import", str(out), env=db_env)
    assert "0 added, 2 updated" in reimport.stdout


def test_config_show_masks_secrets(db_env):
    env = {**db_env, "DBOLT_DATABASE_URL": "postgresql://staff:hunter2@db.example:5432/dbolt",
           "DBOLT_BROWSER_WS": "wss://token:s3cret@grid.example/ws"}
    done = dbolt("config", "show", env=env)
    assert done.returncode == 0
    assert "hunter2" not in done.stdout and "s3cret" not in done.stdout
    assert "postgresql://staff:***@db.example:5432/dbolt" in done.stdout


def test_settings_come_from_env_over_dotenv_over_config_file(db_env, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('worker_concurrency = 7\nmax_attempts = 9\nlease_seconds = 33\n')
    (tmp_path / ".env").write_text("DBOLT_MAX_ATTEMPTS=5\n")
    env = {**db_env, "DBOLT_CONFIG_FILE": str(config), "DBOLT_LEASE_SECONDS": "44"}
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "directorybolt_tui.cli.main", "config", "show", "--json"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    values = json.loads(done.stdout)
    assert (values["worker_concurrency"], values["max_attempts"], values["lease_seconds"]) == (7, 5, 44.0)
    # An exported but empty variable is "not set", not an empty path or number.
    env.update(DBOLT_BROWSER_PATH="", DBOLT_LEASE_SECONDS="")
    done = subprocess.run([sys.executable, "-m", "directorybolt_tui.cli.main", "config", "show", "--json"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["browser_path"] is None and values["lease_seconds"] == 33.0
