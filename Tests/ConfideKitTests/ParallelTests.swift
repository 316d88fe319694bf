import Synchronization
import Testing
@testable import ConfideKit

@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 499, 1_000, 10_007])
    func everyItemIsTakenExactlyOnce(_ count: Int) {
        let taken = Counts(count)
        Parallel.forEachChunk(count: count, chunk: 250, minimumPerThread: 500) { range in
            for item in range { taken.add(item) }
        }
        #expect(taken.values == [Int](repeating: 1, count: count))
    }

    @Test func aBackgroundValueIsWorkedOutOnce() {
        let runs = Counts(1)
        let background = Background { () -> Int in
            runs.add(0)
            return (1...1_000).reduce(0, +)
        }
        #expect(background.value == 500_500)
        #expect(background.value == 500_500)
        #expect(runs.values == [1])
        // One never asked for is still waited for, not left running.
        _ = Background { (1...1_000).reduce(0, +) }
    }

    final class Counts: Sendable {
        let counts: Mutex<[Int]>
        init(_ count: Int) { counts = Mutex([Int](repeating: 0, count: count)) }
        func add(_ item: Int) { counts.withLock { $0[item] += 1 } }
        var values: [Int] { counts.withLock { $0 } }
    }
}
