#!/usr/bin/env python3
"""Generates random schemas and instances and validates them with Python's jsonschema (4.26).

Prints one JSON object per line: {"draft", "schema", "instance", "valid", "features"}. The Swift test
DifferentialTests runs this script, validates the same pairs with the JSONSchema target, and fails on any
disagreement that Tests/JSONSchemaTests/DIFFERENTIAL.md does not explain. `features` tags the parts of a
case that are known to be judged differently (see that file).

Usage: tools/differential-jsonschema.py [--seed N] [--count N]
"""
import argparse
import json
import random
import sys
import warnings

import jsonschema

warnings.filterwarnings("ignore")

DRAFTS = {
    "draft4": (jsonschema.Draft4Validator, "http://json-schema.org/draft-04/schema#"),
    "draft6": (jsonschema.Draft6Validator, "http://json-schema.org/draft-06/schema#"),
    "draft7": (jsonschema.Draft7Validator, "http://json-schema.org/draft-07/schema#"),
    "draft2019-09": (jsonschema.Draft201909Validator, "https://json-schema.org/draft/2019-09/schema"),
    "draft2020-12": (jsonschema.Draft202012Validator, "https://json-schema.org/draft/2020-12/schema"),
}
ORDER = list(DRAFTS)
NAMES = ["a", "b", "c", "é", "e\u0301", "x-y", "1"]
PATTERNS = ["^a", "b$", "^[a-c]+$", "^x-", "\\d", "^$", "é", "^.{2}$"]
NUMBERS = [0, 1, -1, 2, 3, 0.5, 1.5, 2.0, 0.1, 0.3, 10, 100, -2.5, 1e-05, 12345678901234567890]


class Gen:
    def __init__(self, rng, draft):
        self.rng = rng
        self.draft = draft
        self.level = ORDER.index(draft)
        self.features = set()

    def number(self):
        return self.rng.choice(NUMBERS)

    def string(self):
        return "".join(self.rng.choice(["a", "b", "c", "x", "-", "1", "é", "e\u0301", "😀"])
                       for _ in range(self.rng.randint(0, 4)))

    def value(self, depth=0):
        kind = self.rng.randint(0, 7 if depth < 2 else 4)
        if kind == 0:
            return None
        if kind == 1:
            return self.rng.choice([True, False])
        if kind == 2:
            return self.number()
        if kind in (3, 4):
            return self.string()
        if kind == 5:
            return [self.value(depth + 1) for _ in range(self.rng.randint(0, 3))]
        return {self.rng.choice(NAMES): self.value(depth + 1) for _ in range(self.rng.randint(0, 3))}

    def schema(self, depth=0):
        if self.level >= 1 and self.rng.random() < 0.08:
            return self.rng.choice([True, False])
        schema = {}
        for _ in range(self.rng.randint(1, 3)):
            self.keyword(schema, depth)
        return schema

    def sub(self, depth):
        return self.schema(depth + 1) if depth < 2 else {"type": self.rng.choice(["string", "number", "integer"])}

    def keyword(self, s, depth):
        r = self.rng
        choices = ["type", "enum", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "pattern",
                   "items", "minItems", "uniqueItems", "properties", "required", "additionalProperties",
                   "patternProperties", "minProperties", "allOf", "anyOf", "oneOf", "not", "dependencies",
                   "exclusive", "ref"]
        if self.level >= 1:
            choices += ["const", "contains", "propertyNames"]
        if self.level >= 2:
            choices += ["if"]
        if self.level >= 3:
            choices += ["dependentRequired", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems",
                        "minContains"]
        if self.level >= 4:
            choices += ["prefixItems"]
        k = r.choice(choices)
        if k == "type":
            types = ["null", "boolean", "number", "integer", "string", "array", "object"]
            s["type"] = r.choice(types) if r.random() < 0.7 else r.sample(types, 2)
        elif k == "enum":
            s["enum"] = [self.value(1) for _ in range(r.randint(1, 3))]
        elif k == "const":
            s["const"] = self.value(1)
        elif k in ("minimum", "maximum"):
            s[k] = self.number()
        elif k == "exclusive":
            if self.level == 0:
                s["minimum"] = self.number()
                s["exclusiveMinimum"] = True
            else:
                s[r.choice(["exclusiveMinimum", "exclusiveMaximum"])] = self.number()
        elif k == "multipleOf":
            s["multipleOf"] = r.choice([1, 2, 3, 0.5, 0.1, 0.01, 1.5])
            if not float(s["multipleOf"]).is_integer():
                self.features.add("multipleOf-decimal")
        elif k in ("minLength", "maxLength", "minItems", "minProperties"):
            s[k] = r.randint(0, 3)
        elif k == "pattern":
            s["pattern"] = r.choice(PATTERNS)
        elif k == "items":
            s["items"] = self.sub(depth) if r.random() < 0.7 or self.level >= 4 else [self.sub(depth), self.sub(depth)]
            if isinstance(s["items"], list) and r.random() < 0.5:
                s["additionalItems"] = self.sub(depth)
        elif k == "prefixItems":
            s["prefixItems"] = [self.sub(depth) for _ in range(r.randint(1, 2))]
        elif k == "uniqueItems":
            s["uniqueItems"] = r.choice([True, False])
        elif k == "properties":
            s["properties"] = {r.choice(NAMES): self.sub(depth) for _ in range(r.randint(1, 3))}
        elif k == "patternProperties":
            s["patternProperties"] = {r.choice(PATTERNS): self.sub(depth)}
        elif k == "required":
            s["required"] = sorted(set(r.choice(NAMES) for _ in range(r.randint(1, 2))))
        elif k == "additionalProperties":
            s["additionalProperties"] = r.choice([False, self.sub(depth)])
        elif k in ("allOf", "anyOf", "oneOf"):
            s[k] = [self.sub(depth) for _ in range(r.randint(1, 3))]
        elif k == "not":
            s["not"] = self.sub(depth)
        elif k == "dependencies":
            if self.level >= 3:
                self.features.add("dependencies-after-draft7")
            name = r.choice(NAMES)
            s["dependencies"] = {name: [r.choice(NAMES)] if r.random() < 0.5 else self.sub(depth)}
        elif k == "dependentRequired":
            s["dependentRequired"] = {r.choice(NAMES): [r.choice(NAMES)]}
        elif k == "dependentSchemas":
            s["dependentSchemas"] = {r.choice(NAMES): self.sub(depth)}
        elif k == "contains":
            s["contains"] = self.sub(depth)
        elif k == "minContains":
            s["contains"] = self.sub(depth)
            s["minContains"] = r.randint(0, 2)
            if r.random() < 0.5:
                s["maxContains"] = r.randint(1, 2)
        elif k == "propertyNames":
            s["propertyNames"] = {"pattern": r.choice(PATTERNS)} if r.random() < 0.5 else {"maxLength": 1}
        elif k == "if":
            s["if"] = self.sub(depth)
            if r.random() < 0.8:
                s["then"] = self.sub(depth)
            if r.random() < 0.8:
                s["else"] = self.sub(depth)
        elif k == "unevaluatedProperties":
            s["unevaluatedProperties"] = r.choice([False, self.sub(depth)])
        elif k == "unevaluatedItems":
            s["unevaluatedItems"] = r.choice([False, self.sub(depth)])
        elif k == "ref" and depth == 0:
            defs = "definitions" if self.level < 3 else "$defs"
            s.setdefault(defs, {})["d"] = self.sub(depth)
            s.setdefault("allOf", []).append({"$ref": f"#/{defs}/d"})


# Pairs known to be judged differently, each tagged with the DIFFERENTIAL.md entry that explains it.
CURATED = [
    ("draft7", {"multipleOf": 0.01}, 19.99, "multipleOf-decimal"),
    ("draft7", {"multipleOf": 0.1}, 0.3, "multipleOf-decimal"),
    ("draft4", {"maximum": 0.1}, "0.10000000000000001", "decimal-precision"),
    ("draft2020-12", {"pattern": "^\\d$"}, "\u0663", "regex-unicode-classes"),
    ("draft2020-12", {"pattern": "^a$"}, "a\n", "regex-dollar-before-newline"),
    ("draft2020-12", {"dependencies": {"a": ["b"]}}, {"a": 1}, "dependencies-after-draft7"),
]


def curated(out):
    for draft, schema, instance, feature in CURATED:
        validator_class, uri = DRAFTS[draft]
        schema = dict(schema, **{"$schema": uri})
        if isinstance(instance, str) and instance.startswith("0."):
            # A number literal Python's float cannot hold exactly: write it by hand.
            valid = validator_class(schema).is_valid(float(instance))
            line = json.dumps({"draft": draft, "schema": schema, "instance": 0, "valid": valid,
                               "features": [feature]})
            out.write(line.replace('"instance": 0', '"instance": ' + instance) + "\n")
            continue
        valid = validator_class(schema).is_valid(instance)
        out.write(json.dumps({"draft": draft, "schema": schema, "instance": instance, "valid": valid,
                              "features": [feature]}, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--count", type=int, default=4000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    curated(out)
    for index in range(args.count):
        draft = ORDER[index % len(ORDER)]
        validator_class, uri = DRAFTS[draft]
        gen = Gen(rng, draft)
        schema = gen.schema()
        if isinstance(schema, dict):
            schema["$schema"] = uri
        try:
            validator_class.check_schema(schema)
        except jsonschema.SchemaError:
            continue
        validator = validator_class(schema)
        for _ in range(3):
            instance = gen.value()
            try:
                valid = validator.is_valid(instance)
            except Exception as error:  # noqa: BLE001 - a crash in Python is itself worth listing
                valid = None
                gen.features.add("python-error:" + type(error).__name__)
            features = set(gen.features)
            if any(isinstance(x, float) and x.is_integer() for x in walk(instance)) and draft == "draft4":
                features.add("integral-float")
            line = {"draft": draft, "schema": schema, "instance": instance, "valid": valid,
                    "features": sorted(features)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def walk(value):
    yield value
    if isinstance(value, list):
        for item in value:
            yield from walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from walk(item)


if __name__ == "__main__":
    main()
