"""The shared check on JSON bodies: an unknown field is a 400 that names it and the valid ones,
the same whatever order the client sent its keys in."""

from __future__ import annotations

import pytest

from baken.core.api import ApiError, reject_unknown_fields


def test_known_fields_pass() -> None:
    reject_unknown_fields({"code": "x", "passphrase": "y"}, {"code", "passphrase", "message"})


@pytest.mark.parametrize("body", [{"zeta": 1, "beta": 2, "code": 3}, {"beta": 2, "code": 3, "zeta": 1}])
def test_the_first_unknown_field_by_name_is_reported_with_the_valid_ones(body: dict[str, int]) -> None:
    with pytest.raises(ApiError) as caught:
        reject_unknown_fields(body, ("code", "passphrase"))
    assert caught.value.parameter == "beta"
    assert caught.value.valid_values == ["code", "passphrase"]


def test_a_nested_object_names_its_path() -> None:
    with pytest.raises(ApiError) as caught:
        reject_unknown_fields({"phone": "1"}, {"channel"}, prefix="contact.")
    assert caught.value.parameter == "contact.phone"
