#!/usr/bin/env python3
"""Writes the benchmark inputs: N plan documents (JSON files) and one large
instance with deep nesting, all against plan-like.schema.json. Deterministic:
the same seed gives the same files. About 5% of the small documents carry one
deliberate error so every validator has work on both paths."""
import json
import os
import random
import sys

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
WORDS = ("alliance coordination mechanism bilateral planning logistics maritime security "
         "surveillance reconnaissance defense cooperation response contingency space cyber "
         "ballistic missile air sea ground information sharing training exercise").split()


def slug(rng, n=2):
    return "-".join(rng.choice(WORDS) for _ in range(n)) + "-" + str(rng.randint(1, 999))


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize()


def role(rng):
    r = {"name": words(rng, 1, 3), "side": rng.choice(["JP", "US", "joint"])}
    if rng.random() < 0.5:
        r["email"] = rng.choice(WORDS) + "@example.org"
    return r


def citation(rng):
    ref = rng.choice(ROMAN)
    if rng.random() < 0.8:
        ref += "." + chr(65 + rng.randint(0, 6))
        if rng.random() < 0.5:
            ref += "." + str(rng.randint(1, 9))
    c = {"ref": ref}
    if rng.random() < 0.6:
        c["quote"] = words(rng, 8, 30) + "."
    if rng.random() < 0.5:
        c["status"] = rng.choice(["cited", "paraphrased", "suspect"])
    return c


def task(rng):
    t = {"id": slug(rng), "title": words(rng, 2, 6), "status": rng.choice(["todo", "doing", "done", "blocked"])}
    if t["status"] == "blocked":
        t["dependsOn"] = [slug(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        t["due"] = "2026-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
    if rng.random() < 0.5:
        t["estimate"] = rng.randint(1, 40) / 2
    if rng.random() < 0.3:
        t["assignee"] = role(rng)
    return t


def section(rng, depth, max_depth, fanout):
    s = {"id": slug(rng), "title": words(rng, 2, 6), "citations": [citation(rng) for _ in range(rng.randint(1, 3))]}
    if rng.random() < 0.7:
        s["summary"] = words(rng, 10, 40) + "."
    if rng.random() < 0.5:
        s["priority"] = rng.choice([1, 2, 3, 4, 5, "low", "medium", "high"])
    if rng.random() < 0.6:
        s["roles"] = [role(rng) for _ in range(rng.randint(1, 3))]
    s["tasks"] = [task(rng) for _ in range(rng.randint(0, 4))]
    if depth < max_depth and fanout:
        s["subsections"] = [section(rng, depth + 1, max_depth, fanout) for _ in range(rng.randint(0, fanout))]
    return s


def plan(rng, n_sections=(1, 4), max_depth=1, fanout=2):
    p = {
        "id": slug(rng),
        "title": words(rng, 3, 8),
        "status": rng.choice(["draft", "review", "approved", "superseded"]),
        "version": rng.randint(1, 20),
        "guideline": "guidelines-2015",
        "created": "2025-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
        "updated": "2026-%02d-%02dT%02d:%02d:00Z" % (rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)),
        "owners": [role(rng) for _ in range(rng.randint(1, 3))],
        "tags": sorted({slug(rng, 1) for _ in range(rng.randint(0, 4))}),
        "sections": [section(rng, 0, max_depth, fanout) for _ in range(rng.randint(*n_sections))],
    }
    if rng.random() < 0.5:
        p["review"] = {"state": "pending", "reviewers": [role(rng)], "notes": ["ok", citation(rng)]}
    return p


def break_one(rng, p):
    """One realistic mistake, deep or shallow."""
    kind = rng.randrange(6)
    if kind == 0:
        p["status"] = "dratf"
    elif kind == 1:
        p["sections"][0]["citations"][0]["ref"] = "IX.Z"
    elif kind == 2:
        p["sections"][-1]["tasks"].append({"id": "Bad Id", "title": "x", "status": "todo"})
    elif kind == 3:
        del p["title"]
    elif kind == 4:
        p["sections"][0]["priority"] = 9
    else:
        p["owners"][0]["side"] = "UK"


def deep_section(rng, depth):
    """A chain `depth` sections deep, built without recursion."""
    node = section(rng, 0, 0, 0)
    for _ in range(depth - 1):
        parent = section(rng, 0, 0, 0)
        parent["subsections"] = [node]
        node = parent
    return node


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bench-out"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    big_mb = float(sys.argv[3]) if len(sys.argv) > 3 else 20
    depth = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    rng = random.Random(2015)
    docs = os.path.join(out, "docs")
    os.makedirs(docs, exist_ok=True)
    invalid = 0
    for i in range(count):
        p = plan(rng)
        if rng.random() < 0.05:
            break_one(rng, p)
            invalid += 1
        with open(os.path.join(docs, "plan-%05d.json" % i), "w") as f:
            json.dump(p, f, indent=2)
    # The large instance: many sections three levels deep, plus one chain of
    # `depth` nested sections, until the file reaches big_mb megabytes.
    big = plan(rng, n_sections=(1, 1), max_depth=0, fanout=0)
    big["sections"] = [deep_section(rng, depth)]
    size = len(json.dumps(big))
    while size < big_mb * 1_000_000:
        s = section(rng, 0, 3, 3)
        big["sections"].append(s)
        size += len(json.dumps(s)) + 2
    with open(os.path.join(out, "big.json"), "w") as f:
        json.dump(big, f)
    print(json.dumps({"documents": count, "invalid": invalid, "big_bytes": os.path.getsize(os.path.join(out, "big.json")), "depth": depth}))


if __name__ == "__main__":
    sys.setrecursionlimit(100_000)
    main()
