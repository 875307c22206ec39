"""How much a file may hold, checked before a parser spends time and memory on it.

Within the size caps of each kind of file, what costs is the number of values: a
16 MiB backup of `[{},{},...]` is 5 million dicts (430 MB), and a few MiB of
`a = [1,1,...]` keep tomllib busy for seconds. The TOML reader (storage/toml.py) and
the JSON backup reader ask `too_many_values` first; toml.py also measures dotted keys.
"""

from __future__ import annotations

# Separators and openers counted together (`,` `=` `:` `{` `[`): the largest file of the
# 10,000-resource benchmark catalog has 165,000; at the cap, the costliest shape parses
# in about a second and never near 100 MiB.
MAX_VALUES = 250_000


def too_many_values(text: str | bytes) -> str | None:
    """The reason `text` (or its UTF-8 bytes) would cost too much to parse, else None."""
    values = (sum(text.count(c) for c in ",=:{[") if isinstance(text, str)
              else sum(text.count(c) for c in b",=:{["))
    if values > MAX_VALUES:
        return f"holds over {MAX_VALUES:,} values, far more than a studyguide file has"
    return None

