"""Odd values a user can type or set: each is one line on stderr and the right exit code."""

from __future__ import annotations

import json

import pytest

NOW = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}
HUGE = "9" * 5000   # more digits than Python turns into an int by default


def one_error(res, code: int, text: str) -> None:
    assert res.returncode == code, res.stderr
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    assert text in res.stderr


@pytest.mark.parametrize("value", [" ", "garbage", "2026-02-30T00:00:00", "2026-11-23T00:00:00+25:00",
                                   "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+05:00"])
def test_a_bad_studyguide_now_is_refused(run_cli, value):
    assert run_cli("recommend", "--goal", "build", "--hours-per-week", "5", env=NOW).returncode == 0
    for args in (["status"], ["export", "--format", "ics"], ["done", "lora"]):
        one_error(run_cli(*args, env={"STUDYGUIDE_NOW": value}), 1, f"STUDYGUIDE_NOW={value!r}: use an ISO")


def test_numbers_too_long_to_read_are_data_errors(run_cli, tmp_path):
    catalog = tmp_path / "cat"
    catalog.mkdir()
    (catalog / "a.toml").write_text(f'[[resources]]\nid = "x"\nhours = {HUGE}\n')
    one_error(run_cli("--catalog", str(catalog), "topics"), 2, "a number too long to be real")
    check = run_cli("catalog", "check", str(catalog))
    assert check.returncode == 1 and "a.toml: a number too long to be real" in check.stderr
    backup = tmp_path / "big.json"
    backup.write_text(json.dumps({"format": "studyguide-backup"})[:-1] + f', "format_version": {HUGE}}}')
    one_error(run_cli("import", str(backup), "--yes"), 2, "big.json: a number too long to be real")


@pytest.mark.parametrize("url, reason", [("https://[::1", "Invalid IPv6 URL"),
                                         ("https://example.com:abc/x", "Port could not be cast"),
                                         ("https://example.com:99999/x", "Port out of range")])
def test_add_refuses_an_address_that_does_not_parse(run_cli, url, reason):
    one_error(run_cli("add", url, "--title", "T", "--topic", "attention-math"), 1,
              f"{url!r}: not a valid address ({reason}")


def test_catalog_check_of_a_folder_without_toml_files_is_not_valid(run_cli, tmp_path):
    one_error(run_cli("catalog", "check", str(tmp_path)), 1, "no .toml files in this folder; nothing to check")


def test_export_to_a_name_ending_in_a_slash_is_refused(run_cli, tmp_path):
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    target = f"{tmp_path}/out/"
    one_error(run_cli("export", "-o", target), 1, f"{target} names a folder; give a file name")
    assert not (tmp_path / "out").exists()


def test_a_skip_reason_is_capped_like_a_note(run_cli):
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    one_error(run_cli("skip", "lora", "--reason", "x" * 10_001), 1, "a skip reason can be at most 10000")
