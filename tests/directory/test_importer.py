"""The dataset loader: idempotent, updates in place, all or nothing with file:line:reason."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from baken.directory.models import Channel, Organisation
from baken.directory.selectors import directory_snapshot
from tests.conftest import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "organisations"
    shutil.copytree(DATA, folder)
    return folder


def load(folder: Path) -> str:
    out = io.StringIO()
    call_command("load_directory", path=str(folder), stdout=out)
    return out.getvalue()


def rows() -> tuple[list[tuple], list[tuple]]:
    orgs = list(Organisation.objects.order_by("slug").values_list("slug", "name", "updated_at", "active"))
    channels = list(Channel.objects.order_by("id").values_list("id", "organisation__slug", "type", "opening_hours"))
    return orgs, channels


def test_first_run_creates_everything(dataset: Path) -> None:
    files = len(list(dataset.glob("*.yaml")))
    assert f"{files} created, 0 updated, 0 unchanged" in load(dataset)
    assert Organisation.objects.count() == files
    assert Channel.objects.count() > files


def test_second_run_changes_and_duplicates_nothing(dataset: Path) -> None:
    load(dataset)
    before = rows()
    files = len(list(dataset.glob("*.yaml")))
    assert f"0 created, 0 updated, {files} unchanged, 0 deactivated" in load(dataset)
    assert rows() == before  # same ids, same updated_at: nothing was rewritten


def test_changed_file_updates_in_place(dataset: Path) -> None:
    load(dataset)
    org_id = Organisation.objects.get(slug="kindertelefoon").pk
    path = dataset / "kindertelefoon.yaml"
    path.write_text(path.read_text().replace("Mo-Su 11:00-21:00", "Mo-Su 11:00-22:00", 1))
    assert "0 created, 1 updated" in load(dataset)
    org = Organisation.objects.get(slug="kindertelefoon")
    assert org.pk == org_id
    assert org.channels.order_by("position")[0].opening_hours == "Mo-Su 11:00-22:00"
    assert Organisation.objects.filter(slug="kindertelefoon").count() == 1


def test_removed_file_is_deactivated_and_leaves_the_snapshot(dataset: Path) -> None:
    load(dataset)
    assert any(o.slug == "wtfff" for o in directory_snapshot())
    (dataset / "wtfff.yaml").unlink()
    assert "1 deactivated" in load(dataset)
    assert not Organisation.objects.get(slug="wtfff").active
    assert not any(o.slug == "wtfff" for o in directory_snapshot())


def test_check_only_writes_nothing(dataset: Path) -> None:
    out = io.StringIO()
    call_command("load_directory", path=str(dataset), check=True, stdout=out)
    assert "are valid" in out.getvalue()
    assert Organisation.objects.count() == 0


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


BREAKAGES = [
    # (file, old text, new text, key whose line is reported, reason pattern)
    (
        "veilig-thuis.yaml",
        "domestic_violence",
        "domestic_violense",
        "violence:",
        r"unknown violence code 'domestic_violense'",
    ),
    (
        "kindertelefoon.yaml",
        "Mo-Su 11:00-21:00",
        "Mo-Su 11:00-25:99",
        "opening_hours:",
        r"opening_hours .* cannot be read",
    ),
    ("kindertelefoon.yaml", "type: phone", "type: pigeon", "type: pigeon", r"unknown channel type 'pigeon'"),
    ("wtfff.yaml", "slug: wtfff", "slug: WTF_ff", "slug:", r"slug 'WTF_ff' must be lowercase"),
    ("wtfff.yaml", "slug: wtfff", "slug: wtf-other", "slug:", r"must equal the file name"),
    (
        "wtfff.yaml",
        "last_verified: 2026-11-25",
        "last_verified: 25-11-2026",
        "last_verified:",
        r"last_verified must be a date",
    ),
    (
        "wtfff.yaml",
        "last_verified: 2026-11-25",
        "last_verified: 2026-02-30",
        "last_verified:",
        r"last_verified must be a date",
    ),
    ("veilig-thuis.yaml", "anonymous: true", "anonymous: maybe", "anonymous: maybe", r"must be true, false or null"),
    ("veilig-thuis.yaml", "languages: [nl, en]", "languages: [dutch]", "languages: [dutch]", r"two-letter ISO 639-1"),
]


@pytest.mark.parametrize(("name", "old", "new", "marker", "reason"), BREAKAGES)
def test_malformed_file_fails_with_file_line_reason_and_writes_nothing(
    dataset: Path, name: str, old: str, new: str, marker: str, reason: str
) -> None:
    path = dataset / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(CommandError) as error:
        load(dataset)
    message = str(error.value)
    assert message.startswith(f"{path}:{_line_of(path, marker)}: "), message
    assert re.search(reason, message), message
    assert Organisation.objects.count() == 0 and Channel.objects.count() == 0


def test_missing_source_is_refused(dataset: Path) -> None:
    path = dataset / "wtfff.yaml"
    text = path.read_text()
    start = text.index("\nsource:") + 1
    end = text.index("needs_verification:")
    path.write_text(text[:start] + text[end:])
    with pytest.raises(CommandError, match=r"wtfff.yaml:\d+: source is required"):
        load(dataset)


def test_source_without_file_or_note_is_refused(dataset: Path) -> None:
    path = dataset / "wtfff.yaml"
    text = path.read_text()
    start = text.index("\nsource:") + 1
    end = text.index("needs_verification:")
    path.write_text(text[:start] + "source:\n  lines: '1-2'\n" + text[end:])
    with pytest.raises(CommandError, match=r"source needs a file"):
        load(dataset)


def test_broken_yaml_reports_its_line(dataset: Path) -> None:
    path = dataset / "wtfff.yaml"
    path.write_text(path.read_text() + "channels: [unclosed\n")
    with pytest.raises(CommandError, match=r"wtfff.yaml:\d+: not valid YAML"):
        load(dataset)


def test_a_malformed_file_leaves_an_existing_directory_untouched(dataset: Path) -> None:
    load(dataset)
    before = rows()
    (dataset / "kindertelefoon.yaml").write_text(
        (dataset / "kindertelefoon.yaml").read_text().replace("Mo-Su 11:00-21:00", "Mo-Su 11:00-22:00")
    )
    (dataset / "wtfff.yaml").write_text(
        (dataset / "wtfff.yaml").read_text().replace("violence:", "violence: [x]\nold:")
    )
    with pytest.raises(CommandError):
        load(dataset)
    assert rows() == before


def test_unknown_key_is_refused(dataset: Path) -> None:
    path = dataset / "wtfff.yaml"
    path.write_text(path.read_text() + "phone_number: '0800-1234'\n")
    with pytest.raises(CommandError, match=r"unknown key 'phone_number'"):
        load(dataset)
