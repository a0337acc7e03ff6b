import json

from tests.conftest import SAMPLE_BUSINESS, add_directories
from tests.foundation.helpers import dbolt

SEED_BODY = {
    "packageType": "professional",
    "businessData": {
        "name": "ACME Corp",
        "address": "123 Main St, Springfield, IL 62701",
        "phone": "(217) 555-0123",
        "email": "contact@acme.com",
        "website": "https://acme.com",
        "description": "We do amazing things",
        "categories": ["technology", "consulting"],
    },
}


async def test_the_web_shop_body_creates_a_job_and_prints_its_id(conn, db_env, tmp_path):
    await add_directories(conn, 60)
    order = tmp_path / "order.json"
    order.write_text(json.dumps(SEED_BODY))
    done = dbolt("submit", str(order), env=db_env)
    assert done.returncode == 0, done.stderr
    job_id = done.stdout.strip()
    job = await conn.fetchrow("SELECT package_type, directories_total FROM jobs WHERE id = $1::uuid", job_id)
    assert job["package_type"] == "professional" and job["directories_total"] == 50
    customer = await conn.fetchrow("SELECT business_phone, business_categories FROM customers")
    assert customer["business_phone"] == "+12175550123"
    assert customer["business_categories"] == ["technology", "consulting"]


async def test_package_option_wins_and_structured_address_is_kept(conn, db_env, tmp_path):
    await add_directories(conn, 30)
    order = tmp_path / "order.json"
    order.write_text(json.dumps({"packageType": "enterprise", "businessData": SAMPLE_BUSINESS}))
    done = dbolt("submit", str(order), "--package", "starter", env=db_env)
    assert done.returncode == 0, done.stderr
    assert await conn.fetchval("SELECT package_type FROM jobs") == "starter"
    row = await conn.fetchrow("SELECT street, city, region, postal_code, country FROM customers")
    assert tuple(row) == ("123 Main St", "Austin", "TX", "78701", "US")


async def test_each_bad_field_has_its_own_message_and_nothing_is_written(conn, db_env, tmp_path):
    await add_directories(conn, 10)
    order = tmp_path / "bad.json"
    order.write_text(json.dumps({
        "packageType": "starter",
        "businessData": {"name": "", "address": "1 Road", "phone": "555-12", "email": "nobody@",
                         "website": "not a url", "description": "fine\x1b[2J"},
    }))
    done = dbolt("submit", str(order), env=db_env)
    assert done.returncode != 0
    for field in ("businessData.name", "businessData.phone", "businessData.email", "businessData.website",
                  "businessData.description"):
        assert field in done.stderr, (field, done.stderr)
    assert "nothing written" in done.stderr
    assert await conn.fetchval("SELECT count(*) FROM jobs") == 0
    assert await conn.fetchval("SELECT count(*) FROM customers") == 0


async def test_missing_package_and_unknown_package_are_clear_errors(conn, db_env, tmp_path):
    await add_directories(conn, 10)
    order = tmp_path / "o.json"
    order.write_text(json.dumps({"businessData": SEED_BODY["businessData"]}))
    done = dbolt("submit", str(order), env=db_env)
    assert done.returncode != 0 and "packageType: is required" in done.stderr
    done = dbolt("submit", str(order), "--package", "platinum", env=db_env)
    assert done.returncode != 0 and "unknown package(s) platinum" in done.stderr
    assert await conn.fetchval("SELECT count(*) FROM jobs") == 0


CSV = """package,name,email,phone,street,city,region,postal_code,country,categories
starter,Good One,one@example.com,+1 512 555 0100,1 A St,Austin,TX,78701,US,Plumbing;Repair
starter,Bad Phone,two@example.com,12,2 B St,Austin,TX,78701,US,
growth,Good Two,three@example.com,020 7946 0958,3 C St,London,,SW1A 1AA,GB,Cafe
starter,,four@example.com,+1 512 555 0101,4 D St,Austin,TX,78701,US,
"""


async def test_csv_with_bad_rows_writes_none_unless_asked(conn, db_env, tmp_path):
    await add_directories(conn, 30)
    orders = tmp_path / "orders.csv"
    orders.write_text(CSV)
    done = dbolt("submit", str(orders), "--csv", env=db_env)
    assert done.returncode != 0
    assert "line 3: businessData.phone" in done.stderr and "line 5: businessData.name" in done.stderr
    assert await conn.fetchval("SELECT count(*) FROM jobs") == 0

    done = dbolt("submit", str(orders), "--csv", "--skip-invalid", env=db_env)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) == 2
    assert sorted(r["package_type"] for r in await conn.fetch("SELECT package_type FROM jobs")) == ["growth", "starter"]
    assert await conn.fetchval("SELECT business_phone FROM customers WHERE country = 'GB'") == "+442079460958"
