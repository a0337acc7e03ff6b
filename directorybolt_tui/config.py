"""Settings, read from (highest first) the environment (DBOLT_*), a .env file, a TOML config file, defaults.

The config file is DBOLT_CONFIG_FILE when set, else <user config dir>/dbolt/config.toml when it exists.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def default_config_file() -> Path:
    explicit = os.environ.get("DBOLT_CONFIG_FILE")
    if explicit:
        return Path(explicit).expanduser()
    return Path(platformdirs.user_config_dir("dbolt")) / "config.toml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DBOLT_",
        env_ignore_empty=True,  # DBOLT_BROWSER_PATH= (empty) means "not set", not the current directory
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    database_url: SecretStr | None = Field(
        default=None, description="PostgreSQL DSN; empty means the embedded PostgreSQL"
    )
    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("dbolt")),
        description="Where the embedded PostgreSQL, evidence and exports live",
    )
    evidence_dir: Path | None = Field(
        default=None, description="Screenshots and HTML snapshots; default <data_dir>/evidence"
    )
    export_dir: Path | None = Field(default=None, description="CSV exports; default <data_dir>/exports")
    browser_path: Path | None = Field(default=None, description="Chromium executable to use")
    browser_ws: SecretStr | None = Field(
        default=None, description="Remote browser endpoint (Playwright connect), wins over a local one"
    )
    browser_headless: bool = Field(default=True, description="Run the local browser headless")
    worker_concurrency: int = Field(default=4, ge=1, le=256, description="Submissions at once per worker")
    heartbeat_seconds: float = Field(default=5.0, gt=0, description="Worker heartbeat interval")
    lease_seconds: float = Field(default=120.0, gt=0, description="Lease on a claimed submission")
    dead_after_seconds: float = Field(default=30.0, gt=0, description="Heartbeat age that marks a worker dead")
    max_attempts: int = Field(default=4, ge=1, description="Attempts before a transient failure is final")
    retry_base_seconds: float = Field(default=5.0, gt=0, description="First retry delay; doubles each attempt")
    retry_max_seconds: float = Field(default=600.0, gt=0, description="Longest retry delay")
    poll_seconds: float = Field(default=5.0, gt=0, description="Fallback poll when no NOTIFY arrives")
    shutdown_grace_seconds: float = Field(default=30.0, ge=0, description="Grace period on SIGTERM")
    step_timeout_seconds: float = Field(default=20.0, gt=0, description="Browser per-step timeout")
    log_format: Literal["plain", "json"] = Field(default="plain", description="Worker log format")
    refresh_fallback_seconds: float = Field(
        default=10.0, gt=0, description="Console refresh when no NOTIFY arrives"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings, dotenv_settings]
        config_file = default_config_file()
        if config_file.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        sources.append(file_secret_settings)
        return tuple(sources)

    @property
    def resolved_evidence_dir(self) -> Path:
        return self.evidence_dir or self.data_dir / "evidence"

    @property
    def resolved_export_dir(self) -> Path:
        return self.export_dir or self.data_dir / "exports"

    @property
    def embedded_pgdata(self) -> Path:
        return self.data_dir / "postgres"

    def masked(self) -> dict[str, Any]:
        """The effective settings, secrets masked (passwords inside DSNs included)."""
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                out[name] = mask_dsn(value.get_secret_value())
            elif isinstance(value, Path):
                out[name] = str(value)
            else:
                out[name] = value
        out["config_file"] = str(default_config_file())
        return out


def mask_dsn(dsn: str) -> str:
    """postgresql://user:secret@host/db -> postgresql://user:***@host/db; anything else fully masked."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(dsn)
    except ValueError:
        return "***"
    if not parts.scheme:
        return "***"
    if parts.password:
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        netloc = f"{parts.username}:***@{host}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return dsn


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
