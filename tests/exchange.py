"""Helpers for tests of exchange bundles: second stores, whole-file dumps, records by UUID."""

import json
import shutil
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any

from facilitator.domain.bundle_records import KINDS
from facilitator.services.exchange_records import Uuids, read_records
from facilitator.services.store import open_store
from facilitator.storage.database import Database, read_only_uri
from facilitator.storage.location import DATABASE_NAME
from tests.conftest import TODAY


def copy_store(template_data_dir: Path, folder: Path) -> Database:
    """Open a copy of the template (the sample programme, with the same UUIDs as `store`)."""
    folder.mkdir(mode=0o700, parents=True)
    shutil.copy2(template_data_dir / DATABASE_NAME, folder / DATABASE_NAME)
    return open_store(folder, today=TODAY)


def dump(db: Database) -> list[str]:
    """Return the whole database as SQL statements, to show an import changed nothing."""
    with closing(sqlite3.connect(read_only_uri(db.path), uri=True)) as connection:
        return list(connection.iterdump())


def every_record(db: Database) -> dict[str, dict[str, Any]]:
    """Return every record in the file, by kind and UUID, as a bundle would carry it."""
    with db.reading() as session:
        uuids = Uuids(session)
        return {
            kind: read_records(session, kind, uuids, column="uuid", values=uuids.known(kind))
            for kind in KINDS
        }


def bundle_document(path: Path) -> dict[str, Any]:
    """Return the JSON inside a bundle file."""
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("bundle.json"))


def write_document(path: Path, document: Any, *, member: str = "bundle.json") -> Path:
    """Write `document` (JSON-able, or bytes or text as they are) as a bundle at `path`."""
    if isinstance(document, bytes):
        data = document
    elif isinstance(document, str):
        data = document.encode("utf-8")
    else:
        data = json.dumps(document).encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, data)
    return path
