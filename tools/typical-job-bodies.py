#!/usr/bin/env python3
"""Writes the request bodies the load scripts send, from the typical job (../shared/bench/typical-job.json).

    tools/typical-job-bodies.py TYPICAL_JOB_JSON DIRECTORY

DIRECTORY/service.json registers a service whose parameters schema is the typical job's schema;
DIRECTORY/job.json submits the typical job's instance as a job's parameters.
"""
import json
import sys

typical, directory = sys.argv[1], sys.argv[2]
doc = json.load(open(typical))
compact = (",", ":")
json.dump({"parameters": doc["instance"]}, open(f"{directory}/job.json", "w"), separators=compact)
json.dump({"name": "bench", "description": "typical job", "job_registration_schema": doc["schema"],
           "job_result_schema": {"type": "object", "properties": {"count": {"type": "integer"}}}},
          open(f"{directory}/service.json", "w"), separators=compact)
