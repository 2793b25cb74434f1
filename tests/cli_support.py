"""What every refused command line must look like, for the formula CLI and the lab CLI alike."""

from __future__ import annotations


def assert_usage_error(status: int, out: str, err: str) -> str:
    """Exit status 2, nothing on stdout, one `error: ...` line on stderr, no traceback; the line."""
    assert status == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("error: ")
    assert "Traceback" not in err
    return err.rstrip("\n")
