"""What the connected role may do, read from the database itself (has_function_privilege etc.)."""

from __future__ import annotations

from dataclasses import dataclass, field

import asyncpg

PRIVILEGES_SQL = """
SELECT n.nspname || '.' || p.proname AS name,
       pg_get_function_identity_arguments(p.oid) AS args,
       has_function_privilege(p.oid, 'EXECUTE') AND has_schema_privilege(n.oid, 'USAGE') AS allowed
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname IN ('staff_api', 'admin_api')
 ORDER BY 1, 2
"""


@dataclass
class Capabilities:
    user: str = "?"
    session_user: str = "?"
    read_only: bool = False
    can_read: bool = True
    # function name (schema.name) -> identity argument list, for the functions this role may execute
    functions: dict[str, str] = field(default_factory=dict)
    # every API function that exists, allowed or not (to tell "not allowed" from "not installed")
    existing: dict[str, str] = field(default_factory=dict)

    def can(self, function: str) -> bool:
        return not self.read_only and function in self.functions

    def exists(self, function: str) -> bool:
        return function in self.existing

    def why_not(self, function: str) -> str:
        if self.read_only:
            return "read-only console: no actions"
        if function not in self.existing:
            return f"{function} is not installed in this database"
        return f"role {self.user} may not execute {function}"


async def read_capabilities(conn: asyncpg.Connection, *, read_only: bool = False) -> Capabilities:
    user, session_user, can_read = await conn.fetchrow(
        "SELECT current_user::text, session_user::text, has_table_privilege('public.jobs', 'SELECT')"
    )
    caps = Capabilities(user=user, session_user=session_user, read_only=read_only, can_read=bool(can_read))
    for r in await conn.fetch(PRIVILEGES_SQL):
        caps.existing[r["name"]] = r["args"]
        if r["allowed"]:
            caps.functions[r["name"]] = r["args"]
    return caps
