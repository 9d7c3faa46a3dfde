"""Label placement in free space (dashboard/figures/placement.py)."""
from __future__ import annotations

from dashboard.figures.placement import Box, Obstacles, label_px, place


def test_a_segment_hits_a_box_only_when_it_crosses_it():
    box = Box(0.4, 0.6, 0.4, 0.6)
    assert box.hits_segment((0.0, 0.5), (1.0, 0.5))          # straight through
    assert box.hits_segment((0.5, 0.5), (0.9, 0.9))          # starts inside
    assert not box.hits_segment((0.0, 0.0), (1.0, 0.2))      # passes below
    assert not box.hits_segment((0.0, 0.9), (0.3, 0.1))      # ends short of it
    assert box.hits_segment((0.3, 0.3), (0.7, 0.7))          # the diagonal


def test_label_size_counts_the_longest_line_without_tags():
    width, height = label_px("<b>44.3%</b><br>latest complete", 10)
    assert width == 15 * 10 * 0.62 + 8      # 'latest complete' is the longest line
    assert height == 2 * 10 * 1.3 + 8


def test_a_label_sits_beside_its_point_clear_of_the_line():
    # a line rising through the point to the upper right: straight above is taken, so the
    # label goes above and to the left, next to the point
    line = [(0.3, 0.2), (0.5, 0.5), (0.7, 0.9)]
    rising = Obstacles(lines=[line], markers=[(0.5, 0.5, 0.01, 0.01)])
    spot = place(0.5, 0.5, (0.2, 0.1), rising, (0.02, 0.03))
    assert spot.near and (spot.xanchor, spot.yanchor) == ("right", "bottom")
    assert not any(spot.box.hits_segment(a, b) for a, b in zip(line, line[1:]))
    # a peak: lines fall away on both sides, so straight above is free
    peak = Obstacles(lines=[[(0.3, 0.2), (0.5, 0.8), (0.7, 0.2)]])
    spot = place(0.5, 0.8, (0.2, 0.1), peak, (0.02, 0.03))
    assert (spot.xanchor, spot.yanchor) == ("center", "bottom") and spot.box.bottom >= 0.8


def test_a_band_is_avoided_when_there_is_room_leaving_a_leader_line():
    band = Obstacles(bands=[([0.0, 1.0], [0.3, 0.3], [0.7, 0.7])])
    spot = place(0.5, 0.5, (0.2, 0.1), band, (0.02, 0.03))
    assert spot.box.bottom >= 0.7 or spot.box.top <= 0.3
    assert not spot.near
    full = Obstacles(bands=[([0.0, 1.0], [0.0, 0.0], [1.0, 1.0])])
    assert place(0.5, 0.5, (0.2, 0.1), full, (0.02, 0.03)).near  # no room: beside the point


def test_the_candidates_scored_at_once_count_what_each_box_counts_alone():
    # hard_hits_many is hard_hits on arrays: for random lines (with gaps), markers, placed
    # labels and boxes, including segments lying flat on a box's edge (p == 0) and points
    # repeated (a zero-length segment), every count must be the one the loop gives.
    import random
    rng = random.Random(11)
    for _ in range(40):
        obstacles = Obstacles()
        for _ in range(rng.randint(0, 3)):
            line = [(rng.random(), rng.random()) for _ in range(rng.randint(2, 12))]
            line[rng.randrange(len(line))] = None
            line.append(line[-1])          # a zero-length segment (or a gap doubled)
            obstacles.lines.append(line)
        obstacles.lines.append([(0.2, 0.5), (0.8, 0.5)])   # flat: dy == 0
        obstacles.lines.append([(0.5, 0.1), (0.5, 0.9)])   # upright: dx == 0
        obstacles.markers += [(rng.random(), rng.random(), 0.02, 0.03) for _ in range(5)]
        obstacles.boxes += [Box(0.1, 0.3, 0.6, 0.7)]
        boxes = [Box(left, left + rng.random() / 3, bottom, bottom + rng.random() / 4)
                 for left, bottom in ((rng.random(), rng.random()) for _ in range(60))]
        boxes += [Box(0.3, 0.4, 0.5, 0.6), Box(0.5, 0.6, 0.2, 0.3), Box(0.0, 0.2, 0.4, 0.5)]
        assert list(obstacles.hard_hits_many(boxes)) == [obstacles.hard_hits(b) for b in boxes]
