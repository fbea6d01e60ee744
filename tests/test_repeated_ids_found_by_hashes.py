"""Statement ids repeated across articles are looked for among their hashes first: a repeated
id is never missed, and the hashes of distinct ids do not meet."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from claimpack.per_article import _may_repeat


@given(st.lists(st.text(max_size=3), max_size=40), st.integers(min_value=1, max_value=5))
def test_ids_may_repeat_exactly_when_they_do(ids: list[str], chunks: int) -> None:
    step = max(1, len(ids) // chunks)
    column = pa.chunked_array(
        [pa.array(ids[start : start + step], pa.string()) for start in range(0, len(ids), step)],
        pa.string(),
    )
    assert _may_repeat(column) == (len(set(ids)) < len(ids))
