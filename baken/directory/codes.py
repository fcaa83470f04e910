"""The closed vocabularies (`vocabulary.py`) as `typing.Literal` types, for the Pydantic models
that check them: the API schemas (`directory/api.py`, `triage/api.py`, whose OpenAPI document
lists the valid values) and the loaders of the data files (`directory/dataset_schema.py`,
`triage/rules_schema.py`). One definition, so a code added to the vocabulary is valid
everywhere at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from baken.directory.languages import LANGUAGE_CODES
from baken.directory.vocabulary import (
    ChannelType,
    Context,
    Disability,
    Faith,
    Gender,
    HelpType,
    Need,
    PoliceInvolvement,
    Role,
    Scope,
    StaffedBy,
    TargetGroup,
    Violence,
)

if TYPE_CHECKING:  # built from the vocabulary at import time: plain strings to mypy
    RoleCode = str
    ViolenceCode = str
    ContextCode = str
    FaithCode = str
    GenderCode = str
    DisabilityCode = str
    NeedCode = str
    HelpTypeCode = str
    ChannelTypeCode = str
    StaffedByCode = str
    TargetGroupCode = str
    ScopeCode = str
    PoliceCode = str
    LanguageCode = str
else:
    RoleCode = Literal[tuple(Role.values)]
    ViolenceCode = Literal[tuple(Violence.values)]
    ContextCode = Literal[tuple(Context.values)]
    FaithCode = Literal[tuple(Faith.values)]
    GenderCode = Literal[tuple(Gender.values)]
    DisabilityCode = Literal[tuple(Disability.values)]
    NeedCode = Literal[tuple(Need.values)]
    HelpTypeCode = Literal[tuple(HelpType.values)]
    ChannelTypeCode = Literal[tuple(ChannelType.values)]
    StaffedByCode = Literal[tuple(StaffedBy.values)]
    TargetGroupCode = Literal[tuple(TargetGroup.values)]
    ScopeCode = Literal[tuple(Scope.values)]
    PoliceCode = Literal[tuple(PoliceInvolvement.values)]
    LanguageCode = Literal[tuple(sorted(LANGUAGE_CODES))]
