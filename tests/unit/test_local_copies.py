"""The per-worker copies of cached answers (dashboard/web/page_cache.LocalCopies) stay within
their size, dropping the least recently used first."""
from dashboard.web.page_cache import LocalCopies


def packed(size: int) -> dict:
    return {"zlib": b"z" * size, "br": b"b" * size}      # 2 x size bytes


def test_the_least_recently_used_answer_goes_first_and_the_size_is_kept():
    local = LocalCopies(max_bytes=1000)
    local.put("a:v1", packed(100))                        # 200 bytes
    local.put("b:v1", packed(100))                        # 400
    local.put("c:v1", packed(100))                        # 600
    assert local.get("a:v1") == packed(100)               # a is now the most recent
    local.put("d:v1", packed(100))                        # 800
    local.put("e:v1", packed(100))                        # 1,000: still fits
    assert local.size == 1000
    local.put("f:v1", packed(100))                        # 1,200: b (least recent) goes
    assert local.get("b:v1") is None
    assert [local.get(k) is not None for k in ("a:v1", "c:v1", "d:v1", "e:v1", "f:v1")] \
        == [True] * 5
    assert local.size == 1000


def test_an_answer_over_a_quarter_of_the_space_is_not_kept():
    local = LocalCopies(max_bytes=1000)
    local.put("small:v1", packed(100))
    local.put("big:v1", packed(126))                      # 252 bytes > 250
    assert local.get("big:v1") is None and local.get("small:v1") is not None
    assert local.size == 200


def test_storing_a_key_again_replaces_it():
    local = LocalCopies(max_bytes=1000)
    local.put("a:v1", packed(100))
    local.put("a:v1", packed(50))
    assert local.size == 100 and local.get("a:v1") == packed(50)
