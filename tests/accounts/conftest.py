"""The accounts tests use the same small real directory subset and fast hasher as the
referral tests."""

from tests.referrals.conftest import _directory_subset, _fast_hashing, directory  # noqa: F401
