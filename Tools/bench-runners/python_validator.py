#!/usr/bin/env python3
"""Benchmark runner for a python validator: `jsonschema` or `jsonschema_rs`
(Rust, via its Python binding), named as the first argument. Loads the
schema, reads every JSON file named on stdin (one path per line),
validates, prints `valid invalid`.

Usage: python_validator.py jsonschema|jsonschema_rs SCHEMA < paths"""
import importlib
import json
import sys
import threading


def main():
    library = importlib.import_module(sys.argv[1])
    with open(sys.argv[2]) as f:
        schema = json.load(f)
    validator = library.Draft202012Validator(schema)
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
