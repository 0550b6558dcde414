"""The access policy file: TOML and YAML, validated with errors that say what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from askdesk.access import AccessPolicyError, load_policy
from askdesk.runtime import load_settings

HR_TOML = """
shared_channels = "silent"

[[scopes]]
name = "hr"
description = "HR cases"
match = [{ category = ["HR ", "payroll"] }, { assignment_group = ["People Ops"], priority = ["1 - Critical"] }]
grant = { usergroups = ["S0HR"], users = ["U0ALICE"], channels = ["C0HRDESK"] }

[[scopes]]
name = "security"
match = [{ category = ["Security"] }]
"""


def write(tmp_path: Path, text: str, name: str = "access.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_toml_policy_loads_with_values_normalised(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, HR_TOML))
    assert policy.shared_channels == "silent"
    hr, security = policy.scopes
    assert hr.match == ({"category": ("hr", "payroll")}, {"assignment_group": ("people ops",), "priority": ("1 - critical",)})
    assert hr.grant.usergroups == ("S0HR",) and security.grant.users == () and not hr.train
    assert policy.fields() == {"category", "assignment_group", "priority"}


def test_a_yaml_policy_is_the_same_policy(tmp_path: Path) -> None:
    yaml_text = """
shared_channels: silent
scopes:
  - name: hr
    description: HR cases
    match:
      - {category: ["HR ", payroll]}
      - {assignment_group: [People Ops], priority: ["1 - Critical"]}
    grant: {usergroups: [S0HR], users: [U0ALICE], channels: [C0HRDESK]}
  - name: security
    match: [{category: [Security]}]
"""
    assert load_policy(write(tmp_path, yaml_text, "access.yml")) == load_policy(write(tmp_path, HR_TOML))


@pytest.mark.parametrize(("text", "says"), [
    ('[[scopes]]\nname = "HR team"\nmatch = [{ category = ["HR"] }]\n', "lowercase letters"),
    ('[[scopes]]\nname = "hr"\n', "match"),
    ('[[scopes]]\nname = "hr"\nmatch = [{}]\n', "would match every request"),
    ('[[scopes]]\nname = "hr"\nmatch = [{ category = [" "] }]\n', "lists no values"),
    ('[[scopes]]\nname = "hr"\nmatch = [{ requester = ["person_1"] }]\n', "cannot be defined by 'requester'"),
    ('[[scopes]]\nname = "hr"\nmatch = [{ category = ["HR"] }]\n[[scopes]]\nname = "hr"\nmatch = [{ category = ["X"] }]\n',
     "repeated: hr"),
    ('[[scopes]]\nname = "hr"\nmatch = [{ category = ["HR"] }]\ngrant = { people = ["U1"] }\n', "grant.people"),
    ('shared_channels = "sometimes"\n', "shared_channels"),
    ('[[scopes]\nname = "hr"\n', "not valid TOML"),
])
def test_a_bad_policy_says_what_is_wrong(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(AccessPolicyError, match=says):
        load_policy(write(tmp_path, text))


def test_a_missing_or_oddly_named_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AccessPolicyError, match="does not exist; fix ASKDESK_ACCESS__POLICY_PATH"):
        load_policy(tmp_path / "nope.toml")
    with pytest.raises(AccessPolicyError, match=r"use a \.toml, \.yml or \.yaml file"):
        load_policy(write(tmp_path, HR_TOML, "access.json"))


def test_fields_are_checked_against_the_data(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, HR_TOML))
    policy.check_fields({"status", "category", "priority", "assignment_group"})
    with pytest.raises(AccessPolicyError, match="scope 'hr' names field.s. assignment_group"):
        policy.check_fields({"status", "category", "priority"})


def test_settings_with_a_bad_policy_stop_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASKDESK_ACCESS__POLICY_PATH", str(write(tmp_path, '[[scopes]]\nname = "hr"\n')))
    with pytest.raises(AccessPolicyError, match="scopes.0.match"):
        load_settings(_env_file=None)
