"""The one slug and the one deep merge every caller uses (checklist files, reports, overlays)."""

from __future__ import annotations

from formkit.core.naming import deep_merge, slug


def test_slug_folds_latin_keeps_other_scripts_and_never_leaves_a_path() -> None:
    assert slug("José Núñez") == "Jose-Nunez"
    assert slug("Ирина  Петрова") == "Ирина-Петрова"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("Zoë Ñúñez-Ølsen") == "Zoe-Nunez-Ølsen"  # Ø has no accent to fold: kept, not dropped
    assert slug("प्रिया शर्मा") == "प्रिया-शर्मा"  # vowel signs and virama belong to their letters
    assert slug("สมชาย ใจดี") == "สมชาย-ใจดี"
    assert slug("e\u0301cole \u0301x") == "ecole-x"  # a mark on a Latin letter or on nothing goes
    long = slug("a b " * 100)
    assert len(long) <= 80 and long.endswith("b")  # cut at 80, never ending in a separator


def test_ascii_lower_slug_matches_the_catalogue_slug_pattern() -> None:
    import re

    titles = ("Ética & Recovery", "Ирина Петрова — Peer Support", "  Self-Care!! ", "Dr. Who's   advocacy")
    for text in titles:
        made = slug(text, limit=40, ascii_lower=True)
        assert made == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", made), made
    assert slug("Ética & Recovery", ascii_lower=True) == "etica-recovery"
    assert slug("Ирина", ascii_lower=True) == ""


def test_deep_merge_merges_mappings_replaces_lists_and_whole_keys() -> None:
    base = {"a": {"x": 1, "y": [1, 2]}, "pass_rule": {"all_domains": {"value": "3", "count": 1}}, "k": 1}
    extra = {"a": {"y": [3]}, "pass_rule": {"minimum_total": 40}}
    merged = deep_merge(base, extra, whole={"pass_rule"})
    assert merged == {"a": {"x": 1, "y": [3]}, "pass_rule": {"minimum_total": 40}, "k": 1}
    assert deep_merge(base, extra)["pass_rule"] == {"all_domains": {"value": "3", "count": 1}, "minimum_total": 40}
    assert base["a"] == {"x": 1, "y": [1, 2]}  # the base is not changed
