"""Order intake through staff_api.submit_order (one transaction per order, idempotent on the order key)."""

from __future__ import annotations

import json
import uuid

import asyncpg

from ..order_model import Order


async def submit_order(conn: asyncpg.Connection, order: Order) -> uuid.UUID:
    return await conn.fetchval(
        "SELECT staff_api.submit_order($1, $2::jsonb, $3, $4)",
        order.package,
        json.dumps(order.business.to_api()),
        order.order_key,
        order.priority,
    )


async def known_packages(conn: asyncpg.Connection) -> dict[str, int]:
    rows = await conn.fetch("SELECT name, directory_count FROM packages ORDER BY sort_order, name")
    return {row["name"]: row["directory_count"] for row in rows}
