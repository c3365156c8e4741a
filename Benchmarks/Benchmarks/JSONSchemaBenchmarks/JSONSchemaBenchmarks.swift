import Benchmark
import Foundation
import JSONSchema

/// The typical job-parameters schema and instance from shared/bench/typical-job.json, embedded so the
/// benchmark does not depend on where it runs from.
private let typicalJob = #"""
    {"schema": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
      "properties": {
        "pulse_time": {"type": "number", "minimum": 0, "maximum": 5e-05},
        "repetitions": {"type": "integer", "minimum": 1, "maximum": 100000},
        "detuning_hz": {"type": "number"},
        "axis": {"enum": ["x", "y", "z"]},
        "label": {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,31}$"},
        "calibrate": {"type": "boolean"},
        "amplitudes": {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 1}, "maxItems": 64},
        "laser": {"type": "object",
          "properties": {"power_mw": {"type": "number", "exclusiveMinimum": 0}, "wavelength_nm": {"type": "number"}},
          "required": ["power_mw"], "additionalProperties": false},
        "seed": {"type": "integer"},
        "notes": {"type": "string", "maxLength": 200}},
      "required": ["pulse_time", "repetitions", "axis", "laser"], "additionalProperties": false},
     "instance": {"pulse_time": 1e-05, "repetitions": 500, "detuning_hz": 12.5, "axis": "x", "label": "rabi_01",
      "calibrate": true, "amplitudes": [0.1, 0.2, 0.3, 0.4], "laser": {"power_mw": 2.5, "wavelength_nm": 780.2},
      "seed": 42, "notes": "run 7"}}
    """#

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 10,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )
    let document = try! JSONParser.parse(typicalJob)
    let schema = document["schema"]!
    let instance = document["instance"]!
    let compiled = try! CompiledSchema(schema)
    precondition(compiled.isValid(instance), "the typical instance must be valid")

    Benchmark("Compile typical job schema") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CompiledSchema(schema))
        }
    }

    // Throughput here is validations per second (scaled by 1,000 iterations per sample).
    Benchmark("isValid typical job", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(compiled.isValid(instance))
        }
    }

    Benchmark("validate typical job (full errors)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(compiled.validate(instance))
        }
    }

    Benchmark("Parse typical job instance", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let bytes = Array(instance.serialized())
        for _ in benchmark.scaledIterations {
            blackHole(try JSONParser.parse(bytes))
        }
    }
}
