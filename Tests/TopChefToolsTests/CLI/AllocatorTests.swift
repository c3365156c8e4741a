import Foundation
import Testing

/// The executable allocates with jemalloc (linked in Package.swift; the measurements behind it are in
/// docs/PERFORMANCE.md). A link that let glibc's malloc win, for instance by listing jemalloc after the C
/// library, would still build and pass every other test, only slower.
@Suite(.enabled(if: TopChefProcess.executable != nil, "the topchef executable is not built beside the tests"))
struct AllocatorTests {
    @Test func theExecutableAllocatesWithJemalloc() async throws {
        // jemalloc reads MALLOC_CONF at start-up; `stats_print` makes it print its statistics at exit.
        // glibc's malloc ignores the variable.
        let outcome = try await TopChefProcess.run(["--help"], environment: ["MALLOC_CONF": "stats_print:true"])
        #expect(outcome.status == 0)
        #expect(outcome.standardError.contains("Begin jemalloc statistics"))
    }
}
