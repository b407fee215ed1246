#!/usr/bin/env python3
"""Writes the benchmark inputs, deterministically (seeded):

- N plan documents (JSON files, 7-8 KB each) valid against the real
  Schemas/plan.schema.json; about 5% carry one deliberate, realistic mistake
  so every validator has work on both paths;
- one large instance with deep nesting and many $refs, against
  nested-sections.stand-in.schema.json: the plan schema's sections do not
  nest (a plan is at most five levels deep), so the stand-in adds
  `subsections` to reach 200 levels of $ref'd sections.

Usage: generate.py OUT [N] [BIG_MB] [DEPTH]"""
import json
import os
import random
import sys

WORDS = ("alliance coordination mechanism bilateral planning logistics maritime security "
         "surveillance reconnaissance defense cooperation response contingency space cyber "
         "ballistic missile air sea ground information sharing training exercise").split()

# ---- documents for Schemas/plan.schema.json ---------------------------------

PARTIES = ["japan", "united-states"]
ACTORS = ["japan", "united-states", "sdf", "us-forces", "jcg", "relevant-agencies", "acm", "bpm"]
RESPONSIBILITIES = ["primary", "support-and-supplement", "cooperate", "coordinate", "lead", "support"]
PEOPLE = [("Yamamoto Aiko", "a.yamamoto@example.mod.go.jp", "japan"),
          ("Laura Chen", "laura.chen@example.mil", "united-states"),
          ("Sato Kenji", "k.sato@example.mofa.go.jp", "japan"),
          ("Michael Ortiz", "m.ortiz@example.state.gov", "united-states"),
          ("Tanaka Yui", "y.tanaka@example.mod.go.jp", "japan")]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize()


def prose(rng, sentences):
    return " ".join(words(rng, 8, 20) + "." for _ in range(sentences)) + "\n"


def identifier(rng, n=2):
    return "-".join(rng.choice(WORDS) for _ in range(n))


def date(rng, year):
    return "%d-%02d-%02d" % (year, rng.randint(1, 12), rng.randint(1, 28))


def section_number(rng):
    """2015 style (`IV.A.3`, `IV.C.2.b`) mostly, 1997 style (`V.2.(1)`) now and then."""
    number = rng.choice(ROMAN)
    if rng.random() < 0.85:
        number += "." + chr(65 + rng.randint(0, 5))
        if rng.random() < 0.6:
            number += "." + str(rng.randint(1, 6))
            if rng.random() < 0.3:
                number += "." + rng.choice("abcd")
    elif rng.random() < 0.5:
        number += "." + str(rng.randint(1, 5))
        if rng.random() < 0.5:
            number += ".(%d)" % rng.randint(1, 4)
    return number


def owner(rng):
    name, email, party = rng.choice(PEOPLE)
    o = {"name": name, "email": email}
    if rng.random() < 0.7:
        o["party"] = party
    return o


def citation(rng, edition):
    c = {"edition": edition, "section": section_number(rng)}
    if rng.random() < 0.6:
        c["fingerprint"] = "sha256:" + "%064x" % rng.getrandbits(256)
    if rng.random() < 0.3:
        c["note"] = words(rng, 5, 14) + "."
    return c


def role(rng):
    r = {"actor": rng.choice(ACTORS), "responsibility": rng.choice(RESPONSIBILITIES)}
    if rng.random() < 0.7:
        r["scope"] = words(rng, 3, 8).lower()
    return r


def task(rng, plan_id, number):
    return {"id": "%s-t%d" % (plan_id[:8].rstrip("-"), number), "title": words(rng, 4, 10),
            "owner": rng.choice(ACTORS), "due": date(rng, rng.choice([2026, 2027])),
            "state": rng.choice(["open", "in-progress", "done", "blocked"])}


def plan(rng):
    plan_id = identifier(rng, 3)
    edition = rng.choice(["jus-2015", "jus-2015", "jus-2015", "jus-1997"])
    p = {
        "id": plan_id,
        "title": words(rng, 3, 8),
        "status": rng.choice(["draft", "in-review", "approved", "superseded"]),
        "parties": PARTIES[:] if rng.random() < 0.9 else [rng.choice(PARTIES)],
        "edition": edition,
        "owners": [owner(rng) for _ in range(rng.randint(1, 3))],
        "reviewCycle": rng.choice(["P1Y", "P6M", "P2Y", "P18M"]),
        "lastReviewed": date(rng, rng.choice([2025, 2026])),
        "classification": "UNCLASSIFIED//FOR TRAINING",
    }
    if rng.random() < 0.6:
        p["summary"] = words(rng, 20, 45) + "."
    tasks = 0
    sections = []
    for i in range(rng.randint(3, 6)):
        s = {"id": identifier(rng, 2) + "-%d" % i, "title": words(rng, 2, 6), "prose": prose(rng, rng.randint(2, 4))}
        if rng.random() < 0.95:
            s["citations"] = [citation(rng, edition) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.85:
            s["roles"] = [role(rng) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.8:
            s["tasks"] = []
            for _ in range(rng.randint(1, 3)):
                tasks += 1
                s["tasks"].append(task(rng, plan_id, tasks))
        sections.append(s)
    p["sections"] = sections
    return p


def break_one(rng, p):
    """One realistic mistake, shallow or deep: what a person editing a plan by hand gets wrong."""
    kind = rng.randrange(8)
    sections = p["sections"]
    if kind == 0:
        p["status"] = "in_review"                               # enum
    elif kind == 1:
        s = next((s for s in sections if "citations" in s), sections[0])
        s.setdefault("citations", [citation(rng, p["edition"])])[0]["section"] = "IV.A.iii"  # pattern
    elif kind == 2:
        s = next((s for s in reversed(sections) if "tasks" in s), sections[-1])
        s.setdefault("tasks", []).append({"id": "Bad Id", "title": "Follow up", "owner": "sdf",
                                          "due": "2026-09-30", "state": "open"})  # identifier pattern
    elif kind == 3:
        del p["owners"][0]["email"]                             # required
    elif kind == 4:
        s = sections[rng.randrange(len(sections))]
        s.setdefault("roles", [role(rng)])[0]["responsibility"] = "owner"  # enum behind $ref
    elif kind == 5:
        sections[0]["subsections"] = []                         # additionalProperties: false
    elif kind == 6:
        s = next((s for s in sections if "tasks" in s), None)
        if s is None:
            del p["reviewCycle"]                                # required
        else:
            del s["tasks"][0]["due"]                            # required, deep
    else:
        p["parties"] = ["japan", "japan"]                       # uniqueItems


# ---- the large instance, for nested-sections.stand-in.schema.json -----------

def slug(rng, n=2):
    return "-".join(rng.choice(WORDS) for _ in range(n)) + "-" + str(rng.randint(1, 999))


def nested_role(rng):
    r = {"name": words(rng, 1, 3), "side": rng.choice(["JP", "US", "joint"])}
    if rng.random() < 0.5:
        r["email"] = rng.choice(WORDS) + "@example.org"
    return r


def nested_citation(rng):
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


def nested_task(rng):
    t = {"id": slug(rng), "title": words(rng, 2, 6), "status": rng.choice(["todo", "doing", "done", "blocked"])}
    if t["status"] == "blocked":
        t["dependsOn"] = [slug(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        t["due"] = "2026-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
    if rng.random() < 0.5:
        t["estimate"] = rng.randint(1, 40) / 2
    if rng.random() < 0.3:
        t["assignee"] = nested_role(rng)
    return t


def nested_section(rng, depth, max_depth, fanout):
    s = {"id": slug(rng), "title": words(rng, 2, 6),
         "citations": [nested_citation(rng) for _ in range(rng.randint(1, 3))]}
    if rng.random() < 0.7:
        s["summary"] = words(rng, 10, 40) + "."
    if rng.random() < 0.5:
        s["priority"] = rng.choice([1, 2, 3, 4, 5, "low", "medium", "high"])
    if rng.random() < 0.6:
        s["roles"] = [nested_role(rng) for _ in range(rng.randint(1, 3))]
    s["tasks"] = [nested_task(rng) for _ in range(rng.randint(0, 4))]
    if depth < max_depth and fanout:
        s["subsections"] = [nested_section(rng, depth + 1, max_depth, fanout) for _ in range(rng.randint(0, fanout))]
    return s


def deep_section(rng, depth):
    """A chain `depth` sections deep, built without recursion."""
    node = nested_section(rng, 0, 0, 0)
    for _ in range(depth - 1):
        parent = nested_section(rng, 0, 0, 0)
        parent["subsections"] = [node]
        node = parent
    return node


def nested_plan(rng, depth):
    p = {
        "id": slug(rng), "title": words(rng, 3, 8),
        "status": rng.choice(["draft", "review", "approved", "superseded"]),
        "version": rng.randint(1, 20), "guideline": "guidelines-2015",
        "created": "2025-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
        "owners": [nested_role(rng) for _ in range(rng.randint(1, 3))],
        "tags": sorted({slug(rng, 1) for _ in range(rng.randint(0, 4))}),
        "sections": [deep_section(rng, depth)],
        "review": {"state": "pending", "reviewers": [nested_role(rng)], "notes": ["ok", nested_citation(rng)]},
    }
    return p


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
    # The large instance: one chain of `depth` nested sections, then sections
    # three levels deep until the file reaches big_mb megabytes.
    rng = random.Random(1997)
    big = nested_plan(rng, depth)
    size = len(json.dumps(big))
    while size < big_mb * 1_000_000:
        s = nested_section(rng, 0, 3, 3)
        big["sections"].append(s)
        size += len(json.dumps(s)) + 2
    with open(os.path.join(out, "big.json"), "w") as f:
        json.dump(big, f)
    print(json.dumps({"documents": count, "invalid": invalid,
                      "big_bytes": os.path.getsize(os.path.join(out, "big.json")), "depth": depth}))


if __name__ == "__main__":
    sys.setrecursionlimit(100_000)
    main()
