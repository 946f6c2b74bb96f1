"""Every import command (``imports.command``) reads its file within the same bounds."""

import re

import pytest
from django.core.management import CommandError, call_command

COMMANDS = [
    ("import_dataset",),
    ("import_catalogue",),
    ("import_audits",),
    ("import_caseloads", "--month", "2024-01"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[command[0] for command in COMMANDS])
@pytest.mark.parametrize("suffix", [".csv", ".txt"])
def test_every_kind_refuses_a_file_wider_than_the_bound(db, tmp_path, command, suffix, capsys):
    delimiter = "," if suffix == ".csv" else "\t"
    path = tmp_path / f"wide{suffix}"
    path.write_text(delimiter.join(f"c{n}" for n in range(800)) + "\n")
    with pytest.raises(CommandError, match="The file was not imported"):
        call_command(*command[:1], str(path), *command[1:])
    assert "ERROR Row 1 has 800 columns: the most accepted is 702 (column ZZ)." in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize("command", COMMANDS, ids=[command[0] for command in COMMANDS])
def test_every_kind_names_the_bound_it_refuses(db, tmp_path, command, capsys, settings):
    settings.IMPORT_MAX_ROWS = 10
    path = tmp_path / "long.csv"
    path.write_text("a,b\n" * 11)
    with pytest.raises(CommandError):
        call_command(*command[:1], str(path), *command[1:])
    assert re.search(
        r"ERROR .*The file has more than 10 rows, the most accepted", capsys.readouterr().out
    )
