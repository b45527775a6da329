"""Evidence files on disk follow their rows: a file is never left without its row.

A file is written to storage before its row is committed. If the transaction then fails (a
conflict, a validation error, a database error), the files written inside it are deleted; if
the process dies in between, `manage.py evidence_orphans --delete` removes what is left.
"""

import contextlib

from django.db import transaction

from ..models import Evidence


class _WrittenFiles:
    def __init__(self):
        self.names: list[str] = []


_current: list[_WrittenFiles] = []


def evidence_file_written(name: str) -> None:
    """Records a file just written, to be removed if the enclosing transaction fails."""
    if _current:
        _current[-1].names.append(name)


@contextlib.contextmanager
def evidence_files_atomic():
    """A transaction whose evidence files are deleted when it rolls back."""
    written = _WrittenFiles()
    _current.append(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        storage = Evidence.file.field.storage
        for name in written.names:
            storage.delete(name)
        raise
    finally:
        _current.remove(written)
