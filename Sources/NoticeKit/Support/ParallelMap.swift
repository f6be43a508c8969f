import Dispatch

extension Array where Element: Sendable {
    /// `map` spread over all cores; results keep the input order, so output never depends on
    /// scheduling. `threads == 1` runs on the calling thread (for tests and `--jobs 1`).
    func parallelMap<T: Sendable>(threads: Int = WorkerThreads.count, _ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1, threads > 1 else { return map(transform) }
        let results = UnsafeResultBuffer<T>(count: count)
        // Chunks keep scheduling overhead low for many small items.
        let chunkCount = Swift.min(count, threads * 8)
        self.withUnsafeBufferPointer { input in
            let input = UnsafeSendableBuffer(base: input)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let lower = chunk * input.base.count / chunkCount
                let upper = (chunk + 1) * input.base.count / chunkCount
                for index in lower..<upper {
                    results.store(transform(input.base[index]), at: index)
                }
            }
        }
        return results.finish()
    }
}

private struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let base: UnsafeBufferPointer<T>
}

/// Each index is written by exactly one worker and read only after all have finished.
private final class UnsafeResultBuffer<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
    }

    func store(_ value: T, at index: Int) {
        (storage + index).initialize(to: value)
    }

    func finish() -> [T] {
        let array = Array(UnsafeBufferPointer(start: storage, count: count))
        storage.deinitialize(count: count)
        storage.deallocate()
        return array
    }
}
