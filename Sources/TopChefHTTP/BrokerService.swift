import EventStore
import Logging
import ServiceLifecycle
import TopChefCore

/// Keeps the broker open while the server runs, and closes the log after the server has stopped (a
/// service group stops its services in reverse order, so this one, listed first, stops last).
struct BrokerService: Service {
    /// The broker to close.
    let broker: Broker
    /// Where to say so.
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        broker.close()
        logger.info("event log closed", metadata: ["path": "\(broker.store.path)"])
    }
}
