"""The directory in a real browser, with and without JavaScript, axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_directory_list_and_detail_with_javascript(directory: None, page: Any) -> None:
    page.goto("/organisaties/")
    assert page.title().endswith("Baken")
    assert_accessible(page)
    page.get_by_label("Seksueel geweld").first.check()
    page.wait_for_timeout(300)
    page.get_by_role("link", name="Centrum Seksueel Geweld").click()
    page.wait_for_url("**/organisaties/centrum-seksueel-geweld/")
    assert "0800-0188" in page.content()
    assert_accessible(page)
