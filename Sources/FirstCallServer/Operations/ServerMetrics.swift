import Metrics
import Prometheus

/// The process-wide Prometheus registry behind swift-metrics; bootstrapped once, on first use.
public enum ServerMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// A timer reported as a Prometheus histogram (5 ms … 10 s buckets), after the bootstrap.
    static func timer(_ label: String) -> Timer {
        _ = registry
        return Timer(label: label)
    }
}
