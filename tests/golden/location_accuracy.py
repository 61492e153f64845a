#!/usr/bin/env python3
"""Location-country accuracy of predictions against gold, with the shared
scorer's own matching: gold and predicted events are paired at the dyad
level (type, source country, target country) as score.py pairs them, and
a pair counts as right when the predicted location country is one the
gold event accepts. Gold events without a location country are left out.

    python3 tests/golden/location_accuracy.py SCORE_PY GOLD PRED

prints {"pairs": N, "location_country_accuracy": X} as JSON.
"""
import importlib.util
import json
import sys


def main(score_py, gold_path, pred_path):
    spec = importlib.util.spec_from_file_location("score", score_py)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    by_g, by_p = {}, {}
    for path, by in ((gold_path, by_g), (pred_path, by_p)):
        for line in open(path, encoding="utf-8"):
            if line.strip():
                ev = json.loads(line)
                by.setdefault(ev["article_id"], []).append(ev)
    pairs = right = 0
    for art, golds in by_g.items():
        preds = by_p.get(art, [])
        for i, j in score.max_matching(golds, preds, lambda g, p: score.match_level(g, p, "dyad")):
            want = score.get(golds[i], "location", "country")
            if want is None:
                continue
            pairs += 1
            right += int(score.accepts(want, score.get(preds[j], "location", "country")))
    print(json.dumps({"pairs": pairs, "location_country_accuracy": round(right / pairs, 4) if pairs else None}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
