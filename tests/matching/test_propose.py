"""``matching.propose`` and ``matching.rank_candidates``: constraints, factors, priorities, diagnostics."""

from __future__ import annotations

import math

import msgspec
import pytest

import matching
from matching import MenteeProfile, MentorChallenge, MentorProfile, Policy, TimeSlot


def mentee(id="p", **kw):
    base = {"languages": ["en"], "formats": ["video"]}
    base.update(kw)
    return MenteeProfile(id=id, **base)


def mentor(id="m", **kw):
    base = {"languages": ["en"], "formats": ["video"]}
    base.update(kw)
    return MentorProfile(id=id, **base)


def only_weight(factor):
    return Policy(weights={f: (1.0 if f == factor else 0.0) for f in matching.FACTORS})


def factor_value(result, factor):
    (p,) = result.proposals
    return next(f.value for f in p.factors if f.factor == factor)


class TestHardConstraints:
    @pytest.mark.parametrize(
        ("p", "m", "code"),
        [
            (mentee(languages=["pt"]), mentor(languages=["en", "fr"]), "no_common_language"),
            (mentee(formats=["chat"]), mentor(formats=["video", "phone"]), "no_common_format"),
            (
                mentee(formats=["in_person"], region="north"),
                mentor(formats=["in_person"], region="south"),
                "different_region_in_person",
            ),
            (
                mentee(formats=["in_person"], region=None),
                mentor(formats=["in_person", "video"], region=None),
                "different_region_in_person",
            ),
            (mentee(mentor_kind="professional"), mentor(kind="peer"), "wants_professional"),
            (mentee(), mentor(paused=True), "mentor_paused"),
            (mentee(), mentor(capacity=2, active_mentees=2), "mentor_full"),
        ],
    )
    def test_excludes(self, p, m, code):
        r = matching.propose([p], [m])
        assert r.proposals == []
        (u,) = r.unmatched
        assert u.reasons.get(code) == 1
        assert u.compatible == 0

    def test_in_person_same_region_is_fine(self):
        r = matching.propose(
            [mentee(formats=["in_person"], region="north")], [mentor(formats=["in_person"], region="north")]
        )
        assert len(r.proposals) == 1

    def test_in_person_and_video_different_region_is_fine(self):
        r = matching.propose(
            [mentee(formats=["in_person", "video"], region="north")],
            [mentor(formats=["in_person", "video"], region="south")],
        )
        assert len(r.proposals) == 1

    def test_wants_professional_gets_professional(self):
        r = matching.propose(
            [mentee(mentor_kind="professional")],
            [mentor("peer", kind="peer"), mentor("pro", kind="professional")],
        )
        assert [p.mentor_id for p in r.proposals] == ["pro"]

    def test_forbidden(self):
        r = matching.propose(
            [mentee()],
            [mentor("a"), mentor("b", challenges=[MentorChallenge("x")])],
            Policy(forbidden=[("p", "a")]),
        )
        assert [p.mentor_id for p in r.proposals] == ["b"]
        r = matching.propose([mentee()], [mentor("a")], Policy(forbidden=[("p", "a")]))
        assert r.unmatched[0].reasons == {"forbidden": 1}

    def test_pinned_forced_and_uses_capacity(self):
        ps = [mentee("p1", challenges=["grief"]), mentee("p2", challenges=["grief"])]
        ms = [mentor("m", challenges=[MentorChallenge("grief")]), mentor("n", languages=["fr"])]
        r = matching.propose(ps, ms, Policy(pinned=[("p2", "n")]))  # n fails the language constraint
        got = {p.mentee_id: (p.mentor_id, p.pinned) for p in r.proposals}
        assert got == {"p1": ("m", False), "p2": ("n", True)}
        r = matching.propose(ps, ms, Policy(pinned=[("p2", "m")]))
        assert {p.mentee_id: p.mentor_id for p in r.proposals} == {"p2": "m"}
        assert r.unmatched[0].reasons == {"mentor_full": 1, "no_common_language": 1}

    def test_min_score(self):
        r = matching.propose([mentee(challenges=["grief"])], [mentor()], Policy(min_score=0.9))
        assert r.proposals == []
        assert r.unmatched[0].reasons == {"below_min_score": 1}

    def test_pin_unknown_raises(self):
        with pytest.raises(ValueError, match="pinned pair"):
            matching.propose([mentee()], [mentor()], Policy(pinned=[("p", "ghost")]))


class TestFactors:
    def test_challenges_hierarchy(self):
        def value(mine, theirs):
            r = matching.propose(
                [mentee(challenges=mine)],
                [mentor(challenges=[MentorChallenge(s) for s in theirs])],
                only_weight("challenges"),
            )
            return factor_value(r, "challenges")

        assert value(["addiction/alcohol"], ["addiction/alcohol"]) == 1.0
        assert value(["addiction/alcohol"], ["addiction/gambling"]) == 0.5
        assert value(["addiction/alcohol"], ["addiction"]) == 0.5
        assert value(["addiction/alcohol"], ["grief"]) == 0.0
        assert value(["addiction/alcohol", "grief"], ["grief", "addiction/gambling"]) == 0.75
        assert value([], ["grief"]) == 0.0

    def test_recency(self):
        def value(years):
            r = matching.propose(
                [mentee(challenges=["grief"])],
                [mentor(challenges=[MentorChallenge("grief", years)])],
                only_weight("recency"),
            )
            return factor_value(r, "recency")

        assert value(0.5) == 0.25
        assert value(2) == 1.0
        assert value(10) == 1.0
        assert value(None) == 0.5

    @pytest.mark.parametrize(
        ("wanted", "offered", "expected"),
        [
            (["emotional"], ["emotional", "practical"], 1.0),
            (["emotional", "practical"], ["practical"], 0.5),
            (["practical"], ["emotional"], 0.0),
            ([], ["emotional"], 1.0),
        ],
    )
    def test_support(self, wanted, offered, expected):
        r = matching.propose(
            [mentee(support_wanted=wanted)], [mentor(support_offered=offered)], only_weight("support")
        )
        assert factor_value(r, "support") == expected

    def test_availability(self):
        def value(mine, theirs, **kw):
            r = matching.propose(
                [mentee(availability=mine, **kw)], [mentor(availability=theirs)], only_weight("availability")
            )
            return factor_value(r, "availability")

        mon = [TimeSlot(0, 600, 720)]  # Monday 10:00-12:00 UTC
        assert value(mon, mon) == 1.0  # 120 min usable, weekly 60-min sessions need 120
        assert value(mon, [TimeSlot(0, 660, 780)]) == 0.5  # 60 min overlap
        assert value(mon, [TimeSlot(0, 690, 780)]) == 0.0  # 30 min: no session fits
        assert value(mon, [TimeSlot(1, 600, 720)]) == 0.0
        assert value(mon, [TimeSlot(0, 660, 780)], frequency="monthly") == 0.8  # need 75
        assert value(mon, [TimeSlot(0, 600, 720)], session_minutes=90) == pytest.approx(120 / 180)
        assert value([], mon) == 0.5

    @pytest.mark.parametrize(
        ("mine", "theirs", "expected"),
        [
            ("formal", "formal", 1.0),
            ("formal", "informal", 0.0),
            ("either", "informal", 1.0),
            ("informal", "either", 1.0),
        ],
    )
    def test_engagement(self, mine, theirs, expected):
        r = matching.propose(
            [mentee(engagement=mine)], [mentor(engagement=theirs)], only_weight("engagement")
        )
        assert factor_value(r, "engagement") == expected

    def test_mentor_kind_and_region(self):
        r = matching.propose(
            [mentee(mentor_kind="peer")], [mentor(kind="professional")], only_weight("mentor_kind")
        )
        assert factor_value(r, "mentor_kind") == 0.0
        r = matching.propose(
            [mentee(mentor_kind="any")], [mentor(kind="professional")], only_weight("mentor_kind")
        )
        assert factor_value(r, "mentor_kind") == 1.0
        r = matching.propose([mentee(region="a")], [mentor(region="a")], only_weight("region"))
        assert factor_value(r, "region") == 1.0
        r = matching.propose([mentee(region="a")], [mentor(region="b")], only_weight("region"))
        assert factor_value(r, "region") == 0.0

    def test_contributions_sum_to_score(self):
        p = mentee(
            challenges=["addiction/alcohol", "job_loss"],
            support_wanted=["emotional"],
            region="r",
            availability=[TimeSlot(2, 0, 300)],
            priorities=["availability", "region"],
        )
        m = mentor(
            challenges=[MentorChallenge("addiction/drugs", 1.0)],
            support_offered=["emotional"],
            availability=[TimeSlot(2, 60, 200)],
            region="r",
            engagement="formal",
        )
        (prop,) = matching.propose([p], [m]).proposals
        assert math.isclose(sum(f.contribution for f in prop.factors), prop.score, rel_tol=1e-12)
        assert math.isclose(sum(f.weight for f in prop.factors), 1.0)
        assert 0.0 <= prop.score <= 1.0


class TestPriorities:
    def test_priorities_change_the_outcome(self):
        # "close" shares the region; "same" shares the challenge
        ms = [mentor("close", region="r", capacity=1), mentor("same", challenges=[MentorChallenge("grief")])]
        policy = Policy(weights={"challenges": 1.0, "region": 1.0})
        a = matching.propose(
            [mentee("p", challenges=["grief"], region="r", priorities=["region"])], ms, policy
        )
        b = matching.propose(
            [mentee("p", challenges=["grief"], region="r", priorities=["challenges"])], ms, policy
        )
        assert a.proposals[0].mentor_id == "close"
        assert b.proposals[0].mentor_id == "same"

    def test_priority_weight_formula(self):
        policy = Policy(weights={"challenges": 1.0, "region": 1.0, "support": 1.0}, priority_boost=1.0)
        p = mentee(priorities=["region", "challenges"])
        (prop,) = matching.propose([p], [mentor()], policy).proposals
        w = {f.factor: f.weight for f in prop.factors}
        # region x2, challenges x1.5, support x1 -> normalised by 4.5
        assert w["region"] == pytest.approx(2 / 4.5)
        assert w["challenges"] == pytest.approx(1.5 / 4.5)
        assert w["support"] == pytest.approx(1 / 4.5)
        assert w["availability"] == 0.0

    def test_unknown_priority_raises(self):
        with pytest.raises(ValueError, match="unknown priority"):
            matching.propose([mentee(priorities=["money"])], [mentor()])


class TestUnmatched:
    def test_no_mentor_speaks(self):
        r = matching.propose([mentee("p", languages=["pt"])], [mentor("a"), mentor("b", languages=["fr"])])
        (u,) = r.unmatched
        assert u.reasons == {"no_common_language": 2}
        assert u.summary == "no mentor speaks pt"

    def test_all_full(self):
        ms = [mentor(f"m{k}", capacity=1, active_mentees=1) for k in range(3)] + [
            mentor("x", languages=["de"])
        ]
        (u,) = matching.propose([mentee()], ms).unmatched
        assert u.reasons == {"no_common_language": 1, "mentor_full": 3}
        assert u.summary == "all 3 compatible mentors were full"

    def test_given_to_others(self):
        ps = [mentee("a", challenges=["grief"]), mentee("b")]
        r = matching.propose(
            ps, [mentor("m", challenges=[MentorChallenge("grief")])], Policy(mode="max_weight")
        )
        assert [p.mentee_id for p in r.proposals] == ["a"]
        (u,) = r.unmatched
        assert u.compatible == 1
        assert u.summary == "the only compatible mentor was given to another mentee"

    def test_no_professional(self):
        (u,) = matching.propose([mentee(mentor_kind="professional")], [mentor(kind="peer")]).unmatched
        assert u.summary == "no professional mentor"


def test_max_cardinality_default_matches_more():
    ps = [mentee("a", challenges=["grief"]), mentee("b")]
    ms = [mentor("g", challenges=[MentorChallenge("grief")]), mentor("h", region="z", languages=["en", "fr"])]
    r = matching.propose([*ps, mentee("c", languages=["fr"])], ms)
    assert r.mode == "max_cardinality"
    assert len(r.proposals) == 2


def test_reason_text():
    p = mentee(challenges=["job_loss"], languages=["fr"], availability=[TimeSlot(0, 0, 240)])
    m = mentor(
        challenges=[MentorChallenge("job_loss", 3)],
        languages=["fr", "en"],
        availability=[TimeSlot(0, 60, 600)],
    )
    (prop,) = matching.propose([p], [m]).proposals
    assert prop.reason == (
        "both lived through job loss; mentor overcame it 3 years ago; both speak French; "
        "3 hours of shared availability a week"
    )


def test_rank_candidates():
    p = mentee(challenges=["addiction/alcohol"])
    ms = [
        mentor("exact", challenges=[MentorChallenge("addiction/alcohol", 5)]),
        mentor("parent", challenges=[MentorChallenge("addiction/gambling", 5)]),
        mentor("none"),
        mentor("paused", paused=True),
        mentor("fr", languages=["fr"]),
    ]
    got = matching.rank_candidates(p, ms, limit=10)
    assert [c.mentor_id for c in got] == ["exact", "parent", "none"]
    assert got[0].score > got[1].score > got[2].score
    assert matching.rank_candidates(p, ms, limit=1)[0].mentor_id == "exact"


def test_max_candidates_exactness_flag():
    ps = [mentee(f"p{k}") for k in range(3)]
    ms = [mentor(f"m{k}", capacity=5) for k in range(4)]
    r = matching.propose(ps, ms, Policy(max_candidates=2))
    assert r.exact
    assert len(r.proposals) == 3
    # every mentee's single best candidate is m0: the dual check adds back the cut pairs that matter
    r = matching.propose(ps, [mentor(f"m{k}", capacity=1) for k in range(4)], Policy(max_candidates=1))
    assert r.exact
    assert len(r.proposals) == 3


@pytest.mark.parametrize("mode", ["max_weight", "max_cardinality"])
@pytest.mark.parametrize("seed", range(4))
def test_pruned_equals_full(seed, mode):
    """Column generation from tiny candidate lists reaches the optimum of the full instance."""
    import random

    rng = random.Random(seed)
    slugs = ["grief", "grief/child", "addiction/alcohol", "addiction/gambling", "job_loss"]
    ps = [mentee(f"p{k}", challenges=rng.sample(slugs, 2), region=rng.choice("ab"),
                 support_wanted=[rng.choice(["emotional", "practical"])],
                 availability=[TimeSlot(rng.randint(0, 2), 600, 600 + 60 * rng.randint(1, 4))])
          for k in range(80)]  # fmt: skip
    ms = [mentor(f"m{k}", challenges=[MentorChallenge(s, rng.randint(0, 5)) for s in rng.sample(slugs, 2)],
                 region=rng.choice("ab"), capacity=rng.randint(1, 3), engagement=rng.choice(["formal", "either"]),
                 availability=[TimeSlot(rng.randint(0, 2), 540, 540 + 60 * rng.randint(1, 4))])
          for k in range(25)]  # fmt: skip
    full = matching.propose(ps, ms, Policy(mode=mode))
    cut = matching.propose(ps, ms, Policy(mode=mode, max_candidates=1))
    assert full.exact
    assert cut.exact
    assert cut.candidate_pairs < full.candidate_pairs
    assert len(cut.proposals) == len(full.proposals)
    assert math.isclose(cut.total_score, full.total_score, rel_tol=1e-9)


def test_profiles_round_trip_json():
    p = mentee(availability=[TimeSlot(1, 0, 60)], priorities=["region"])
    assert msgspec.json.decode(msgspec.json.encode(p), type=MenteeProfile) == p
