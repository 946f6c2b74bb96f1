"""Refusing an upload over the size limit as it arrives, not after it was received in full.

Django reads a whole multipart body before a form sees the file, so a 100 MB upload was
received, written to a temporary file and only then refused. This handler, first in
``FILE_UPLOAD_HANDLERS``, stops the upload when the file starts if the request says it is too
big (``Content-Length``), and otherwise as soon as the bytes received pass the limit: the
rest is never read. The fields before the file (the CSRF token) are read as usual, so the
page answers with the plain refusal (``request.upload_refused``) rather than a 403.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from imports.tables_io import max_upload_bytes

FORM_BYTES = 64 * 1024  # the other fields and the multipart boundaries around the file


def refusal() -> str:
    return (
        f"The file is larger than the {settings.IMPORT_MAX_UPLOAD_MB} MB accepted, so it was "
        "not received. Remove unused rows or sheets and retry."
    )


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops an upload past ``IMPORT_MAX_UPLOAD_MB``; later handlers store what it lets by."""

    declared = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        """Note the size the request declares (it may be absent or understated: the bytes
        themselves are counted too)."""
        self.declared = content_length or 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if self.declared > max_upload_bytes() + FORM_BYTES:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > max_upload_bytes():
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file

    def _refuse(self) -> None:
        self.request.upload_refused = refusal()
        raise StopUpload(connection_reset=True)  # the rest of the body is not read
