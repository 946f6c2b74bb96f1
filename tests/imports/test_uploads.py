"""Upload safety: macros, encrypted workbooks, zip bombs, huge sheets and files over the size
limit are refused early; a file over the limit before it is stored."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from core import roles
from core.models import ImportBatch
from imports.tables_io import UnreadableFile, max_upload_bytes, read_rows


def workbook_bytes(rows=(("Ref", "Sep 16"), ("M1", 5))) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change) -> bytes:
    """``data``'s members passed through ``change(name, content) -> (name, content) | None``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            changed = change(name, source.read(name))
            if changed:
                target.writestr(*changed)
    return out.getvalue()


def test_a_plain_workbook_reads():
    assert [row.cells for row in read_rows(workbook_bytes())] == [("Ref", "Sep 16"), ("M1", "5")]


def test_macro_enabled_workbooks_are_refused():
    with_macros = io.BytesIO(workbook_bytes())
    with zipfile.ZipFile(with_macros, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    with pytest.raises(UnreadableFile, match="contains macros"):
        read_rows(with_macros.getvalue())


def test_encrypted_workbooks_are_refused():
    with pytest.raises(UnreadableFile, match="password-protected"):
        read_rows(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


def test_the_dimension_a_sheet_declares_is_not_trusted():
    """What a sheet claims to span neither refuses it nor sizes the read: its cells do."""

    def huge(name, content):
        if name == "xl/worksheets/sheet1.xml":
            content = content.replace(
                b'<dimension ref="A1:B2" />', b'<dimension ref="A1:XFD1048576" />'
            )
        return name, content

    assert [row.cells for row in read_rows(rezip(workbook_bytes(), huge))] == [
        ("Ref", "Sep 16"),
        ("M1", "5"),
    ]


def test_a_zip_bomb_is_refused_by_its_unpacked_size():
    def bomb(name, content):
        if name == "xl/sharedStrings.xml" or name == "docProps/app.xml":
            return name, content + b" " * (310 * 1024 * 1024)
        return name, content

    data = rezip(workbook_bytes(), bomb)
    assert len(data) < max_upload_bytes()
    with pytest.raises(UnreadableFile, match="unpacks to"):
        read_rows(data)


def test_oversized_uploads_are_refused():
    with pytest.raises(UnreadableFile, match="the largest accepted is 20 MB"):
        read_rows(b"a" * (max_upload_bytes() + 1))


LIMIT_MESSAGE = "The file is 1.0 MB; the largest accepted is 1 MB."
REFUSED_AS_IT_ARRIVES = "The file is larger than the 1 MB accepted, so it was not received."


@pytest.fixture
def one_megabyte_limit(settings) -> bytes:
    """The upload limit lowered to 1 MB; returns a CSV just over it."""
    settings.IMPORT_MAX_UPLOAD_MB = 1
    return b"Ref,Sep 16\n" + b"M1,5\n" * (1024 * 1024 // 5)


def test_an_upload_over_the_limit_is_refused_before_it_is_stored(
    client_as, one_megabyte_limit, settings
):
    client = client_as(roles.PERFORMANCE_TEAM)
    upload = SimpleUploadedFile("big.csv", one_megabyte_limit)
    page = client.post("/indicators/import/", {"file": upload})
    assert page.status_code == 200
    assert REFUSED_AS_IT_ARRIVES in page.content.decode()
    assert not ImportBatch.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_the_import_command_refuses_a_file_over_the_limit_before_it_is_stored(
    db, one_megabyte_limit, settings, tmp_path
):
    path = tmp_path / "big.csv"
    path.write_bytes(one_megabyte_limit)
    with pytest.raises(CommandError, match=re.escape(LIMIT_MESSAGE)):
        call_command("import_dataset", str(path))
    assert not ImportBatch.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


class CountingInput(io.BytesIO):
    """A request body that counts what the server read of it."""

    read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.read_bytes += len(data)
        return data


def multipart(file_bytes: bytes) -> tuple[bytes, str]:
    boundary = "BoUnDaRy"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'token\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + file_bytes
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("declared", [True, False], ids=["Content-Length", "understated"])
def test_an_upload_over_the_limit_is_refused_as_it_arrives(settings, declared):
    """Issue 25: a refused 100 MB upload was received in full first (here 10 MB over 1 MB)."""
    settings.IMPORT_MAX_UPLOAD_MB = 1
    body, content_type = multipart(b"M1,5\n" * (2 * 1024 * 1024))
    stream = CountingInput(body)
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/indicators/import/",
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(body) if declared else 2 * 1024 * 1024),
            "wsgi.input": stream,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
        }
    )
    assert request.POST["csrfmiddlewaretoken"] == "token"  # read: the page can answer
    assert "file" not in request.FILES
    assert request.upload_refused.startswith("The file is larger than the 1 MB accepted")
    assert stream.read_bytes < 1.2 * 1024 * 1024
