#!/usr/bin/env python3
"""Benchmark runner: python `jsonschema`. Loads the schema, reads every JSON
file named on stdin (one path per line), validates, prints `valid invalid`."""
import json
import sys
import threading

import jsonschema


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    valid = invalid = 0
    for line in sys.stdin:
        with open(line.rstrip("\n")) as f:
            instance = json.load(f)
        if validator.is_valid(instance):
            valid += 1
        else:
            invalid += 1
    print(valid, invalid)


if __name__ == "__main__":
    # The large instance nests deeply; give the interpreter room to recurse.
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    t = threading.Thread(target=main)
    t.start()
    t.join()
