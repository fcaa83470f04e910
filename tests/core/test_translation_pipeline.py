"""`manage.py translation_status --apply`: a block fills exactly the entries it names, and a
`context:` line keeps a short word such as "Call" from overwriting the same word used elsewhere."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.core.management.base import CommandError

from baken.core import catalogues
from baken.core.management.commands import translation_status


def _catalogue(path: Path) -> None:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar"}
    po.append(polib.POEntry(msgid="Call", msgstr=""))
    po.append(polib.POEntry(msgid="Call", msgctxt="pictogram", msgstr=""))
    po.append(polib.POEntry(msgid="At most %(max)d characters.", msgstr=""))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def test_blocks_with_and_without_context_fill_only_their_own_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ar.po"
    _catalogue(path)
    monkeypatch.setattr(catalogues, "public_apps", lambda: ["demo"])
    monkeypatch.setattr(
        catalogues, "catalogue_path", lambda app, language: path if language == "ar" else tmp_path / "x"
    )
    blocks = translation_status.parse_blocks(
        "= Call\ncontext: pictogram\nar: اتصل\n\n= At most %(max)d characters.\nar: %(max)d حرفًا على الأكثر\n"
    )
    assert blocks[0] == (("pictogram", "Call"), {"ar": "اتصل"})
    filled = translation_status.apply(blocks)
    assert filled == {"ar": 2}
    entries = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path))}
    assert entries[("pictogram", "Call")] == "اتصل"
    assert entries[(None, "Call")] == "", "the word without context is a different string"
    assert entries[(None, "At most %(max)d characters.")] == "%(max)d حرفًا على الأكثر"


def test_a_block_without_its_msgid_line_is_refused() -> None:
    with pytest.raises(CommandError):
        translation_status.parse_blocks("ar: اتصل\n")
