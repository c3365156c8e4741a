/// The events after a position, as they become durable: an endless `AsyncSequence` that ends only when the
/// task is cancelled or the store closes.
///
/// It pulls pages from the store rather than buffering pushed events, so a slow consumer costs no memory:
/// it just reads further behind.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    let store: any EventStore
    let start: UInt64
    let pageSize: Int
    let waitForMore: @Sendable (UInt64) async -> Bool

    /// A subscription to `store` after `start`; `waitForMore(position)` returns once events after
    /// `position` may exist, or `false` when no more will come.
    public init(
        store: any EventStore, after start: UInt64, pageSize: Int = 512,
        waitForMore: @escaping @Sendable (UInt64) async -> Bool
    ) {
        self.store = store
        self.start = start
        self.pageSize = pageSize
        self.waitForMore = waitForMore
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(subscription: self, position: start)
    }

    /// Iterates a subscription.
    public struct Iterator: AsyncIteratorProtocol {
        let subscription: EventSubscription
        var position: UInt64
        var page: [RecordedEvent] = []
        var index = 0

        public mutating func next() async throws -> RecordedEvent? {
            while index == page.count {
                if Task.isCancelled { return nil }
                page = try await subscription.store.read(from: position + 1, limit: subscription.pageSize)
                index = 0
                if page.isEmpty {
                    guard await subscription.waitForMore(position) else { return nil }
                }
            }
            defer { index += 1 }
            position = page[index].sequence
            return page[index]
        }
    }
}
